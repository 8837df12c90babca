"""No proper name of one office (a network, an institution, a programme, a team) stands in
what the tool prints for every office: its templates, schema, rules and the strings of its
code. Names of the law and of the state (a statutory procedure, the Council of Ministers)
are on a short list; everything an office calls by its own name comes from its workspace."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from sprawozdanie.yamlfiles import strings

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "sprawozdanie"
# Two or more capitalised words in a row (with the small words official names hold).
NAME = re.compile(
    r"(?<![\w.„])[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+(?:[ \u00a0](?:(?:i|w|ds\.|do|na|z|dla) )?"
    r"[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+)+"
)
# Statutory and state names every office's report may print, and words that only look like
# a name (a table's number, a country).
ALLOWED = re.compile(
    r"^(Niebieskie Karty|Niebieska Karta|Rady Ministrów|Funduszu Pracy|Prezes Rady Ministrów|Ministra Polityki Społecznej)$"
    r"|^Rad(a|y|zie) (Gminy|Miasta|Miejsk\w+)( i Gminy)?$"  # the council's kind, of any gmina
    r"|\b(Tabel[aiię]|Ukrain[aiy]e?)\b"
)


# Modules whose strings never reach a report: the terminal's questions and help with their
# example of a fictional gmina (cli.py, init.py, which also knows the official type words of
# any gmina's names), the style names of Word (reference_docx.py), Excel's format names
# (dialect.py).
NOT_PRINTED = {"cli.py", "init.py", "render/reference_docx.py", "dialect.py"}


def printable_texts() -> dict[str, str]:
    """Every text of the tool that can reach a report: templates, the strings of the schema
    and rules, and the string literals of the code (docstrings and comments left out)."""
    texts = {}
    report = PACKAGE / "report"
    for path in [*report.glob("templates/*.md"), *report.glob("*.qmd")]:
        if path.name != "README.md":
            texts[str(path.relative_to(PACKAGE))] = path.read_text(encoding="utf-8")
    for path in [
        *PACKAGE.glob("schema/*.yml"),
        *PACKAGE.glob("rules/*.yml"),
        report / "templates" / "office_texts.yml",
    ]:
        texts[str(path.relative_to(PACKAGE))] = "\n".join(strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    for path in PACKAGE.rglob("*.py"):
        if str(path.relative_to(PACKAGE)) in NOT_PRINTED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        literals = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
        ]
        texts[str(path.relative_to(PACKAGE))] = "\n".join(literals)
    return texts


def test_no_proper_name_of_one_office_in_the_tool():
    found = sorted(
        {
            (where, m.group(0))
            for where, text in printable_texts().items()
            for m in NAME.finditer(text)
            if not ALLOWED.search(m.group(0))
        }
    )
    assert found == []
