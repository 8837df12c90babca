"""render/assets/docx.lua: a table's column is never narrower than its longest word, a
header's bold one included."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pypandoc

LUA = Path(__file__).resolve().parents[2] / "src" / "sprawozdanie" / "render" / "assets" / "docx.lua"


def ast(markdown: str) -> dict:
    cmd = [pypandoc.get_pandoc_path(), "--from=markdown", "--to=json", "-s", f"--lua-filter={LUA}", "--columns=40"]
    return json.loads(subprocess.run(cmd, input=markdown, capture_output=True, text=True, check=True).stdout)


def test_a_bold_header_word_widens_its_column():
    # "Zmiana w %" broke as "Zmian/a" in LibreOffice: the header's bold word counts wider
    md = (
        "| Wskaźnik | 2025 | Zmiana w % |\n|:----------------------------------------|-----:|--:|\n"
        f"| {'Rodziny objęte wsparciem asystenta rodziny ' * 2} | 46 | +1,0% |\n"
    )
    table = next(b for b in ast(md)["blocks"] if b["t"] == "Table")
    last = table["c"][2][-1][1]["c"]  # the last column's relative width
    assert last * (21 - 2 * 2.4) >= len("Zmiana") * 0.22 * 1.15 + 0.45 - 0.01


def test_a_line_in_a_cell_starts_without_a_space():
    from sprawozdanie.present.text import CELL_BREAK

    md = f"| Adres |\n|:--|\n| ul. Długa 1{CELL_BREAK}tel. 17 000 |\n"
    table = next(b for b in ast(md)["blocks"] if b["t"] == "Table")
    cell = table["c"][4][0][3][0][1][0][4][0]["c"]  # the body's first cell's paragraph
    kinds = [i["t"] for i in cell]
    at = next(i for i, el in enumerate(cell) if el["t"] == "RawInline" and el["c"][0] == "openxml")
    assert kinds[at + 1] == "Str", kinds


def test_word_s_finishing_keeps_lead_ins_and_rows_of_pandoc_s_own_file(tmp_path):
    """docx_finish on pandoc's real output: a title, subtitle or paragraph ending with a colon
    keeps with what follows (pandoc indents the title's paragraphs), a table's rows stay on one
    page, and a cell's colon ties nothing; the file opens."""
    from docx import Document
    from docx.oxml.ns import qn

    from sprawozdanie.render.docx_finish import finish

    out = tmp_path / "r.docx"
    md = (
        "---\ntitle: 'Sprawozdanie:'\nsubtitle: 'wraz z:'\n---\n\n"
        "Na kolejne lata wskazano potrzeby:\n\n1. pierwsza;\n2. druga.\n\n"
        "| Dzień | Godziny |\n|:--|:--|\n| piątek: | 8:00 |\n"
    )
    pypandoc.convert_text(md, "docx", format="markdown", outputfile=str(out))
    finish(out, "Gmina X")
    doc = Document(str(out))
    kept = {p.text for p in doc.paragraphs if p.paragraph_format.keep_with_next}
    assert {"Sprawozdanie:", "wraz z:", "Na kolejne lata wskazano potrzeby:"} <= kept
    (table,) = doc.tables
    assert all(row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in table.rows)
    assert not any(p.paragraph_format.keep_with_next for c in table._cells for p in c.paragraphs)
