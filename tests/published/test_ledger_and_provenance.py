"""Every published number is in the values ledger; provenance and rebuilds are exact."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import nbformat
import pypdf
import pytest
from bs4 import BeautifulSoup

from sprawozdanie import structure
from sprawozdanie.build import build
from sprawozdanie.present import fmt

MONTHS = "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia"
# The only kinds of number allowed in the report's text without a ledger id: they are not results.
NOT_RESULTS = [
    (r"\b(?:Tabel|Wykres)\w* nr\s\d+(?:\s*–\s*\d+)?\b", "numer tabeli lub wykresu (także zakres: Tabelach nr 14–18)"),
    (rf"\bod\s\d{{1,2}}\sdo\s\d{{1,2}}\s(?:{MONTHS})", "okres w jednym miesiącu (od 1 do 10 sierpnia)"),
    (rf"\b\d{{1,2}}\s(?:{MONTHS})(?:\s\d{{4}})?", "data"),
    (r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", "data"),
    (r"\bDz\.\s?U\.\s(?:z\s\d{4}\sr\.\s)?poz\.\s\d+", "pozycja aktu w Dzienniku Ustaw"),
    (
        r"\b[Aa]rt\.\s\d+[a-z]?(?:\sust\.\s\d+(?:\si\s\d+\b)?)?(?:\spkt\s\d+(?:\si\s\d+\b)?)?",
        "artykuł ustawy (także na początku zdania)",
    ),
    (r"\b(?:ust|pkt)\.?\s\d+(?:\si\s\d+\b)?", "ustęp lub punkt artykułu (także dwa: „ust. 1 i 5”)"),
    (r"\b\d+\.\sroku życia", "wiek określony w ustawie"),
    (r"(?i)\bw wys\.\s[\d.]+\s?zł", "kwota w nazwie wskaźnika programu, cytowanej z uchwały"),
    (r"\bnr\s[IVXLC]+/\d+/\d+", "numer uchwały"),
    (r"(?i)\bnr\s\d+\b", "numer w nazwie placówki (Szkoła Podstawowa nr 1)"),
    (r"\b\d{2}-\d{3}\b", "kod pocztowy"),
    (r"(?i)\btel\.?:?\s*(?:\d[\d -]{6,}\d)", "telefon"),
    (r"\b\d{2,3}[ -]\d{3}[ -]\d{2,3}(?:[ -]\d{2})?\b", "telefon"),
    (r"(?i)\b(?:ul|al|pl|os)\.\s[^\d,;|]{2,60}?\s\d+[a-z]?(?:/\d+[a-z]?)?", "adres"),
    (r"\b\d{1,2}[:.]\d{2}\b", "godzina"),
    (r"\b(?:19|20)\d\d\b", "rok"),
    (r"\b[Cc]el operacyjny\s\d+\b", "numer celu operacyjnego programu"),
    (r"\b\d{1,2}\.\d{1,2}\.?(?=\s)", "numer zadania programu"),
    (r"\b\d\+", "nazwa karty lub programu (3+)"),
    (r"\b3-letni", "„3-letnie gminne programy” z art. 176 ustawy"),
    (r"\b(?:do|powyżej)\s\d+(?:\sdo\s\d+)?\s(?:miesięcy|miesiące|roku|lat)", "granice przedziału"),
]


@pytest.fixture(scope="module")
def soup(built_2025):
    return BeautifulSoup(built_2025["html"].read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def ledger(built_2025):
    return {r["id"]: r for r in csv.DictReader(built_2025["values"].open(encoding="utf-8"))}


def test_values_json_matches_csv(built_2025, ledger):
    """The same rows; values.csv, read by people, gives money in złoty, values.json in grosze."""
    from decimal import Decimal

    rows = {r["id"]: r for r in json.loads((built_2025["values"].with_name("values.json")).read_text(encoding="utf-8"))}
    assert rows.keys() == ledger.keys()
    money = [k for k, r in rows.items() if r["unit"] in ("gr", "Δ gr")]
    assert money and all(ledger[k]["unit"] in ("zł", "Δ zł") for k in money)
    assert all(Decimal(ledger[k]["value"]) * 100 == Decimal(rows[k]["value"]) for k in money)
    assert all(re.fullmatch(r"-?\d+\.\d\d", ledger[k]["value"]) for k in money)
    # values.json also names each value's input rows (rows, rows_total), values.csv does not
    keyed = {k: {f: v for f, v in r.items() if f not in ("rows", "rows_total")} for k, r in rows.items()}
    assert all(keyed[k] == ledger[k] for k in rows if k not in money)


def test_every_tagged_number_is_in_the_ledger_as_shown(soup, ledger):
    spans = soup.find_all("span", class_="val")
    assert spans
    for s in spans:
        if s["data-id"].startswith("ctl."):  # counts of the ledger itself ("Kontrola obliczeń")
            continue
        entry = ledger.get(s["data-id"])
        assert entry, f"{s['data-id']} is not in values.csv"
        text = s.get_text().replace("\u00a0", " ")
        # a table's column groups four digits too where it holds larger numbers (fmt.group_table_digits)
        shown = (entry["shown"], entry["shown"].removesuffix(" zł"))
        cell = re.sub(r"^([+−-]?\d) (\d{3})(?! ?\d)", r"\1\2", text) if s.find_parent("td") else text
        assert text in shown or cell in shown, (s["data-id"], text, entry["shown"])


def test_a_number_s_description_names_no_id(soup, ledger):
    """The reader's tooltip says what a number is in words; the annex lists it under the same
    label. No ledger id (family_assistance.families) reaches the reader."""
    titles = [s.get("title", "") for s in soup.find_all("span", class_="val")]
    assert titles and all(t for t in titles)
    leaked = [t for t in titles if any(vid in t for vid in ledger)]
    assert leaked == []


def test_every_ledger_value_is_published_somewhere(soup, ledger):
    tagged = {s["data-id"] for s in soup.find_all("span", class_="val")}
    internal = {
        "family_assistance.cases",
        "family_assistance.ended_refusal",  # inputs of checks, shown in the appendix only
        # the office's own totals, which differ from its list: a difference for the office to
        # explain, named in "Kontrola obliczeń"; the chapter prints the list's sums
        "daily_centres.stated_centres",
        "daily_centres.stated_children",
        # participants of unlike projects (workshops, a fair) added up: an input of the checks only
        "support_groups.participants_total",
        # the children in both rows of care, when they are the children moved: the note names
        # them once, as "je" after the number moved (templates/foster_care_cofinancing.md)
        "foster_care_cofinancing.prior.children_in_both_types",
        "foster_care_cofinancing.children_in_both_types",
        # the children of those families: "z 1 rodziną dziecka, …", the number in words
        "foster_care_families.assistant_children_in_care",
        # of a reconstructed register the chapter says nothing of the families in both groups:
        # the published figures' excess is a difference of "Kontrola obliczeń" (nr 9)
        "family_assistance.families_restarted",
    }
    # A zero may be told in words ("nie złożono żadnego wniosku") or its clause left out.
    shown_as_number = {k for k, r in ledger.items() if r["value"] != "0"}
    missing = shown_as_number - tagged - internal
    assert not missing, f"values in the ledger but not in the report: {sorted(missing)}"


def test_no_number_in_the_report_outside_the_ledger(soup):
    body = BeautifulSoup(str(soup.body), "html.parser")
    # The office's own texts (data/<year>/teksty/) may state numbers of its practice ("przez
    # 6 miesięcy"); they are marked as the office's words, not results of the report.
    for el in body.select(
        "nav#TOC, section#sec-kontrola, header, span.header-section-number, span.val, div.tekst-osrodka"
    ):
        el.decompose()
    for img in body.find_all("img"):
        img.decompose()
    for table in body.find_all("table"):  # the row numbers of a "Lp." column (Tables 5 and 7)
        heads = [th.get_text(strip=True) for th in table.select("thead th")]
        if "Lp." in heads:
            for row in table.select("tbody tr"):
                row.find_all("td")[heads.index("Lp.")].decompose()
    text = " ".join(body.get_text(" ").replace("\u00a0", " ").replace("\u2060", "").split())  # word joiners
    for pattern, _kind in NOT_RESULTS:
        text = re.sub(pattern, " ", text)
    stray = [text[max(0, m.start() - 40) : m.end() + 40] for m in re.finditer(r"\d+", text)]
    assert not stray, "numbers without a ledger id:\n" + "\n".join(stray)


def test_the_scan_would_catch_an_untagged_number():
    text = (
        "Asystenci odbyli 150 spotkań w 2025 r. (od 1 do 10 sierpnia), zgodnie z art. 179 ust. 1. Punkt przy ul. Reja 1, "
        "39-300 Mielec, tel. 17 780 04 70, czynny 8:00 – 13:00 (art. 176 pkt 1), dla dzieci do 16. roku życia. "
        "Art. 15 ust. 1 ustawy (Dz. U. z 2025 r. poz. 49 z późn. zm.), art. 24 ust. 1 i 5 ustawy, art. 15 ust. 1 pkt 12 i 19."
    )
    for pattern, _kind in NOT_RESULTS:
        text = re.sub(pattern, " ", text)
    assert re.findall(r"\d+", text) == ["150"]


def test_provenance_hashes_are_the_inputs(built_2025):
    prov = json.loads(built_2025["provenance"].read_text(encoding="utf-8"))
    root = built_2025["project"].root
    from sprawozdanie.schema import registry

    root2024 = root / "data" / "2024"
    prior = [t for t in registry().tables.values() if (root2024 / t.file).is_file()]
    texts = sorted((root / "data" / "2025" / "teksty").glob("*.md"))
    templates = [
        built_2025["project"].tool / "templates" / f"{cid}.md" for cid in structure.registry(built_2025["project"].tool)
    ]
    # every table, known_disagreements.yml, checks.yml, the prior year's files that exist,
    # the office's texts, whose data each year folder holds, the chapters (structure.yml) and
    # which inputs are reconstructions (reconstructed.yml, in both years' folders)
    assert texts and templates
    assert len(prov["inputs"]) == len(registry().tables) + 2 + len(prior) + len(texts) + 2 + 1 + 2
    assert {"data/2025/reconstructed.yml", "data/2024/reconstructed.yml"} <= set(prov["inputs"])
    assert {"data/2025/gmina.yml", "data/2024/gmina.yml"} <= set(prov["inputs"]) and prov["texts_for_review"] == []
    assert "structure.yml" in prov["inputs"]
    assert "data/2025/checks.yml" in prov["inputs"]
    for name, digest in prov["inputs"].items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest
    # the tool's files: every chapter template, the two the build fills, the lexicon, the
    # notebooks, _quarto.yml, and the package's rules and schema
    tool = prov["tool"]["files"]
    folder = Path(prov["tool"]["report_folder"])
    assert {f"{folder.name}/templates/{t.name}" for t in templates} <= set(tool)
    assert {
        f"{folder.name}/templates/aneks.md",
        f"{folder.name}/templates/lexicon.yml",
        f"{folder.name}/notebooks/family_assistance.ipynb",
        "rules/family_assistance.yml",
    } <= set(tool)
    for name, digest in tool.items():
        base = folder.parent if name.startswith(folder.name + "/") else Path(prov["tool"]["package_folder"])
        assert hashlib.sha256((base / name).read_bytes()).hexdigest() == digest
    assert prov["params"]["file"] == "params/2025.yml"
    assert {"python", "pandas", "papermill", "typst"} <= set(prov["software"])
    assert prov["renderer"] and prov["built_at"]


def test_the_councils_check_is_short_plain_polish_and_points_to_the_annex(soup, built_2025, ledger):
    section = soup.find("section", id="sec-kontrola")
    assert section is not None
    text = " ".join(section.get_text(" ").replace("\u00a0", " ").split())
    checks = list(csv.DictReader(built_2025["checks"].open(encoding="utf-8")))
    # the numbers the chapters print (each distinct ledger id of a value span before this part)
    printed = {s["data-id"] for s in soup.select("span.val[data-id]") if not s["data-id"].startswith("ctl.")}
    assert printed and len(printed) < len(ledger)
    assert (
        f"W sprawozdaniu podano {fmt.count(len(printed), 'liczbę', 'liczby', 'liczb')} z danych źródłowych i przepisów".replace(
            "\u00a0", " "
        )
        in text
    )
    said = "Przewidziano " + fmt.count(len(checks), "sprawdzenie", "sprawdzenia", "sprawdzeń") + ":"
    assert said.replace("\u00a0", " ") in text
    warnings = [c for c in checks if c["verdict"] == "warning"]
    assert f"sprawdzenia, w których stwierdzono różnice (wymienione poniżej) – {len(warnings)}" in text
    # each warning with the office's explanation (Mielec's published report gives none), or
    # marked as still to be explained
    # and each disagreement recorded in the data that no rule concerns and the office did not
    # explain (Mielec's 46 families against 22 + 25), said to be one of them
    from sprawozdanie import disagreements

    known = disagreements.load(built_2025["project"].root / "data" / "2025")
    concerned = {i for c in warnings for i in (c["left"] + " " + c["right"]).split()}
    unexplained = [d for d in known if not d.resolution_pl]
    recorded = [d for d in unexplained if not {i for v in d.values for i in v.ledger} & concerned]
    assert recorded  # (Mielec has one: the test checks what it means)
    items = text.split("Różnice do wyjaśnienia", 1)[1]
    assert "Różnice te należy wyjaśnić przed złożeniem sprawozdania." in items
    assert items.count("Różnica nr ") == len(warnings) + len(recorded)
    assert (
        f"Ponadto jako różnicę nr {len(warnings) + 1} wymieniono rozbieżność wskazaną w danych źródłowych ośrodka"
        in text
    )
    assert "Wyjaśnienie ośrodka:" not in text
    # no ledger ids, column names, file names or hashes, no published version: those are the annex's
    assert not re.search(r"\b[a-z]+_[a-z_]+\.[a-z]|_id\b|\btrue\b|\bfalse\b|SHA-256|\.csv|\.html|opublikowan", text), (
        text
    )
    assert "aneksie do sprawozdania" in text
    pdf_pages = [p for p in pypdf.PdfReader(built_2025["pdf"]).pages]
    first = next(
        i
        for i, p in enumerate(pdf_pages)
        if "Kontrola obliczeń\n" in (p.extract_text() or "") and "Spis treści" not in (p.extract_text() or "")
    )
    assert len(pdf_pages) - first <= 2, "the council's part is at most two pages"


def test_the_annex_is_a_document_of_its_own_with_the_whole_ledger(built_2025, ledger):
    annex = built_2025["annex"]
    soup = BeautifulSoup(annex.read_text(encoding="utf-8"), "html.parser")
    # a code name breaks at a <wbr>, which a copy does not carry: copied, it is found in values.csv
    assert "\u200b" not in soup.get_text() and len(soup.find_all("wbr")) > 100
    for wbr in soup.find_all("wbr"):
        wbr.decompose()
    soup.smooth()  # the name's pieces one text again, as a reader's copy has them
    text = " ".join(soup.get_text(" ").replace("\u00a0", " ").split())
    assert "Rozbieżności w danych źródłowych" in text and "opublikowanym sprawozdaniu {" not in text
    # a disagreement names every difference of the report on its values: the indicators that
    # compare the same 112 and 122 too, not only the rules on its own numbers
    centres = text.split("Placówki wsparcia dziennego. W zestawieniu zbiorczym", 1)[1].split("Do wyjaśnienia")[0]
    council = " ".join(
        BeautifulSoup(built_2025["html"].read_text(encoding="utf-8"), "html.parser").get_text(" ").split()
    )
    same = re.search(r"W różnicach nr ([\d, i]+) porównano te same wartości \(112 wobec 122\)", council)
    cited = re.search(r"W sprawozdaniu: różnice nr ([\d, i]+)\.", centres)
    assert same and cited and set(re.findall(r"\d+", same[1])) <= set(re.findall(r"\d+", cited[1]))
    assert "SHA-256" in text and "family_assistance_cases.csv" in text
    for vid in ledger:
        assert vid in text, vid
    assert "930 518,87 zł" in text.replace("\u00a0", " ")  # money in złoty, as in the report
    # each value the report does not print is marked, so the council's count can be checked
    report = BeautifulSoup(built_2025["html"].read_text(encoding="utf-8"), "html.parser")
    printed = {s["data-id"] for s in report.select("span.val[data-id]")}
    assert text.count("(liczby tej nie podano w sprawozdaniu cyframi)") == len(set(ledger) - printed) > 0
    # and the register's introduction says how many it holds and how many the report gives
    shown = fmt.count(len(set(ledger) & printed), "liczbę", "liczby", "liczb").replace("\u00a0", " ")
    assert f"Sprawozdanie podaje cyframi {len(set(ledger) & printed)} z nich" in text, shown
    # a yes/no value as its file holds it, with its meaning
    assert "= true (tak)" in text and not re.search(r"= (true|false)\b(?! \((tak|nie)\))", text)
    # the places where a count of 1–2 people meets a detail are the office's to review: in no
    # published document (the annex, the report in any format), but in a file beside the output
    assert "Małe liczby" not in text and "do przejrzenia" not in text
    review = built_2025["review"]
    assert review.parent == built_2025["html"].parent.parent  # beside output/2025/, not in it
    listed = review.read_text(encoding="utf-8")
    assert "tylko dla ośrodka" in listed and "z 1 rodziny" in listed
    assert any("przeczytaj" in line and review.name in line for line in built_2025["progress"])
    for published in (built_2025["html"], built_2025["annex"]):
        assert "Małe liczby o osobach" not in published.read_text(encoding="utf-8")
    assert built_2025["annex_pdf"].read_bytes().startswith(b"%PDF")
    # the inputs that are reconstructions, as data/2025 and data/2024 declare them, with how made
    made = text.split("Dane odtworzone")[-1].split("Rejestr liczb")[0]  # the section, not the contents
    assert "family_assistance_cases.csv (dane za 2025 r.): rejestr syntetyczny" in made
    assert "foster_care_placements.csv (dane za 2024 r.)" in made
    # every input numbers come from, with its hash; the office's texts (words) counted, their
    # hashes in provenance.json, so that rewording one leaves the annex as it was
    prov = json.loads(built_2025["provenance"].read_text(encoding="utf-8"))
    texts = [f for f in prov["inputs"] if "/teksty/" in f]
    flat = text.replace(" ", "")
    assert texts and all(Path(f).name not in text for f in texts)
    assert all(digest in flat for f, digest in prov["inputs"].items() if f not in texts)
    assert f"tekstów ośrodka z folderu teksty/ (liczba plików: {len(texts)})" in text


def _outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [
        [{k: v for k, v in o.items() if k != "execution_count"} for o in c.get("outputs", [])]
        for c in nb.cells
        if c.cell_type == "code"
    ]


def test_rebuild_is_byte_identical(built_2025, tmp_path):
    first = {name: built_2025["values"].with_name(name).read_bytes() for name in ("values.csv", "checks.csv")}
    nb_first = _outputs(built_2025["notebooks"] / "family_assistance.ipynb")
    written = build(2025, built_2025["project"], say=lambda _: None, fresh=True)  # everything again
    for name, content in first.items():
        assert written["values"].with_name(name).read_bytes() == content, name
    assert _outputs(written["notebooks"] / "family_assistance.ipynb") == nb_first


def test_list_items_keep_their_paragraphs_past_the_ninth(soup):
    """An item numbered 10 or more starts its text a column later: its paragraphs stay in it
    (indented under "10.", not printed after the list without indentation)."""
    dated = [p for p in soup.find_all("p") if p.get_text().startswith("Termin realizacji")]
    long_lists = [
        ol
        for ol in soup.find_all("ol")
        if len(ol.find_all("li", recursive=False)) >= 10
        and ol.find(string=lambda s: s and s.startswith("Termin realizacji"))
    ]
    assert dated and long_lists, "the example's list of projects (10 in 2025) is where this shows"
    assert all(p.find_parent("li") is not None for p in dated)


def test_every_number_has_its_row_in_the_annex_and_the_header_links_both_documents(soup, built_2025):
    """A number's details link to its row in the annex (numbers.js.html builds the link from the
    number's id as render.appendix.anchor does): every printed number has that row, the row
    holds that number's value, and the page's header links the annex and the PDF."""
    from sprawozdanie.render.appendix import RULES_ANCHOR, anchor

    annex = BeautifulSoup(built_2025["annex"].read_text(encoding="utf-8"), "html.parser")
    assert annex.find(id=RULES_ANCHOR).name == "section"  # where the control's own counts are explained
    for span in soup.select("span.val[data-id]"):
        if span["data-id"].startswith("ctl."):
            continue
        row = annex.find(id=anchor(span["data-id"]))
        assert row is not None, span["data-id"]
        cells = row.find_parent("tr").find_all("td")
        assert cells[0].get_text().replace("\u200b", "") == span["data-id"]
        digits = [re.sub(r"[^\d,+−-]", "", c) for c in (cells[1].get_text(), span.get_text())]
        assert digits[0] == digits[1], span["data-id"]  # the same value (a table may leave out its unit)
    links = {a.get_text(): a["href"] for a in soup.select("nav.companions a")}
    assert links == {"Aneks": "aneks/aneks.html", "Sprawozdanie w PDF": "report.pdf"}
    for href in links.values():
        assert (built_2025["html"].parent / href).is_file()
    assert [a["href"] for a in annex.select("nav.companions a")] == ["../report.html"]


def test_the_filed_documents_mark_the_differences_beside_their_numbers(built_2025, soup):
    """The PDF and the DOCX print "(różnica nr N)" where the phrase of a number that difference
    N of "Kontrola obliczeń" concerns ends (once where two such numbers share a phrase): every
    difference whose numbers the chapters print is marked, never more often than the HTML
    marks numbers, and never between a number and its noun; the file the marks were read
    from is not left in the output."""
    import docx

    labels = soup.select("span.roznica[data-ids]")
    printed = [s["data-id"] for s in soup.select("main span.val[data-id]")]
    marked = sum(1 for i in printed for label in labels if i in label["data-ids"].split())
    concerned = {
        re.search(r"\d+", label.get_text()).group(0)
        for label in labels
        if set(label["data-ids"].split()) & set(printed)
    }
    assert marked and concerned
    pdf = " ".join(p.extract_text() for p in pypdf.PdfReader(built_2025["pdf"]).pages)
    word = "\n".join(p.text for p in docx.Document(built_2025["docx"]).paragraphs)
    word += "\n".join(c.text for t in docx.Document(built_2025["docx"]).tables for r in t.rows for c in r.cells)
    mark = r"\((?:różnica|różnice)\s+nr\s+((?:\d+|,|\s|i\b)+)\)"  # "różnice nr 2, 4 i 5": no-break spaces
    for text in (pdf, word):
        found = re.findall(mark, text)
        assert {n for f in found for n in re.findall(r"\d+", f)} == concerned
    assert len(re.findall(mark, pdf)) <= marked
    # the sign ends the phrase: never "pracowało 3 (różnica nr 3) asystentów"
    between = r"\b\d+[ \u202f\u00a0]*\((?:różnica|różnice)\s+nr\s+[\d, ]+\)[ \u202f]+[a-ząćęłńóśźż]"
    assert not re.search(between, word)
    assert re.search(between, "pracowało 3\u202f(różnica\u00a0nr\u00a03) asystentów")  # what it would catch
    assert not (built_2025["html"].parent / "marks.json").exists()


def test_every_total_names_its_input_rows_and_each_is_a_row_of_that_file(built_2025):
    """An auditor traces a total to the rows it counts or sums: every value computed from input
    files names, per file, the keys of its rows (values.json, ``rows``); each key is a row of
    that file (the prior year's file for the prior year's values), and a value counting the
    rows of a file names as many rows as it counts."""
    from sprawozdanie.schema import registry

    tables = {t.file: t for t in registry().tables.values()}
    data = built_2025["project"].root / "data"
    values = json.loads(built_2025["values"].with_suffix(".json").read_text(encoding="utf-8"))
    without = [r["id"] for r in values if "rows" not in r and ".csv" in r["inputs"]]
    assert not without, without
    checked = 0
    for r in values:
        for name, keys in r.get("rows", {}).items():
            file, _, note = name.partition(" (dane za ")
            folder = data / (note.rstrip(")") if note else "2025")
            key = tables[file].key
            with (folder / file).open(encoding="utf-8") as f:
                present = {" / ".join(row[c] for c in key) for row in csv.DictReader(f)}
            assert set(keys) <= present, (r["id"], name, sorted(set(keys) - present)[:3])
            assert len(set(keys)) == len(keys), r["id"]
            if r["formula_pl"].startswith("liczba wierszy") or r["formula_pl"].startswith("liczba spraw"):
                assert len(keys) == int(r["value"]), r["id"]
                checked += 1
    assert checked >= 10
    # children are counted from each family's latest case: one row per family
    by_id = {r["id"]: r for r in values}
    (children_rows,) = by_id["family_assistance.children"]["rows"].values()
    assert len(children_rows) == int(by_id["family_assistance.families"]["value"])


def test_no_abbreviation_takes_a_second_full_stop(soup):
    """A sentence ending in "r." or "godz." ends there: the full stop is not doubled."""
    text = " ".join(soup.get_text(" ").replace("\u00a0", " ").split())
    assert not re.findall(r".{40}\b(?:r|godz|zł|min)\.\s?\.", text)
