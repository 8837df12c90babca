"""The Quarto path (``--renderer quarto``) against a stand-in ``quarto`` executable.

No Quarto can be installed here, so a small script named ``quarto`` is put first on PATH:
it records the arguments and the staged project it is given, and writes outputs where
Quarto 1.9 writes a book's (``<output-dir>/index.html``, a page per chapter,
``<output-dir>/<book.output-file or title>.pdf``), emptying the output folder first as a
project render does. This checks our side of the contract only, not Quarto's rendering.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from sprawozdanie.build import build
from sprawozdanie.errors import ReportError
from sprawozdanie.present.escape import md_escape
from sprawozdanie.render import quarto
from sprawozdanie.render.csp import source_hash

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "src" / "sprawozdanie" / "report"  # the report's own files, as installed

STUB = r'''#!{python}
"""A stand-in for `quarto`: records what it is given, writes a book's outputs."""
import json, os, shutil, sys
from pathlib import Path

import yaml

args = sys.argv[1:]
if args == ["--version"]:
    print(os.environ.get("QUARTO_STUB_VERSION", "1.10.18"))
    sys.exit(0)
work = Path.cwd()
config = yaml.safe_load((work / "_quarto.yml").read_text(encoding="utf-8"))
notebooks = {{str(p.relative_to(work)): json.loads(p.read_text(encoding="utf-8"))
             for p in sorted(work.rglob("*.ipynb")) if "_book" not in p.parts}}
with open(os.environ["QUARTO_STUB_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"args": args, "config": config, "notebooks": notebooks,
                          "files": sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.is_file()),
                          "variables": (work / "_variables.yml").read_text(encoding="utf-8")}}) + "\n")
if os.environ.get("QUARTO_STUB_FAIL"):
    print("ERROR: stub failure", file=sys.stderr)
    sys.exit(1)
book = config["book"]
out = work / config.get("project", {{}}).get("output-dir", "_book")
shutil.rmtree(out, ignore_errors=True)  # a project render cleans its output folder first
out.mkdir()
stem = book.get("output-file") or book["title"]
for fmt in args[args.index("--to") + 1].split(","):
    if fmt == "html":
        head = '<head><meta charset="utf-8"><script src="site_libs/q.js"></script><script>quarto()</script></head>'
        (out / "index.html").write_text("<html>" + head + book["title"] + "</html>", encoding="utf-8")
        for chapter in book["chapters"] + book.get("appendices", []):
            page = out / Path(chapter).with_suffix(".html")
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("<html>" + head + chapter + "</html>", encoding="utf-8")
        (out / "site_libs").mkdir()
    elif fmt == "docx" and os.environ.get("QUARTO_STUB_DOCX"):  # a Word file pandoc wrote
        shutil.copy(os.environ["QUARTO_STUB_DOCX"], out / f"{{stem}}.docx")
    else:
        ext = {{"typst": "pdf", "docx": "docx"}}[fmt]
        (out / f"{{stem}}.{{ext}}").write_bytes(b"%PDF-stub " + fmt.encode())
'''

META = {
    "title": "Sprawozdanie za rok 2025",
    "subtitle": "wraz z potrzebami",
    "author": "MOPS w Mielcu",
    "date": "marzec 2026",
    "municipality": "Mielec",
}


@pytest.fixture()
def stub(tmp_path, monkeypatch) -> Path:
    """A fake ``quarto`` first on PATH; returns its log (one JSON line per call)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "quarto"
    exe.write_text(STUB.format(python=sys.executable), encoding="utf-8")
    exe.chmod(0o755)
    log = tmp_path / "quarto-calls.jsonl"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("QUARTO_STUB_LOG", str(log))
    return log


def calls(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def executed_chapter(path: Path) -> Path:
    """A chapter as papermill leaves it: execution records in every cell's metadata and a
    heading printed by an ``output: asis`` cell."""
    heading = new_output("display_data", data={"text/markdown": "### Współpraca z instytucjami\n\nTekst."})
    asis = new_code_cell('#| output: asis\ntext.show("kontakty")', outputs=[heading])
    zeros = new_code_cell('#| label: tbl-za-zyciem\n#| tbl-cap: "Świadczenia"\ntext.table("za_zyciem")')  # all 0: None
    cells = [new_markdown_cell("# Praca z rodziną {#sec-praca-z-rodzina}"), new_code_cell("year = 2025"), asis, zeros]
    cells[1].metadata["tags"] = ["injected-parameters"]
    for cell in cells:
        cell.metadata["papermill"] = {"duration": 0.01, "status": "completed"}
        cell.metadata["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
        cell.metadata.setdefault("tags", [])
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_the_book_is_rendered_in_one_call_with_the_title_block_in_the_book(tmp_path, stub):
    staging = tmp_path / "staging"
    staging.mkdir()
    appendix = staging / "kontrola.qmd"
    appendix.write_text("# Kontrola obliczeń {.unnumbered}\n", encoding="utf-8")
    chapter = "notebooks/family_assistance.ipynb"
    executed = {chapter: executed_chapter(staging / "family_assistance.ipynb")}

    variables = {"year": 2025, "office": {"name": "<b>MOPS</b> [x](javascript:y)"}}
    written = quarto.render(TOOL, staging, executed, variables, META, ("html", "pdf"), appendices=[appendix])

    (call,) = calls(stub)  # one render: a second would empty the output folder of the first
    assert call["args"] == ["render", "--to", "html,typst", "--no-execute"]
    assert "-M" not in call["args"] and "--metadata" not in call["args"]  # would retitle every chapter
    book = call["config"]["book"]
    assert {k: book[k] for k in ("title", "subtitle", "author", "date")} == {
        k: META[k] for k in ("title", "subtitle", "author", "date")
    }
    assert book["output-file"] == "report"
    assert book["appendices"] == ["kontrola.qmd"]
    project = yaml.safe_load((TOOL / "_quarto.yml").read_text(encoding="utf-8"))
    assert book["chapters"] == project["book"]["chapters"]
    assert set(book["chapters"]) | {"kontrola.qmd", "_quarto.yml", "_variables.yml"} <= set(call["files"])
    staged_variables = yaml.safe_load(call["variables"])
    assert staged_variables["year"] == 2025
    # an office's text reaches Quarto as Markdown that prints it as written
    assert staged_variables["office"]["name"] == md_escape(variables["office"]["name"])
    # the number details' script and style sheet beside _quarto.yml, named in its HTML format
    assert {"numbers.css", "numbers.js.html", "typst-show.typ"} <= set(call["files"])
    assert call["config"]["format"]["html"]["include-after-body"] == ["numbers.js.html"]

    staged = call["notebooks"][chapter]
    shown = "".join(staged["cells"][2]["outputs"][0]["data"]["text/markdown"])
    assert shown.startswith("### Współpraca z instytucjami")
    # no metadata left that Quarto would turn into a div around the asis output
    assert all(cell["metadata"] == {} for cell in staged["cells"])
    # a table that printed nothing is no float for Quarto to number
    assert len(staged["cells"]) == 3 and "tbl-za-zyciem" not in json.dumps(staged)

    assert written == {"html": staging / "html" / "index.html", "pdf": staging / "report.pdf"}
    assert (staging / "html" / "notebooks" / "family_assistance.html").is_file()  # a site, a page per chapter
    assert (staging / "report.pdf").read_bytes() == b"%PDF-stub typst"
    # every page of the site carries its policy before its first script
    for page in (staging / "html" / "index.html", staging / "html" / "notebooks" / "family_assistance.html"):
        text = page.read_text(encoding="utf-8")
        assert text.index("Content-Security-Policy") < text.index("<script")
        assert source_hash("quarto()") in text


def test_the_staged_configuration_follows_quartos_book_schema():
    config = yaml.safe_load((TOOL / "_quarto.yml").read_text(encoding="utf-8"))
    staged = quarto.book_config(config, META, ["kontrola.qmd"], TOOL)
    book_keys = {"title", "subtitle", "author", "date", "chapters", "appendices", "output-file"}
    assert set(staged["book"]) <= book_keys  # the book schema is closed: no "municipality"
    assert not {"toc", "toc-title"} & set(config["format"]["typst"])  # a Typst book ignores them
    assert config["format"]["typst"]["toc-depth"] == 3
    for options in staged["format"].values():
        if "reference-doc" in options:
            assert Path(options["reference-doc"]).is_file()
    # the Typst book's own partial, by its name alone (Quarto reads an absolute path as one
    # inside the project), from a file that exists; render() copies it beside _quarto.yml
    assert staged["format"]["typst"]["template-partials"] == ["typst-show.typ"]
    assert all(p.is_file() for p in quarto.typst_partials(config, TOOL).values())
    # one numbering by chapter in the HTML, Typst and Word book; the embedded renderer's through the report
    assert staged["crossref"]["chapters"] is True and config["crossref"]["chapters"] is False


def test_a_failed_quarto_render_is_reported(tmp_path, stub, monkeypatch):
    monkeypatch.setenv("QUARTO_STUB_FAIL", "1")
    with pytest.raises(ReportError, match="(?s)quarto render --to html --no-execute nie powiódł się.*stub failure"):
        quarto.render(TOOL, tmp_path, {}, {}, META, ("html",))


def test_quarto_must_be_asked_for_and_present(project, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(ReportError, match="nie znaleziono programu quarto w PATH"):
        build(2025, project, say=lambda _: None, renderer="quarto")
    assert not project.output_dir(2025).exists()


@pytest.mark.slow  # (its second half runs the notebooks)
def test_a_quarto_without_typst_books_is_refused_and_one_with_english_headers_is_named(project, stub, monkeypatch):
    monkeypatch.setenv("QUARTO_STUB_VERSION", "1.8.27")
    with pytest.raises(ReportError, match="Quarto 1.8.27 nie składa książek w Typst"):
        build(2025, project, say=lambda _: None, renderer="quarto")
    assert calls(stub) == [] and not project.output_dir(2025).exists()
    monkeypatch.setenv("QUARTO_STUB_VERSION", "1.9.37")
    lines: list[str] = []
    monkeypatch.setenv("QUARTO_STUB_FAIL", "1")  # (no need to finish the build to see the warning)
    with pytest.raises(ReportError):
        build(2025, project, say=lines.append, renderer="quarto", formats=("html",))
    assert lines[0] == "uwaga: Quarto 1.9.37 drukuje w PDF nagłówki stron po angielsku („Chapter”); polskie od 1.10.4"


@pytest.mark.slow
def test_the_renderer_is_chosen_on_the_command_line_not_by_path(project, stub, monkeypatch, capsys):
    from sprawozdanie import cli
    from tests.conftest import use_chapters

    use_chapters(project.root, ["index.qmd", "notebooks/family_assistance.ipynb"])
    monkeypatch.chdir(project.root)

    assert cli.main(["build", "2025", "--format", "html"]) == 0  # a quarto on PATH is not used by itself
    out = capsys.readouterr().out
    assert "silnik renderowania: wbudowany: pandoc + Typst" in out and not calls(stub)
    assert (project.output_dir(2025) / "report.html").is_file()

    assert cli.main(["build", "2025", "--format", "html", "--renderer", "quarto"]) == 0
    out = capsys.readouterr().out
    assert "silnik renderowania: Quarto" in out
    assert len(calls(stub)) == 1
    target = project.output_dir(2025)
    assert (target / "html" / "index.html").is_file() and not (target / "report.html").exists()
    # the annex the control section links to ("aneks/aneks.html") is inside the site too
    assert (target / "html" / "aneks" / "aneks.html").is_file() and (target / "aneks" / "aneks.html").is_file()
    assert "output/2025/html/index.html" in out  # the summary names the site's start page
    assert not (target / "quarto-project").exists()
    prov = json.loads((target / "provenance.json").read_text(encoding="utf-8"))
    assert prov["renderer"] == {"quarto": "1.10.18"}


def test_a_copy_of_the_tools_folder_stages_files_that_exist(tmp_path):
    """A tool folder copied alone (a developer's, the tests') has no render/assets beside it:
    the staged configuration names the installed package's files instead."""
    shutil.copy(TOOL / "_quarto.yml", tmp_path / "_quarto.yml")
    staged = quarto.staged_config(tmp_path, META, [])
    named = [f for f in staged["filters"] if f != "quarto"] + [staged["format"]["docx"]["reference-doc"]]
    assert len(named) >= 3 and all(Path(f).is_file() for f in named)
    assert all(p.is_file() for p in quarto.typst_partials(quarto.project_config(tmp_path), tmp_path).values())


def test_the_site_marks_a_number_of_a_difference_with_a_link_to_it(tmp_path, stub):
    """On the Quarto path the differences of "Kontrola obliczeń" are on a page of their own:
    the staged _quarto.yml carries the numbers concerned and that page, and marks.lua (among
    the book's filters) follows each such number with "(różnica nr N)", on the site a link to
    the difference on that page (from the project's root, wherever the chapter's page is),
    in the PDF and Word plain; numbers no difference concerns are left as they are."""
    import subprocess

    import pypandoc

    staging = tmp_path / "staging"
    staging.mkdir()
    appendix = staging / "kontrola.qmd"
    appendix.write_text("# Kontrola obliczeń {.unnumbered}\n", encoding="utf-8")
    quarto.render(TOOL, staging, {}, {}, META, ("html",), appendices=[appendix], marks={"a.b": [2]})
    (call,) = calls(stub)
    config = call["config"]
    assert config["sprawozdanie-marks"] == {"a.b": [2]} and config["sprawozdanie-marks-page"] == "kontrola.html"
    assert [Path(f).name for f in config["filters"][:2]] == ["sanitize.lua", "marks.lua"]

    lua = Path(config["filters"][1])
    doc = tmp_path / "page.md"
    meta = yaml.safe_dump({k: config[k] for k in ("sprawozdanie-marks", "sprawozdanie-marks-page")})
    doc.write_text(
        f"---\n{meta}---\n\nPracowało [3]{{.val data-id=a.b}} i [5]{{.val data-id=c.d}}.\n", encoding="utf-8"
    )

    def run(to: str) -> str:
        cmd = [pypandoc.get_pandoc_path(), str(doc), "--to", to, f"--lua-filter={lua}"]
        return subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=tmp_path).stdout

    html = run("html").replace("\n", " ")
    assert '<a href="./kontrola.html#roznica-2" class="roznica-link">(różnica\u00a0nr\u00a02)</a>' in html
    assert html.count("różnica") == 1  # c.d is no difference's
    assert "#super[\\(różnica~nr~2)]" in run("typst").replace("\u00a0", "~")


def test_a_draft_s_mark_reaches_the_book_s_pages_pdf_and_word_headers(tmp_path, stub, monkeypatch):
    """A draft (meta ``projekt``, ``changes-href``): the staged _quarto.yml gives the Typst book
    the metadata its partial prints (test_quarto_typst_book.py compiles it), every HTML page a
    ``body-header`` whose link to the changes sanitize.lua lets through as Quarto renders it
    (with the page's filters, the project's metadata read first), and the Word book has the
    mark in its page headers once rendered; a final version has none of it."""
    import subprocess

    import pypandoc
    from docx import Document

    projekt = "PROJEKT – wersja 2 z dnia 1\u00a0grudnia 2026\u00a0r."
    draft = {"projekt": projekt, "changes-href": "zmiany.html", "changes-label": "Zmiany względem wersji 1"}
    word = tmp_path / "pandoc.docx"  # what Quarto's docx writer makes with the reference document
    reference = quarto.book_config(quarto.project_config(TOOL), {}, [], TOOL)["format"]["docx"]["reference-doc"]
    pypandoc.convert_text(
        "Tekst.", "docx", format="markdown", outputfile=str(word), extra_args=[f"--reference-doc={reference}"]
    )
    monkeypatch.setenv("QUARTO_STUB_DOCX", str(word))
    staging = tmp_path / "staging"
    staging.mkdir()
    written = quarto.render(TOOL, staging, {}, {}, META | draft, ("html", "pdf", "docx"))

    (call,) = calls(stub)
    config = call["config"]
    assert config["projekt"] == projekt and config["changes-href"] == "/zmiany.html"  # from the site's root
    page = tmp_path / "page.md"  # Quarto renders a body-header's Markdown with the page, through its filters
    page.write_text(config["book"]["body-header"], encoding="utf-8")
    sanitize = Path(config["filters"][0])
    cmd = [
        pypandoc.get_pandoc_path(),
        str(page),
        "--to=html",
        f"--lua-filter={sanitize}",
        "-M",
        "changes-href=/zmiany.html",
    ]
    html = " ".join(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split())
    assert html.startswith('<div class="projekt border')
    flat = projekt.replace("\u00a0", " ")  # (split() parts words at a no-break space too)
    assert f'<strong>{flat}</strong> <a href="/zmiany.html">Zmiany względem wersji 1</a>' in html

    doc = Document(str(written["docx"]))
    for section in doc.sections:
        assert section.first_page_header.paragraphs[0].text == projekt == section.header.paragraphs[0].text
    assert "PROJEKT" not in doc.element.body.xml

    final = tmp_path / "final"
    final.mkdir()
    quarto.render(TOOL, final, {}, {}, META, ("html", "docx"))
    config = calls(stub)[-1]["config"]
    assert not {"projekt", "changes-href"} & set(config) and "body-header" not in config["book"]
    assert "PROJEKT" not in "".join(
        p.text for s in Document(str(final / "report.docx")).sections for p in s.header.paragraphs
    )


def test_the_word_book_is_finished_as_the_embedded_renderers_but_keeps_its_chapter_numbered_captions(
    tmp_path, stub, monkeypatch
):
    """The Quarto path's Word book is pandoc's writer's output, as the embedded renderer's is:
    its headings' numbers end with a dot, the title page names the municipality and Word
    hyphenates the text (docx_finish.finish). Its captions keep Quarto's "Tabela nr 3.2" as
    text: one SEQ field cannot hold a chapter's number, and Quarto's own contents field stays."""
    import pypandoc
    from docx import Document
    from docx.oxml.ns import qn

    word = tmp_path / "pandoc.docx"
    reference = quarto.book_config(quarto.project_config(TOOL), {}, [], TOOL)["format"]["docx"]["reference-doc"]
    text = "---\ntitle: Sprawozdanie za rok 2025\n---\n\n# Wstęp\n\n## Zadania\n\nTekst.\n\n| A |\n|---|\n| 1 |\n\n: Tabela nr 3.2. Dane\n"
    pypandoc.convert_text(
        text,
        "docx",
        format="markdown",
        outputfile=str(word),
        extra_args=[f"--reference-doc={reference}", "--number-sections"],
    )
    monkeypatch.setenv("QUARTO_STUB_DOCX", str(word))
    staging = tmp_path / "staging"
    staging.mkdir()
    written = quarto.render(TOOL, staging, {}, {}, META, ("docx",))

    doc = Document(str(written["docx"]))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Mielec" and "1.\tWstęp" in texts and "1.1.\tZadania" in texts, texts[:6]
    body = doc.element.body.xml
    assert "Tabela nr 3.2. Dane" in texts and "SEQ" not in body
    assert doc.settings.element.find(qn("w:autoHyphenation")) is not None
