"""Inputs are data, never markup: hostile texts in every kind of input field print literally.

The payloads (raw HTML reading a local file, event handlers, a ``javascript:`` link, raw
Typst reading a file, maths, a citation, a multi-line field opening a ``:::`` block,
spreadsheet formulas) go through each kind of text field: a name in the institution
directory (CSV), an item of the needs list, names in params (``institution.locative``),
an office text, a chart's category label, a consistency rule's wording. One report is built
from them (HTML and PDF, three chapters) and shared by the tests here and in
``tests/browser/test_payloads_in_chromium.py``; the escaping functions and the renderer's
filter are also tested on their own.
"""

from __future__ import annotations

import base64
import csv
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sprawozdanie.present import charts, office
from sprawozdanie.present.escape import FORMULA_START, csv_cell, md_escape, mpl_text, spreadsheet_text
from sprawozdanie.render import embedded
from sprawozdanie.render.csp import source_hash

from ..conftest import ROOT
from ..fixture_years import make_fixture_project

RAW_IMG = '`<img src="/etc/passwd">`{=html}'
IMG = '<img src="/etc/passwd" alt="">'
ONERROR = "<img src=x onerror=alert(1)>"
SVG = "<svg onload=alert(1)>"
JS_LINK = "[x](javascript:alert(1))"
TYPST = '`#read("/provenance.json")`{=typst}'
MATH = "$x$"
CITE = "@name"
FORMULAS = ("=1+1", "@SUM(A1)")
PAYLOADS = (RAW_IMG, IMG, ONERROR, SVG, JS_LINK, TYPST, MATH, CITE)
LINE = " ¦ ".join(PAYLOADS)  # every payload in one field
# A field over several lines that would open a ::: block and a heading.
MULTILINE = "Punkt „Nowy”\n::: {.wstrzykniety}\n# Fałszywy rozdział\n:::"
MULTILINE_SHOWN = " ".join(MULTILINE.split())
CHART_LABEL = r"Klub $\niemakomendy$ i $x$"  # mathtext would stop the drawing at the unknown command
PASSWD = Path("/etc/passwd")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\xa0", " "))


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["style", "script"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").replace("\xa0", " ").split())


# --- one build, shared -------------------------------------------------------------------

OFFICE_TEXT = """Pierwszy akapit tekstu ośrodka.

:::

Akapit po dwukropkach, nadal tekst ośrodka: \\<img src=x onerror=alert(1)\\> i \\$x\\$.
"""
# Braces that a template engine would have taken out, splitting Markdown syntax past the check:
# printed as written now (issue "No input can change what the published report shows").
OFFICE_TEXT_BRACES = """Zasady pracy: [t]{## ##}{style=position:fixed;inset:0} i {{ 7*7 }}.

#{## ##} Fałszywy rozdział

Liczba [999]{## ##}{.val data-id="legal_help.legal_help_families"} oraz 44051{## ##}401359.
"""
RULE_ID = "legal_help.payload_rule"


def _fixture(folder: Path) -> Path:
    """A fixture year (``tests/fixture_years.py``) holding the payloads, written from the
    constants above so that the tests and the inputs cannot drift apart."""
    spec = {
        "description": "Payloads in every kind of text field.",
        "remove": ["known_disagreements.yml"],
        "chapters": ["legal_help", "daily_centres", "needs"],
        "append": {
            "institutions_directory.csv": [
                {
                    "institution_id": "payload_line",
                    "institution_name": LINE,
                    "institution_street": "ul. Nowa 2",
                    "institution_postcode_city": "00-001 Miasto",
                    "institution_phone": "600 100 200",
                    "institution_help": "pomoc prawna",
                    "institution_hours": "wtorek: 16:00 – 18:00",
                    "institution_row_legal_help": 7,
                    "institution_row_resources": 0,
                    "institution_row_psychological": 0,
                },
                {
                    "institution_id": "payload_multiline",
                    "institution_name": MULTILINE,
                    "institution_street": FORMULAS[0],
                    "institution_postcode_city": "00-001 Miasto",
                    "institution_phone": FORMULAS[1],
                    "institution_help": "pomoc prawna",
                    "institution_hours": "wtorek: 16:00 – 18:00",
                    "institution_row_legal_help": 8,
                    "institution_row_resources": 0,
                    "institution_row_psychological": 0,
                },
            ],
            "needs_list.csv": [{"needs_order": 90, "needs_text": LINE}, {"needs_order": 91, "needs_text": MULTILINE}],
            "daily_centres.csv": [
                {
                    "daily_centre_id": "PWD-09",
                    "daily_centre_type": "care",
                    "daily_centre_name": CHART_LABEL,
                    "daily_centre_address": "ul. Nowa 1",
                    "daily_centre_operator": LINE,
                    "daily_centre_children": 5,
                    "daily_centre_description": MULTILINE,
                },
            ],
        },
    }
    (folder / "data" / "teksty").mkdir(parents=True)
    (folder / "fixture.yml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    (folder / "params.yml").write_text(
        yaml.safe_dump({"institution": {"locative": LINE}}, allow_unicode=True), encoding="utf-8"
    )
    (folder / "data" / "teksty" / "legal_help_pomoc_prawna.md").write_text(OFFICE_TEXT, encoding="utf-8")
    (folder / "data" / "teksty" / "needs_zasady_pracy.md").write_text(OFFICE_TEXT_BRACES, encoding="utf-8")
    rules = (ROOT / "data" / "2025" / "checks.yml").read_text(encoding="utf-8")
    rules += (
        f"\n- id: {RULE_ID}\n  kind: sum_equals\n  left: [legal_help.legal_help_families]\n"
        f"  right: [legal_help.legal_help_families]\n  severity: warning\n"
        f"  description_pl: '{FORMULAS[0]}'\n  failure_pl: '{FORMULAS[1]}'\n"
    )
    (folder / "data" / "checks.yml").write_text(rules, encoding="utf-8")
    return folder


_BUILT: dict[str, dict] = {}


def payload_report(tmp_path_factory) -> dict:
    """The payload year built once per test session (HTML and PDF); its paths and texts."""
    if "report" not in _BUILT:
        from pypdf import PdfReader

        from sprawozdanie.build import build

        fixture = _fixture(tmp_path_factory.mktemp("payload-fixture"))
        # An absolute name: pathlib's FIXTURES / name is then the scratch folder itself.
        project, year, _spec = make_fixture_project(str(fixture), tmp_path_factory.mktemp("payload-project"))
        written = build(year, project, say=lambda _: None, formats=("html", "pdf"))
        html = written["html"].read_text(encoding="utf-8")
        pdf_text = "\n".join(page.extract_text() for page in PdfReader(written["pdf"]).pages)
        _BUILT["report"] = {
            "html": html,
            "text": visible_text(html),
            "pdf_text": pdf_text,
            "out": written["html"].parent,
            "paths": written,
        }
    return _BUILT["report"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    return payload_report(tmp_path_factory)


@pytest.mark.slow
def test_every_payload_prints_literally_in_the_html(report):
    for payload in (*PAYLOADS, MULTILINE_SHOWN, *FORMULAS):
        assert payload in report["text"], payload
    # Each field kind: the directory (table), the needs list, the params name, the centre's operator.
    assert report["text"].count(LINE) >= 4


def test_no_payload_became_markup(report):
    soup = BeautifulSoup(report["html"], "html.parser")
    main = soup.body
    assert not main.find("svg") and not main.find(attrs={"onerror": True}) and not main.find(attrs={"onload": True})
    assert all(img["src"].startswith("data:image/png;base64,") for img in main.find_all("img"))
    assert not [a["href"] for a in main.find_all("a", href=True) if a["href"].lower().startswith("javascript")]
    assert not main.find(class_="wstrzykniety")
    assert not [h for h in main.find_all(re.compile("^h[1-6]$")) if "Fałszywy" in h.get_text()]
    assert not main.find(class_="math") and not main.find(class_="citation")
    # the project's own scripts, and nothing else
    assert sorted(s.string for s in soup.find_all("script")) == sorted(embedded.own_page_scripts())


def test_no_local_file_reaches_the_report(report):
    passwd = PASSWD.read_bytes()
    assert base64.b64encode(passwd).decode() not in report["html"]
    for text in (report["html"], report["pdf_text"]):
        assert "root:x:0" not in text


def test_braces_in_an_office_text_print_as_written(report):
    soup = BeautifulSoup(report["html"], "html.parser")
    text = visible_text(report["html"]).replace("“", '"').replace("”", '"')  # Markdown's smart quotes
    for written in (
        "[t]{## ##}{style=position:fixed;inset:0}",
        "{{ 7*7 }}",
        "#{## ##} Fałszywy rozdział",
        '[999]{## ##}{.val data-id="legal_help.legal_help_families"}',
        "44051{## ##}401359",
    ):
        assert written in text, written
    assert not [h for h in soup.find_all(["h1", "h2", "h3"]) if "Fałszywy" in h.get_text()]
    assert "position:fixed" not in " ".join(t.get("style", "") for t in soup.find_all(style=True))


def test_the_office_text_stays_in_its_block(report):
    soup = BeautifulSoup(report["html"], "html.parser")
    office_blocks = [" ".join(d.get_text(" ").split()) for d in soup.find_all("div", class_="tekst-osrodka")]
    block = next(b for b in office_blocks if "Pierwszy akapit tekstu ośrodka" in b)
    assert ":::" in block and "Akapit po dwukropkach" in block and ONERROR in block


def test_every_payload_prints_literally_in_the_pdf(report):
    pdf = squeeze(report["pdf_text"])
    for payload in (*PAYLOADS, MULTILINE_SHOWN, *FORMULAS):
        assert squeeze(payload) in pdf, payload


def test_the_chart_with_a_dollar_label_is_drawn(report):
    soup = BeautifulSoup(report["html"], "html.parser")
    # The label is drawn into the PNG, so the figure being there is what can be checked here;
    # test_chart_labels_draw_as_written below checks the drawn text itself.
    figure = soup.find("figure", id="fig-placowki-wsparcia-dziennego")  # its bars name the daily centres
    assert figure is not None and figure.find("img")
    assert CHART_LABEL in report["text"]  # the same name in the chapter's table


def _cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


NUMERIC = {"values.csv": ("value", "shown"), "checks.csv": ("left_value", "right_value")}


@pytest.mark.parametrize("name", sorted(NUMERIC))
def test_no_csv_cell_starts_a_formula(report, name):
    rows = _cells(report["out"] / name)
    assert rows
    for row in rows:
        for column, value in row.items():
            if value.startswith(FORMULA_START):
                assert column in NUMERIC[name] and csv_cell(value, numeric=True) == value, (name, column, value)


def test_a_rule_worded_as_a_formula_is_quoted_in_checks_csv(report):
    row = next(r for r in _cells(report["out"] / "checks.csv") if r["rule"] == RULE_ID)
    assert row["explanation_pl"].startswith(("'" + FORMULAS[0], "'" + FORMULAS[1]))


# --- the functions, without a build --------------------------------------------------------


@pytest.mark.parametrize("payload", [*PAYLOADS, MULTILINE, *FORMULAS, "\\", "a\\*b"])
def test_md_escape_reads_back_as_the_text(payload):
    """Pandoc reads every escaped field back as exactly its text (line breaks as spaces)."""
    import json
    import subprocess

    import pypandoc

    proc = subprocess.run(
        [pypandoc.get_pandoc_path(), "--from=markdown", "--to=json"],
        input=md_escape(payload),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    blocks = json.loads(proc.stdout)["blocks"]
    assert [b["t"] for b in blocks] == ["Para"]
    words = [i["c"] if i["t"] == "Str" else " " for i in blocks[0]["c"]]
    assert "".join(words) == " ".join(payload.split())


def test_chart_labels_draw_as_written(monkeypatch):
    from matplotlib.text import Text

    monkeypatch.setattr(charts, "as_png", lambda fig: fig)
    monkeypatch.setattr(charts, "_DRAWN", {})
    fig = charts.horizontal_bars([CHART_LABEL, "_ukryta", "100 $"], [3, 2, 1], r"Liczba $\alpha$")
    try:
        fig.canvas.draw()  # mathtext would raise on the unknown command
        ax = fig.axes[0]
        drawn = [t.get_text() for t in ax.get_yticklabels()] + [ax.get_xlabel()]
        shown = [Text(text=t)._preprocess_math(t) for t in drawn]
        assert [s.replace("\xa0", " ") for s, _math in shown] == [
            CHART_LABEL,
            "\u200b_ukryta",
            "100 $",
            r"Liczba $\alpha$",
        ]
        assert not any(math for _s, math in shown)
    finally:
        charts.plt.close(fig)


def test_paired_chart_legend_keeps_an_underscore_label(monkeypatch):
    monkeypatch.setattr(charts, "as_png", lambda fig: fig)
    monkeypatch.setattr(charts, "_DRAWN", {})
    fig = charts.paired_money_bars(["A"], [100], [200], "_plan", "$wykonanie$", "zł")
    try:
        fig.canvas.draw()
        assert [t.get_text() for t in fig.legends[0].get_texts()] == ["\u200b_plan", r"\$wykonanie\$"]
    finally:
        charts.plt.close(fig)


def test_mpl_text_without_dollars_is_unchanged():
    assert mpl_text("Świetlica „Tchnienie” – 28") == "Świetlica „Tchnienie” – 28"


@pytest.mark.parametrize("value", [*FORMULAS, "-x", "+48 600", "\tx", "\r=1", "-2+3+cmd|' /C calc'!A0"])
def test_a_text_cell_never_starts_a_formula(value):
    assert spreadsheet_text(value) == "'" + value
    assert csv_cell(value).startswith("'")


@pytest.mark.parametrize("value", ["-5", "+3", "+4,9%", "-1\u00a0234,50 zł", "3/4", "10 h 30 min", ""])
def test_a_number_in_a_number_column_is_unchanged(value):
    assert csv_cell(value, numeric=True) == value


def test_non_text_spreadsheet_values_are_unchanged():
    assert spreadsheet_text(-5) == -5 and spreadsheet_text(None) is None


def test_values_csv_quotes_text_cells_only(tmp_path):
    import json

    from sprawozdanie.ledger import COLUMNS
    from sprawozdanie.recorded import write_ledger

    record = dict.fromkeys(COLUMNS, "")
    record.update(id="ch99.x", value="-5", shown="-5", unit="=1+1", label_pl="@SUM(A1)", formula_pl="-x")
    write_ledger([record], tmp_path)
    row = _cells(tmp_path / "values.csv")[0]
    assert (row["value"], row["shown"]) == ("-5", "-5")
    assert (row["unit"], row["label_pl"], row["formula_pl"]) == ("'=1+1", "'@SUM(A1)", "'-x")
    assert json.loads((tmp_path / "values.json").read_text(encoding="utf-8"))[0]["label_pl"] == "@SUM(A1)"


def test_checks_csv_quotes_text_cells_only(tmp_path):
    from fractions import Fraction

    from sprawozdanie import checks

    rule = checks.Rule(
        id="=r",
        kind="sum_equals",
        left=("@a",),
        right=("b",),
        severity="warning",
        description_pl="=1+1",
        failure_pl="@SUM(A1)",
    )
    checks.write_csv([checks.Result(rule, Fraction(-5), None, "warning", "@SUM(A1)")], tmp_path / "c.csv")
    row = _cells(tmp_path / "c.csv")[0]
    assert (row["rule"], row["left"], row["explanation_pl"]) == ("'=r", "'@a", "'@SUM(A1)")
    assert row["left_value"] == "-5"


@pytest.mark.parametrize(
    "text",
    [
        f"Tekst\n\n{RAW_IMG}",
        f"Tekst\n\n{IMG}",
        f"Tekst {JS_LINK}",
        f"Tekst {TYPST}",
        f"Tekst {MATH}",
        f"Tekst {CITE}",
        "Tekst\n\n::: {.x}\nb\n:::",
        "Tekst\n\n---\nheader-includes: '`<script>alert(1)</script>`{=html}'\n---\n",
    ],
)
def test_an_office_text_with_markup_is_refused(text):
    with pytest.raises(Exception, match="niedozwolony element|odnośnik"):
        office.check_markdown(text, "teksty/x.md")


# --- the renderer alone: its filter and the Content-Security-Policy ------------------------

HOSTILE_MD = f"""# Rozdział

Tekst {RAW_IMG} i {TYPST} oraz ![obraz](/etc/passwd) i [link](javascript:alert(1))
i [plik](file:///etc/passwd), [pełny ekran](https://example.org){{style="position:fixed;inset:0"}},
[fragment]{{style="display:none" .x}}, a w komórce `<br>`{{=html}}`#linebreak()`{{=typst}} dalej.

```{{=html}}
<script>alert(1)</script>
```

```{{=typst}}
#read("/provenance.json")
```

---
header-includes: '`<script>alert(2)</script>`{{=html}}'
css: /etc/passwd
---

Koniec.
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    """A report from one hostile .qmd chapter, rendered by the embedded renderer alone."""
    staging = tmp_path_factory.mktemp("render")
    (staging / "provenance.json").write_text('{"sekret": "TAJNE-123"}', encoding="utf-8")
    chapter = staging / "x.qmd"
    chapter.write_text(HOSTILE_MD, encoding="utf-8")
    paths = embedded.render(staging, [chapter], {"lang": "pl"}, {}, {"title": "T"})
    from pypdf import PdfReader

    return {
        "html": paths["html"].read_text(encoding="utf-8"),
        "typ": (staging / "report.typ").read_text(encoding="utf-8"),
        "pdf_text": "\n".join(p.extract_text() for p in PdfReader(paths["pdf"]).pages),
    }


def test_raw_markup_and_foreign_media_are_neutralised_in_html(rendered):
    html = rendered["html"]
    soup = BeautifulSoup(html, "html.parser")
    assert "alert(1)" not in "".join(s.get_text() for s in soup.find_all("script"))
    assert "<script>alert(2)" not in html and "root:x:0" not in html  # the YAML block is no metadata
    assert not soup.body.find("img")
    assert not [a for a in soup.find_all("a", href=True) if not a["href"].startswith(("#", "http", "mailto:"))]
    assert "<br>" in html or "<br />" in html  # the project's own snippet survives
    text = visible_text(html)
    assert '<img src="/etc/passwd">' in text and "<script>alert(1)</script>" in text


def test_raw_typst_is_neutralised_in_pdf(rendered):
    assert "TAJNE-123" not in rendered["pdf_text"] and "root:x:0" not in rendered["pdf_text"]
    assert squeeze('#read("/provenance.json")') in squeeze(rendered["pdf_text"])
    assert "#linebreak()" in rendered["typ"]  # the project's own snippet survives


def test_no_style_from_the_markdown_reaches_the_html_or_its_policy(rendered):
    soup = BeautifulSoup(rendered["html"], "html.parser")
    styles = {tag["style"] for tag in soup.body.find_all(style=True)}
    assert styles <= embedded.TABLE_STYLES, styles
    assert "position:fixed" not in rendered["html"] and "display:none" not in rendered["html"]
    policy = soup.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert source_hash("position:fixed;inset:0") not in policy
    assert soup.find("a", href="https://example.org").get_text() == "pełny ekran"


def test_the_html_has_a_content_security_policy(rendered):
    soup = BeautifulSoup(rendered["html"], "html.parser")
    head = soup.head
    first = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert first is not None and head.find(["style", "script", "link"]).sourceline > first.sourceline
    policy = dict(d.strip().split(" ", 1) for d in first["content"].split(";"))
    assert policy["default-src"] == "'none'" and policy["img-src"] == "data:"
    assert "unsafe-inline" not in first["content"] and "http" not in first["content"]
    own = embedded.own_page_scripts()
    assert len(own) == len(embedded.EARLY_SCRIPTS) + len(embedded.SCRIPTS)  # one script element in each file
    assert policy["script-src"].split() == sorted(source_hash(s) for s in own)


# Quarto's own forms, as quarto-cli 1.10 writes them before the project's filters run
# (book-render.ts's file markers, jupyter.ts's chart files), beside forms that only look alike.
QUARTO_MARKER = "<!-- quarto-file-metadata: eyJhIjoxfQ== -->"
QUARTO_FORMS = f"""`{QUARTO_MARKER}`{{=html}}

```{{=html}}
{QUARTO_MARKER}
```

![a](notebooks/family_assistance_files/figure-typst/fig-kontakty-output-1.svg)
![b](family_assistance_files/figure-html/fig-kontakty-output-1.png)
![c](../etc/x_files/figure-html/a-output-1.png) ![d](/x_files/figure-html/a-output-1.png)
![e](file:x_files/figure-html/a-output-1.png) ![f](x_files/figure-html/a-output-1.png.txt)

`{QUARTO_MARKER}<script>x()</script>`{{=html}}
"""


def _sanitised(tmp_path: Path, under_quarto: bool) -> dict[str, list]:
    """What of QUARTO_FORMS sanitize.lua lets through (raw snippets and image targets); under
    Quarto its Lua API (the global ``quarto``) is there."""
    import json

    import pypandoc

    sanitize = Path(embedded.__file__).parent / "assets" / embedded.SANITIZE
    wrapper = tmp_path / f"quarto-{under_quarto}.lua"
    wrapper.write_text(("quarto = {}\n" if under_quarto else "") + f"dofile({str(sanitize)!r})\n", encoding="utf-8")
    ast = json.loads(
        pypandoc.convert_text(QUARTO_FORMS, "json", format="markdown", extra_args=[f"--lua-filter={wrapper}"])
    )
    found: dict[str, list] = {"raw": [], "images": []}

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("t") in ("RawInline", "RawBlock"):
                found["raw"].append(tuple(node["c"]))
            if node.get("t") == "Image":
                found["images"].append(node["c"][2][0])
            walk(node.get("c"))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(ast["blocks"])
    return found


def test_under_quarto_the_books_markers_and_chart_files_pass_and_nothing_else(tmp_path):
    found = _sanitised(tmp_path, under_quarto=True)
    assert found["raw"] == [("html", QUARTO_MARKER), ("html", QUARTO_MARKER)]  # inline and block, no script
    assert found["images"] == [
        "notebooks/family_assistance_files/figure-typst/fig-kontakty-output-1.svg",
        "family_assistance_files/figure-html/fig-kontakty-output-1.png",
    ]


def test_without_quarto_its_forms_are_text(tmp_path):
    assert _sanitised(tmp_path, under_quarto=False) == {"raw": [], "images": []}
