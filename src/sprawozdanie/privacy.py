"""Personal data in a document published online.

- An office's text may not hold a PESEL number or a person's name (an error, named by file
  and line): the report speaks of families and institutions, never of persons.
- A count of people of 1 or 2 beside a detail (a placement, a court, a named institution)
  can point to a family in a small municipality. Nothing is suppressed (the statutory report
  needs its numbers), but ``small_counts`` lists every such place for the office to review
  before filing; the auditors' annex prints the list.
"""

from __future__ import annotations

import re
from importlib import resources

from .errors import ReportError
from .ledger import PEOPLE_UNITS

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def is_pesel(digits: str) -> bool:
    """Eleven digits with a valid PESEL check digit and a possible month (the century is
    coded in the month: +80, +0, +20, +40, +60).

    >>> is_pesel("44051401359"), is_pesel("44051401358"), is_pesel("12345678901")
    (True, False, False)
    """
    if not re.fullmatch(r"[0-9]{11}", digits):
        return False
    month = int(digits[2:4]) % 20
    if not 1 <= month <= 12 or not 1 <= int(digits[4:6]) <= 31:
        return False
    check = (10 - sum(int(d) * w for d, w in zip(digits, PESEL_WEIGHTS)) % 10) % 10
    return check == int(digits[10])


def _first_names() -> frozenset[str]:
    text = resources.files(__package__).joinpath("first_names_pl.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# "Pan Kowalski", "pani Anna", "p. Nowak": a title before a capitalised word is a person.
_TITLED = re.compile(r"\b(?:[Pp]an(?:i|a|u|em|ią)?|[Pp]\.)\s+([A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+)")
# A first name followed by a capitalised word: "Anna Kowalska".
_NAME_PAIR = re.compile(r"\b([A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+)\s+([A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+(?:-[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+)?)")


def personal_data(text: str) -> list[tuple[int, str]]:
    """(line, what) for each PESEL-like number or person's name found in a text.

    >>> personal_data("Rodzina pani Kowalskiej.\\nNr 44051401359.\\nAnna Nowak prowadzi zajęcia.")
    [(1, 'nazwisko osoby: pani Kowalskiej'), (2, 'numer PESEL: 44051401359'), (3, 'imię i nazwisko: Anna Nowak')]
    >>> personal_data("Świetlica „Promyk”, ul. Jana Pawła II 5, Poradnia Psychologiczno-Pedagogiczna.")
    []
    """
    names = _first_names()
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for m in re.finditer(r"(?<![0-9])[0-9]{11}(?![0-9])", line):
            if is_pesel(m.group(0)):
                found.append((number, f"numer PESEL: {m.group(0)}"))
        for m in _TITLED.finditer(line):
            found.append((number, f"nazwisko osoby: {m.group(0)}"))
        for m in _NAME_PAIR.finditer(line):
            before = line[:m.start()].rstrip()
            # street and institution names ("ul. Jana Pawła II", "im. Marii Konopnickiej") are not persons
            if m.group(1) in names and not re.search(r"(ul|al|pl|os|im|św)\.$|imienia$", before):
                found.append((number, f"imię i nazwisko: {m.group(0)}"))
    return found


def check_office_text(body: str, source: str) -> None:
    """Refuse an office text that holds personal data, naming the file and line."""
    problems = personal_data(body)
    if problems:
        raise ReportError("\n".join(f"{source}, wiersz {line}: {what} – tekst ośrodka publikowany w sprawozdaniu "
                                    "nie może zawierać danych osobowych; opisz rodzinę lub osobę bez nich"
                                    for line, what in problems))


# What makes a family recognisable when the count is 1 or 2: a placement, a court, a crisis
# or protection procedure, a named institution or project (quoted names).
_DETAIL = re.compile(r"piecz|placówk|pogotowi|sąd|Niebieskie Karty|przemoc|zabezpiecz|Ukrain|niepełnospraw|„",
                     re.IGNORECASE)
_SPAN = re.compile(r'\[([^\]]*)\]\{\.val data-id="([^"]+)"[^}]*\}')


def small_counts(markdown: dict[str, str], records: list[dict[str, str]]) -> list[dict[str, str]]:
    """Places where a count of people of 1 or 2 meets a detail: chapter, the value's label,
    the value and the sentence or table row it stands in (values as the report prints them).

    ``markdown`` maps a chapter's title to its Markdown, where a value is a span
    ``[2]{.val data-id="…"}``.
    """
    small = {r["id"]: r for r in records if r["unit"] in PEOPLE_UNITS and r["value"] in ("1", "2")}
    out = []
    for chapter, text in markdown.items():
        for block in re.split(r"\n\s*\n|\n(?=\|)", text):
            for m in _SPAN.finditer(block):
                record = small.get(m.group(2))
                if record is None:
                    continue
                plain = " ".join(_SPAN.sub(r"\1", block).replace("\\", "").split())
                if _DETAIL.search(plain) or _DETAIL.search(record["label_pl"]):
                    out.append({"chapter": chapter, "value": record["shown"], "label": record["label_pl"],
                                "context": plain if len(plain) <= 300 else plain[:297] + "…"})
    return out


def notebook_markdown(executed: dict[str, "Path"]) -> dict[str, str]:
    """The Markdown each executed chapter printed (text parts and tables), by chapter title."""
    import json

    out = {}
    for path in executed.values():
        nb = json.loads(path.read_text(encoding="utf-8"))
        title = next(("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                      for c in nb["cells"] if c["cell_type"] == "markdown"), path.stem)
        title = re.sub(r"\{[^}]*\}", "", title.split("\n")[0]).lstrip("# ").strip()
        parts = []
        for cell in nb["cells"]:
            for o in cell.get("outputs", []):
                text = o.get("text") if o.get("output_type") == "stream" else o.get("data", {}).get("text/markdown")
                if text:
                    parts.append("".join(text) if isinstance(text, list) else text)
        out[title] = "\n\n".join(parts)
    return out
