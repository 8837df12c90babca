"""The report's chapters: the tool's registry (report/chapters.yml), a workspace's structure
(structure.yml: order, titles, chapters kept), and what is not printed: a task not carried out
(one passage instead of a chapter), a table whose numbers are all 0."""

from __future__ import annotations

import csv
import importlib
import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from sprawozdanie import structure
from sprawozdanie.build import Project, build
from sprawozdanie.errors import ReportError

from ..conftest import ROOT, TOOL

REGISTRY = structure.registry(TOOL)
PACKAGE = TOOL.parent


def _heading(notebook: str) -> str:
    nb = json.loads((TOOL / notebook).read_text(encoding="utf-8"))
    first = "".join(next(c for c in nb["cells"] if c["cell_type"] == "markdown")["source"]).split("\n")[0]
    return re.sub(r"\s*\{[^}]*\}\s*$", "", first).lstrip("# ")


@pytest.mark.parametrize("cid", sorted(REGISTRY))
def test_each_chapter_is_named_once_and_its_files_exist(cid):
    c = REGISTRY[cid]
    assert c.notebook == f"notebooks/{cid}.ipynb" and (TOOL / c.notebook).is_file()
    template = TOOL / "templates" / f"{cid}.md"
    assert template.is_file()
    assert _heading(c.notebook) == c.title_pl
    source = "".join(
        "".join(cell["source"]) for cell in json.loads((TOOL / c.notebook).read_text(encoding="utf-8"))["cells"]
    )
    if cid != "summary":  # the module of the same id computes it, and the notebook imports it
        module = importlib.import_module(f"sprawozdanie.chapters.{cid}")
        assert module.PREFIX == cid  # its values are <id>.… in the ledger
        assert f"from sprawozdanie.chapters import {cid}" in source
        assert f'chapter_text("{cid}"' in source
    # the office texts its template places, as the registry lists them, each named <id>_<part>
    assert tuple(re.findall(r'office\("([^"]+)"\)', template.read_text(encoding="utf-8"))) == c.office_texts
    assert all(name.startswith(cid + "_") for name in c.office_texts)
    # a task of the act that may have no numbers in a year says what its data then show
    assert bool(c.absent_pl) == (c.task and c.act_task)
    assert not c.absent_pl or c.absent_pl[0].islower() and not c.absent_pl.endswith(".")


def test_the_forms_of_work_are_those_art_10_ust_3_lists():
    # the passage on the other tasks names these as forms of work with a family, not as the
    # gmina's tasks: each is one by its provision in the registry
    forms = {cid for cid, c in REGISTRY.items() if c.form_of_work}
    assert forms == {"legal_help", "counselling", "psychological_help", "care_services", "support_groups"}


@pytest.mark.parametrize("kind", ["schema", "rules"])
def test_schemas_and_rules_are_named_by_their_chapter_s_id(kind):
    names = {f.name.removesuffix(".yml") for f in (PACKAGE / kind).glob("*.yml")}
    assert names and names <= set(REGISTRY)


def test_the_tool_s_names_carry_no_chapter_number():
    """One name per chapter: no file of the tool is named by Mielec's section numbers any more."""
    numbered = [
        p.relative_to(PACKAGE)
        for p in PACKAGE.rglob("*")
        if re.match(r"(ch|chapter)?\d\d_", p.name) and "__pycache__" not in p.parts
    ]
    assert numbered == []


def test_the_default_order_is_quarto_s_and_holds_every_chapter_once():
    listed = yaml.safe_load((TOOL / "_quarto.yml").read_text(encoding="utf-8"))["book"]["chapters"]
    notebooks = [c for c in listed if c.endswith(".ipynb")]
    assert sorted(notebooks) == sorted(c.notebook for c in REGISTRY.values())
    ids = [next(c.id for c in REGISTRY.values() if c.notebook == n) for n in notebooks]
    # art. 176: the programme, then work with families, which introduces the assistant, before
    # the assistants' qualifications, supporting families and daily support centres
    assert ids[:3] == ["summary", "support_programme", "family_assistance"]
    assert ids.index("family_assistance") < ids.index("assistant_training") < ids.index("daily_centres")
    assert ids.index("foster_care_families") < ids.index("foster_care_cofinancing") < ids.index("funding")
    assert ids[-2:] == ["funding", "needs"]


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "chapters:\n  - summary\n  - rodzina\n",
            "structure.yml: pozycja 2 listy chapters: nieznany rozdział 'rodzina'; "
            "identyfikatory rozdziałów: summary, ",
        ),
        ("chapters:\n  - funding\n  - funding\n", "pozycja 2 listy chapters: rozdział 'funding' jest już na liście"),
        ("chapters:\n  - {id: funding, tytul: X}\n", "pozycja 1 listy chapters: oczekiwano identyfikatora rozdziału"),
        ("chapters:\n  - {id: funding, keep: tak}\n", "pozycja 1 listy chapters: oczekiwano identyfikatora rozdziału"),
        ("rozdzialy:\n  - funding\n", "oczekiwano listy rozdziałów pod kluczem 'chapters:'"),
        ('chapters:\n  - {id: funding, title: "dwa\\nwiersze"}\n', "tytuł rozdziału 'funding' ma być jednym wierszem"),
    ],
)
def test_a_wrong_structure_is_named_with_its_item(tmp_path, content, message):
    (tmp_path / structure.FILE).write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=re.escape(message)):
        structure.read(tmp_path, TOOL)


def test_the_workspace_s_structure_orders_the_book(tmp_path):
    (tmp_path / "params").mkdir()
    project = Project(tmp_path, TOOL)
    assert project.chapters()[:3] == ["index.qmd", REGISTRY["summary"].notebook, REGISTRY["support_programme"].notebook]
    (tmp_path / structure.FILE).write_text(
        "chapters:\n  - needs\n  - {id: funding, title: Pieniądze}\n", encoding="utf-8"
    )
    assert project.chapters() == ["index.qmd", REGISTRY["needs"].notebook, REGISTRY["funding"].notebook]
    assert structure.titles(project.structure()) == {REGISTRY["funding"].notebook: "Pieniądze"}


def _write_structure(project: Project, ids_and_options: list) -> None:
    (project.root / structure.FILE).write_text(
        yaml.safe_dump({"chapters": ids_and_options}, allow_unicode=True), encoding="utf-8"
    )


def _empty(path) -> None:
    with path.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    path.write_text(",".join(header) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def reordered(tmp_path_factory):
    """Mielec's 2025 year in another order: daily support centres first, under the office's own
    title; no Za życiem payment (that table's numbers all 0); no support-group project and no
    reason given for it, no supporting family with a reason given; the passage placed first."""
    from ..conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("reordered"))
    data = project.root / "data" / "2025"
    _empty(data / "za_zyciem_payments.csv")
    agg = data / "family_assistance_aggregates.csv"
    agg.write_text(re.sub(r"(za_zyciem_applications),\d+", r"\1,0", agg.read_text(encoding="utf-8")), encoding="utf-8")
    for name in ("support_groups_projects.csv", "support_groups_figures.csv", "supporting_families_events.csv"):
        _empty(data / name)
    for path in [*(data / "teksty").glob("support_groups_*.md"), *(data / "teksty").glob("supporting_families_*.md")]:
        path.unlink()
    sf = data / "supporting_families_aggregates.csv"
    sf.write_text(re.sub(r",\d+\n", ",0\n", sf.read_text(encoding="utf-8")), encoding="utf-8")
    (data / "teksty" / "powod_supporting_families.md").write_text(
        "Żadna rodzina nie zgłosiła chęci pełnienia tej funkcji.\n", encoding="utf-8"
    )
    order = [
        "summary",
        structure.NOT_CARRIED_OUT,
        {"id": "daily_centres", "title": "Świetlice i kluby"},
        *[
            c
            for c in yaml.safe_load((project.root / structure.FILE).read_text(encoding="utf-8"))["chapters"]
            if c not in ("summary", "daily_centres")
        ],
    ]
    _write_structure(project, order)
    written = build(2025, project, say=lambda _: None, formats=("html",))
    html = written["html"].read_text(encoding="utf-8")
    return {"project": project, "soup": BeautifulSoup(html, "html.parser"), "written": written}


@pytest.mark.slow
def test_a_reordered_structure_renumbers_tables_and_their_references(reordered):
    soup = reordered["soup"]
    chapters = [" ".join(h.get_text().split()) for h in soup.find_all("h1") if h.get("data-number")]
    assert chapters[0].endswith("Pozostałe zadania") and chapters[1] == "2 Świetlice i kluby"
    # the daily support centres' table is the report's first after the headline tables, and its text says so
    headline_tables = len(soup.find("section", id="sec-najwazniejsze").find_all("table"))
    caption = soup.find(id="tbl-placowki-wsparcia-dziennego").find("figcaption") or soup.find(
        id="tbl-placowki-wsparcia-dziennego"
    ).find("caption")
    first = headline_tables + 1
    assert " ".join(caption.get_text().split()).startswith(f"Tabela nr {first}.")
    section = soup.find("section", id="sec-placowki-wsparcia-dziennego")
    assert f"w Tabeli nr {first}" in " ".join(section.get_text().replace("\xa0", " ").split())
    assert "Świetlice i kluby" in " ".join(
        soup.find("nav", id="TOC").get_text().replace("\xa0", " ").split()
    )  # the contents


def test_a_table_whose_numbers_are_all_zero_is_neither_printed_nor_cited(reordered):
    soup = reordered["soup"]
    assert soup.find(id="tbl-za-zyciem") is None
    section = " ".join(soup.find("section", id="sec-praca-z-rodzina").get_text().replace("\xa0", " ").split())
    assert "nie wypłacono jednorazowego świadczenia" in section
    assert "Tabeli nr -" not in section and "??" not in soup.get_text()
    captions = " ".join(c.get_text() for c in soup.select("figcaption, caption")).replace("\xa0", " ")
    numbers = [int(m) for m in re.findall(r"Tabela nr\s*(\d+)\.", captions)]
    assert numbers == list(range(1, len(numbers) + 1))  # no gap where the table was


def test_tasks_not_carried_out_are_named_once_with_the_office_s_reason(reordered):
    soup = reordered["soup"]
    assert soup.find("section", id="sec-grupy-wsparcia") is None
    assert soup.find("section", id="sec-rodziny-wspierajace") is None
    passage = " ".join(soup.find("section", id="sec-zadania-niezrealizowane").get_text().replace("\xa0", " ").split())
    # a form of work of art. 10 ust. 3 (support groups) and a task of art. 176 (supporting families),
    # each by what its data show, never as a task the gmina failed
    assert (
        "W 2025 r. w Gminie Miejskiej Mielec w zakresie zadań i form pracy z rodziną określonych w ustawie" in passage
    )
    assert (
        "nie zorganizowano dla rodzin grup wsparcia ani grup samopomocowych (art. 10 ust. 3 pkt 5 ustawy);" in passage
    )
    assert "nie działała żadna rodzina wspierająca (art. 176 pkt 3 lit. b ustawy)." in passage
    assert "nie realizowano" not in passage
    assert (
        "Organizowanie szkoleń i tworzenie warunków do działania rodzin wspierających – wyjaśnienie ośrodka: "
        "Żadna rodzina nie zgłosiła chęci" in passage
    )
    assert "„grupami samopomocowymi” – wyjaśnienie" not in passage  # no reason written: none printed
    # their numbers stay in the ledger (all 0), for the auditor
    values = reordered["written"]["values"].read_text(encoding="utf-8")
    assert "support_groups." in values and "supporting_families." in values


GROUPS = {
    "id": "support_groups",
    "title": "organizowanie dla rodzin spotkań",
    "basis": "art. 10 ust. 3 pkt 5",
    "act_task": True,
    "form": True,
    "absent": "nie zorganizowano dla rodzin spotkań",
}
CARE = {
    "id": "care_services",
    "title": "świadczenie usług opiekuńczych",
    "basis": "art. 10 ust. 3 pkt 3",
    "act_task": True,
    "form": True,
    "absent": "nie wpłynął żaden wniosek",
}
CENTRES = {
    "id": "daily_centres",
    "title": "prowadzenie placówek",
    "basis": "art. 176 pkt 3 lit. c",
    "act_task": True,
    "form": False,
    "absent": "nie działała żadna placówka",
}
FAMILIES = {
    "id": "supporting_families",
    "title": "organizowanie szkoleń",
    "basis": "art. 176 pkt 3 lit. b",
    "act_task": True,
    "form": False,
    "absent": "nie działała żadna rodzina wspierająca",
}


PERSONAL = {
    "id": "personal_assistance",
    "title": "asystencja osobista",
    "basis": "",
    "act_task": False,
    "form": False,
    "absent": "",
}


@pytest.mark.parametrize(
    "tasks, named",
    [
        (
            [GROUPS],
            "Gminie Miejskiej Mielec nie zorganizowano dla rodzin spotkań (art. 10 ust. 3 pkt 5 ustawy o wspieraniu",
        ),
        (
            [CENTRES, PERSONAL],
            "Gminie Miejskiej Mielec nie działała żadna placówka (art. 176 pkt 3 lit. c ustawy o wspieraniu",
        ),
        ([CARE, GROUPS], "w zakresie form pracy z rodziną określonych w ustawie o wspieraniu"),
        ([FAMILIES, CENTRES], "w zakresie zadań określonych w ustawie o wspieraniu"),
        (
            [CARE, GROUPS, FAMILIES, CENTRES],
            "w zakresie zadań i form pracy z rodziną określonych w ustawie o wspieraniu",
        ),
    ],
)
def test_the_passage_names_forms_of_work_apart_from_the_gmina_s_tasks(tasks, named):
    # art. 10 ust. 3 lists forms of work with a family; art. 176 the gmina's own tasks; each is
    # named by what its data show, a programme under another act not at all without a reason
    from sprawozdanie.render.appendix import passage_markdown

    markdown = passage_markdown(ROOT / "params" / "2025.yml", 2025, ROOT / "data" / "2025", tasks, "Zadania")
    text = " ".join(markdown.replace("\\", "").split())  # as printed: without Markdown's escapes
    assert named in text
    assert all(f"{t['absent']} ({t['basis']} ustawy" in text for t in tasks if t["act_task"])
    assert "asystencja osobista" not in text and "nie realizowano" not in text


def test_a_chapter_kept_by_the_structure_is_printed_with_its_zeros(reordered):
    # Mielec's structure keeps chapter 13 (no application for care services in 2025)
    assert reordered["soup"].find("section", id="sec-uslugi-opiekuncze") is not None


# --- a chapter of the office's own, declared without code ------------------------------------

OWN = {
    "own": "karta_duzej_rodziny",
    "title": "Karta Dużej Rodziny",
    "table": {
        "file": "karta_duzej_rodziny.csv",
        "caption": "Karty wydane w roku",
        "columns": [
            {"name": "dzialanie", "header": "Działanie", "type": "text"},
            {"name": "rodziny", "header": "Rodziny", "type": "count", "total": True},
            {"name": "koszt", "header": "Koszt", "type": "money", "total": True},
        ],
    },
}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"own": "Karta"}, "'own' to identyfikator rozdziału własnego"),
        ({"own": "funding"}, "inny niż identyfikatory pozostałych rozdziałów (podano 'funding')"),
        ({"own": "family_assistance"}, "(podano 'family_assistance')"),  # a ledger prefix of the tool's chapters
        ({"title": ""}, "tytuł rozdziału (title) ma być jednym wierszem"),
        ({"kolor": "x"}, "nieznane pola kolor"),
        (
            {"table": {**OWN["table"], "columns": [{"name": "dzialanie", "header": "D", "type": "liczba"}]}},
            "kolumna 1: 'type' to text, count albo money, podano 'liczba'",
        ),
        (
            {
                "table": {
                    **OWN["table"],
                    "columns": [{"name": "dzialanie", "header": "D", "type": "text", "total": True}],
                }
            },
            "kolumna 1: 'total: true' tylko dla kolumny count albo money",
        ),
        ({"table": {**OWN["table"], "file": "../params/2025.yml"}}, "table.file to nazwa pliku CSV"),
    ],
)
def test_a_wrong_own_chapter_is_named_with_its_field(tmp_path, change, message):
    (tmp_path / structure.FILE).write_text(
        yaml.safe_dump({"chapters": ["summary", {**OWN, **change}]}, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(ReportError, match=re.escape(message)):
        structure.read(tmp_path, TOOL)


@pytest.mark.parametrize(
    "csv_text, messages",
    [
        (
            'dzialanie,rodziny,koszt\nWydanie,dwanaście,10\n,3,"1 234,567"\n',
            [
                "karta_duzej_rodziny.csv, wiersz 2, kolumna 'rodziny': znaleziono 'dwanaście', oczekiwano: liczba całkowita",
                "wiersz 3, kolumna 'dzialanie': oczekiwano: tekst (komórka nie może być pusta)",
                "wiersz 3, kolumna 'koszt': znaleziono '1 234,567', oczekiwano: kwota w zł",
            ],
        ),
        (
            "dzialanie;rodziny\nWydanie;12\n",
            [
                "kolumna 'koszt': oczekiwano: kolumna obecna w nagłówku – kolumny "
                "zadeklarowane dla tej tabeli w structure.yml: dzialanie, rodziny, koszt"
            ],
        ),
        (
            "dzialanie,rodziny,koszt\nWydanie,12,10\nRazem,12,10\n",
            ["karta_duzej_rodziny.csv, wiersz 3: oczekiwano: wiersze danych bez wiersza sumy"],
        ),
    ],
)
def test_an_own_chapter_s_table_is_checked_like_every_input(tmp_path, csv_text, messages):
    from sprawozdanie import own_chapter
    from sprawozdanie.errors import InputError

    (tmp_path / "params").mkdir()
    (tmp_path / structure.FILE).write_text(yaml.safe_dump({"chapters": [OWN]}, allow_unicode=True), encoding="utf-8")
    (tmp_path / "karta_duzej_rodziny.csv").write_text(csv_text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        own_chapter.check_tables(tmp_path, tmp_path)
    for message in messages:
        assert message in str(caught.value)


@pytest.fixture(scope="module")
def own_built(tmp_path_factory):
    from ..conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("own"))
    chapters = yaml.safe_load((project.root / structure.FILE).read_text(encoding="utf-8"))["chapters"]
    _write_structure(project, chapters[:2] + [OWN] + chapters[2:])  # after the summary and chapter 1
    data = project.root / "data" / "2025"
    (data / "karta_duzej_rodziny.csv").write_text(
        "dzialanie;rodziny;koszt\nWydanie kart;12;1 234,50\nPrzedłużenie kart;5;300\n", encoding="utf-8"
    )
    (data / "teksty" / "karta_duzej_rodziny.md").write_text(
        "Ośrodek wydaje Kartę mieszkańcom gminy.\n", encoding="utf-8"
    )
    return project, build(2025, project, say=lambda _: None)


@pytest.mark.slow
def test_an_own_chapter_is_numbered_tabled_and_recorded_in_every_format(own_built):
    import docx

    project, written = own_built
    soup = BeautifulSoup(written["html"].read_text(encoding="utf-8"), "html.parser")
    section = soup.find("section", id="sec-own-karta-duzej-rodziny")  # ids apart from the tool's
    text = " ".join(section.get_text(" ").replace("\xa0", " ").split())
    # chapter 2 of the report, its table numbered after every table before it (the headline
    # tables and chapter 1's), cited by that number
    number = len(section.find_all_previous("table")) + 1
    assert number >= 5
    assert text.startswith(
        f"2 Karta Dużej Rodziny Ośrodek wydaje Kartę mieszkańcom gminy. Dane zestawiono w Tabeli nr {number}"
    )
    assert f"Tabela nr {number}. Karty wydane w roku" in text
    assert "Wydanie kart 12 1 234,50 Przedłużenie kart 5 300,00 Razem 17 1 534,50" in text
    values = {r["id"]: r for r in csv.DictReader(written["values"].open(encoding="utf-8"))}
    assert values["karta_duzej_rodziny.rodziny_total"]["value"] == "17"
    assert (values["karta_duzej_rodziny.koszt.01"]["value"], values["karta_duzej_rodziny.koszt.01"]["unit"]) == (
        "1234.50",
        "zł",
    )  # exact, in złoty for a person reading values.csv
    assert values["karta_duzej_rodziny.koszt.01"]["inputs"] == "karta_duzej_rodziny.csv: wiersz 2, kolumna koszt"
    checks = {r["rule"]: r["verdict"] for r in csv.DictReader(written["checks"].open(encoding="utf-8"))}
    assert checks["karta_duzej_rodziny.koszt_total"] == checks["karta_duzej_rodziny.rodziny_total"] == "ok"
    annex = written["annex"].read_text(encoding="utf-8").replace("<wbr>", "")  # a code name's break points
    assert "karta_duzej_rodziny.koszt_total" in annex and "karta_duzej_rodziny.csv" in annex  # value and file
    provenance = json.loads(written["provenance"].read_text(encoding="utf-8"))
    assert any(f.endswith("karta_duzej_rodziny.csv") for f in provenance["inputs"])
    from pypdf import PdfReader

    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(written["pdf"]).pages).split())
    assert "2. Karta Dużej Rodziny" in pdf and f"Tabela nr {number}. Karty wydane w roku" in pdf
    doc = docx.Document(str(written["docx"]))
    assert any(p.text.strip().endswith("Karta Dużej Rodziny") for p in doc.paragraphs if p.style.name == "Heading 1")
    assert any("Wydanie kart" in cell.text for t in doc.tables for row in t.rows for cell in row.cells)


@pytest.mark.slow
def test_an_own_chapter_s_changed_table_rebuilds_it(own_built):
    project, _ = own_built
    path = project.root / "data" / "2025" / "karta_duzej_rodziny.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(";5;", ";6;"), encoding="utf-8")
    lines = []
    written = build(2025, project, say=lines.append, formats=("html",))
    assert any("notatnik own/karta_duzej_rodziny.ipynb" in line for line in lines)
    assert "Razem 18" in " ".join(
        BeautifulSoup(written["html"].read_text(encoding="utf-8"), "html.parser")
        .get_text(" ")
        .replace("\xa0", " ")
        .split()
    )


@pytest.mark.slow
def test_office_texts_under_their_former_names_are_renamed_by_new_year_and_named_by_validate(project, capsys):
    """Office texts were named by the chapter's number in Mielec's report (01_zespol.md); now by
    its id (family_assistance_zespol.md). A workspace from before is told what to rename, and
    new-year copies them under their names now."""
    from sprawozdanie import cli
    from sprawozdanie.newyear import new_year

    texts = project.root / "data" / "2025" / "teksty"
    (texts / "family_assistance_zespol.md").rename(texts / "01_zespol.md")
    (texts / "needs_zasady_pracy.md").rename(texts / "22_zasady_pracy.md")
    assert cli.main(["--workspace", str(project.root), "validate", "2025"]) == 1
    err = capsys.readouterr().err
    assert "zmień nazwy plików:" in err
    assert "data/2025/teksty/01_zespol.md → family_assistance_zespol.md" in err
    assert "data/2025/teksty/22_zasady_pracy.md → needs_zasady_pracy.md" in err
    new_year(project.root, 2026)
    copied = {p.name for p in (project.root / "data" / "2026" / "teksty").iterdir()}
    assert {"family_assistance_zespol.md", "needs_zasady_pracy.md"} <= copied and "01_zespol.md" not in copied


def test_an_own_chapter_is_previewed_by_its_id(own_built):
    from sprawozdanie.preview import preview

    project, _ = own_built
    text = preview(2025, "karta_duzej_rodziny", project.root)
    assert "Ośrodek wydaje Kartę mieszkańcom gminy." in text and "| Wydanie kart |" in text
    with pytest.raises(ReportError, match="'rodzina' nie jest rozdziałem raportu; rozdziały: summary, "):
        preview(2025, "rodzina", project.root)


@pytest.mark.parametrize(
    "file, old, new",
    [
        ("checks.yml", "family_assistance.contacts_total", "ch01.contacts_total"),
        ("known_disagreements.yml", "[family_assistance.families]", "[ch01.families]"),
        ("programme_indicators.csv", ",,families", ",ch01.families,families"),
    ],
)
@pytest.mark.slow
def test_values_named_by_former_chapter_numbers_are_named_with_their_names_now(project, capsys, file, old, new):
    """Values were named by the chapter's number in Mielec's report (ch01.families); now by its
    id. An office file naming them the old way is told each new name, not left to match nothing."""
    from sprawozdanie import cli

    path = project.root / "data" / "2025" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for command in ("validate", "check"):  # told before any computation
        assert cli.main(["--workspace", str(project.root), command, "2025"]) == 1
        err = capsys.readouterr().err
        assert f"{file}" in err and "zamiast jego numeru; zmień je:" in err
        assert (
            f"  - {new.strip('[],').removesuffix(',families')} → "
            f"family_assistance.{new.split('.')[1].strip('[],').removesuffix(',families')}"
        ) in err


def test_an_own_table_s_numbers_name_the_rows_the_office_sees(tmp_path):
    """Blank lines (above the header, between rows) keep each row's spreadsheet number, and a
    "|" in a cell prints as written (escaped once, so no number is pushed out of its column)."""
    from sprawozdanie import own_chapter

    spec = own_chapter.parse(
        {
            **OWN,
            "table": {
                **OWN["table"],
                "columns": [
                    {"name": "dzialanie", "header": "Działanie | etap", "type": "text"},
                    {"name": "rodziny", "header": "Rodziny", "type": "count", "total": True},
                ],
            },
        },
        "structure.yml",
        set(),
    )
    (tmp_path / "karta_duzej_rodziny.csv").write_text(
        "\ndzialanie,rodziny\nWydanie | I,12\n\nPrzedłużenie,5\n", encoding="utf-8"
    )
    assert [r["_row"] for r in own_chapter.read_rows(tmp_path / "karta_duzej_rodziny.csv", spec)] == [3, 5]
    ch = own_chapter.Chapter(
        None, spec.text, spec.label, spec.columns, [[("text", "Wydanie | I"), ("value", "x.01")]], {"rodziny": "x.t"}
    )
    table = ch.table(lambda key, unit=True: f"[{key}]")
    assert table.split("\n")[0].count(" | ") == 1 and table.split("\n")[2].count(" | ") == 1


def test_an_own_chapter_without_a_table_needs_its_text(tmp_path):
    from sprawozdanie import own_chapter
    from sprawozdanie.errors import InputError

    (tmp_path / structure.FILE).write_text(
        yaml.safe_dump({"chapters": [{"own": "festyn", "title": "Festyn"}]}, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"teksty/festyn\.md: oczekiwano: tekst rozdziału własnego „Festyn”"):
        own_chapter.check_tables(tmp_path, tmp_path)


@pytest.mark.slow
def test_a_retitled_chapter_s_report_is_not_rebuilt_when_nothing_changed(project):
    """The office's title is put into the executed notebook; the next build's shortcut compares
    the cached notebooks with the sources' headings, so the stored key must be made the same way."""
    (project.root / "data" / "2025" / "known_disagreements.yml").unlink()  # (they cite other chapters)
    _write_structure(project, [{"id": "family_assistance", "title": "Asysta rodzinna gminy"}])
    first = build(2025, project, say=lambda _: None, formats=("html",))
    assert "Asysta rodzinna gminy" in first["html"].read_text(encoding="utf-8")
    lines: list[str] = []
    build(2025, project, say=lines.append, formats=("html",))
    # the chapters of the tool its structure leaves out are named, then nothing is done again
    assert lines[0].startswith("      uwaga: structure.yml nie wymienia rozdziałów: Pomoc prawna")
    assert lines[1].startswith("Bez zmian"), lines[:3]
