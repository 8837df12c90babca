"""The Markdown the report was rendered from (``report.md``), read by pandoc: what every
format must show (headings, tables, the alt text of each chart)."""

from __future__ import annotations

import json
from pathlib import Path

import pypandoc

from sprawozdanie.render.embedded import READER


def words(text: str) -> str:
    return " ".join(str(text).replace("\u00a0", " ").replace("\u2060", "").split())


def load(report_md: Path) -> list:
    return json.loads(pypandoc.convert_file(str(report_md), "json", format=READER))["blocks"]


def stringify(node) -> str:
    if isinstance(node, list):
        return "".join(stringify(n) for n in node)
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return stringify(node.get("c", []))
    return ""


def elements(node, kind: str, found: list | None = None) -> list:
    """The contents (``c``) of every element of ``kind`` in the AST, in document order."""
    found = [] if found is None else found
    if isinstance(node, list):
        for n in node:
            elements(n, kind, found)
    elif isinstance(node, dict):
        if node.get("t") == kind:
            found.append(node["c"])
        elements(node.get("c", []), kind, found)
    return found


def headings(blocks: list) -> list[tuple[int, str]]:
    return [(level, words(stringify(inlines))) for level, _, inlines in elements(blocks, "Header")]


def image_alts(blocks: list) -> list[str]:
    """Each image's alt text (Quarto's fig-alt): pandoc's reader makes a figure's ``alt``
    attribute the image's description, its caption the figure's."""
    return [
        words(dict(attr[2]).get("alt") or stringify(description)) for attr, description, _ in elements(blocks, "Image")
    ]


def table_count(blocks: list) -> int:
    return len(elements(blocks, "Table"))
