"""render/assets/marks.lua: the sign "(różnica nr N)" of a number a difference concerns stands
where the number's phrase ends, as a footnote's sign would, never between the number and its
noun; an abbreviation's dot ("2025 r.") ends no phrase; a table cell's number keeps it beside."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pypandoc
import pytest

LUA = Path(__file__).resolve().parents[2] / "src" / "sprawozdanie" / "render" / "assets" / "marks.lua"


def placed(tmp_path: Path, markdown: str) -> str:
    (tmp_path / "marks.json").write_text(
        json.dumps({"a.b": [3], "c.d": [7], "e.f": [2, 5], "g.h": [2, 4, 5]}), encoding="utf-8"
    )
    (tmp_path / "in.md").write_text(markdown, encoding="utf-8")
    cmd = [pypandoc.get_pandoc_path(), "in.md", "--to", "plain", "--wrap=none", f"--lua-filter={LUA}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    return " ".join(out.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("Pracowało [3]{.val data-id=a.b} asystentów rodziny.", "Pracowało 3 asystentów rodziny ^((różnica nr 3))."),
        (
            "Objęto [46]{.val data-id=c.d} rodzin, w tym [19]{.val data-id=x.y} z nakazu.",
            "Objęto 46 rodzin ^((różnica nr 7)), w tym 19 z nakazu.",
        ),
        (  # an abbreviation's dot goes on; the sentence's last dot ends it
            "Na dzień 31 grudnia 2025 r. trwała w [25]{.val data-id=c.d} rodzinach do 2026 r.",
            "Na dzień 31 grudnia 2025 r. trwała w 25 rodzinach do 2026 r. ^((różnica nr 7))",
        ),
        (
            "W [25]{.val data-id=c.d} rodzinach i 31 grudnia 2025 r. zakończono.",
            "W 25 rodzinach i 31 grudnia 2025 r. zakończono ^((różnica nr 7)).",
        ),
        (  # a parenthesis after the phrase is part of it: the sign after it, a number's within it
            "Objęto [46]{.val data-id=c.d} rodzin (w tym [19]{.val data-id=a.b} z nakazu).",
            "Objęto 46 rodzin (w tym 19 z nakazu ^((różnica nr 3))) ^((różnica nr 7)).",
        ),
        (
            "W tym [122]{.val data-id=c.d} rodziny z dziećmi (łącznie 453 osoby). Dalej [5]{.val data-id=a.b} (a).",
            "W tym 122 rodziny z dziećmi (łącznie 453 osoby) ^((różnica nr 7)). Dalej 5 (a) ^((różnica nr 3)).",
        ),
        (  # two numbers within one parenthesis: each sign where its own phrase ends
            "Objęto [46]{.val data-id=c.d} rodzin (w tym [19]{.val data-id=a.b} z nakazu, [5]{.val data-id=e.f} dobrowolnie).",
            "Objęto 46 rodzin (w tym 19 z nakazu ^((różnica nr 3)), 5 dobrowolnie ^((różnice nr 2 i 5))) ^((różnica nr 7)).",
        ),
        (  # a parenthesis within a parenthesis
            "Razem [4]{.val data-id=c.d} osoby (w tym (x) dwie), potem inne.",
            "Razem 4 osoby (w tym (x) dwie) ^((różnica nr 7)), potem inne.",
        ),
        (  # two numbers of one difference in one phrase: one sign
            "Razem [22]{.val data-id=c.d} i [25]{.val data-id=c.d} rodzin.",
            "Razem 22 i 25 rodzin ^((różnica nr 7)).",
        ),
        ("Dwie: [9]{.val data-id=e.f} osób.", "Dwie: 9 osób ^((różnice nr 2 i 5))."),
        ("Trzy: [122]{.val data-id=g.h} dzieci.", "Trzy: 122 dzieci ^((różnice nr 2, 4 i 5))."),
        (
            "| a | b |\n|---|---|\n| x | [46]{.val data-id=c.d} |\n",
            "a b --- ---------------------- x 46 ^((różnica nr 7))",
        ),
        ("Bez różnicy: [5]{.val data-id=x.y} rodzin.", "Bez różnicy: 5 rodzin."),
        (  # a time's colon is no phrase's end
            "Dyżur [3]{.val data-id=a.b} osób od 8:00 do 12:00, potem inne.",
            "Dyżur 3 osób od 8:00 do 12:00 ^((różnica nr 3)), potem inne.",
        ),
    ],
)
def test_the_sign_ends_the_phrase_of_its_number(tmp_path, markdown, expected):
    assert placed(tmp_path, markdown) == expected


def test_the_html_script_ends_a_phrase_by_the_same_words_as_the_filter():
    """The HTML's marks are placed by report.js.html's copy of this filter's rule (a DOM, not
    pandoc's tree, so the two cannot share code): its abbreviations and its reach must be the
    filter's, or a mark would stand elsewhere in the HTML than in the PDF."""
    import re

    js = (LUA.parent / "report.js.html").read_text(encoding="utf-8")
    lua = LUA.read_text(encoding="utf-8")

    def words(text: str, opening: str) -> list[str]:
        body = re.search(re.escape(opening) + r"(.*?)[\]}]", text, re.DOTALL)
        assert body, opening
        return re.findall(r"['\"]([^'\"]+)['\"]", body.group(1))

    lua_words = words(lua, "for _, w in ipairs({")
    js_words = words(js, "var ABBREVIATIONS = [")
    assert "r" in lua_words and "ust" in lua_words
    assert js_words == lua_words
    reach = [
        re.search(pattern, text).group(1)
        for pattern, text in ((r"local REACH = (\d+)", lua), (r"var REACH = (\d+)", js))
    ]
    assert reach[0] == reach[1]
