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
from functools import cache
from importlib import resources
from pathlib import Path

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


# The locative and dative of a stem's last consonant(s): "Agata" → "Agacie", "Piotr" → "Piotrze".
_SOFTENED = [
    ("st", "ście"),
    ("sł", "śle"),
    ("k", "ce"),
    ("g", "dze"),
    ("ch", "sze"),
    ("t", "cie"),
    ("d", "dzie"),
    ("r", "rze"),
    ("ł", "le"),
    ("n", "nie"),
    ("m", "mie"),
    ("w", "wie"),
    ("s", "sie"),
    ("z", "zie"),
    ("b", "bie"),
    ("p", "pie"),
    ("f", "fie"),
]


def _softened(stem: str) -> set[str]:
    for end, replaced in _SOFTENED:
        if stem.endswith(end):
            return {stem[: -len(end)] + replaced}
    return set()


def declined(name: str) -> set[str]:
    """The forms of a first name in every case, by the regular patterns (over-generated: a
    form no one uses costs nothing, a form missed lets a name through).

    >>> sorted(declined("Anna"))
    ['Anna', 'Anni', 'Annie', 'Anno', 'Anny', 'Anną', 'Annę']
    >>> {"Agnieszce", "Marii", "Mai", "Markiem", "Pawła", "Piotrze", "Antoniego", "Jerzemu"} <= (
    ...     declined("Agnieszka") | declined("Maria") | declined("Maja") | declined("Marek") | declined("Paweł")
    ...     | declined("Piotr") | declined("Antoni") | declined("Jerzy"))
    True
    """
    forms = {name}
    if name.endswith("a"):
        stem = name[:-1]
        forms |= {stem + "ę", stem + "ą", stem + "o", stem + "y", stem + "i"} | _softened(stem)
        if stem.endswith("j"):  # Maja → Mai; Alicja → Alicji
            forms.add(stem[:-1] + "i")
    elif name.endswith(("i", "y")):  # Antoni, Jerzy
        base = name if name.endswith("i") else name[:-1]
        forms |= {base + "ego", base + "emu", name + "m"}
    else:
        stem = name[:-2] + name[-1] if name.endswith(("ek", "eł")) else name  # Marek → Mark-, Paweł → Pawł-
        forms |= {stem + ending for ending in ("a", "owi", "em", "iem", "u", "ie", "e")} | _softened(stem)
    return forms


@cache
def _name_forms() -> tuple[frozenset[str], frozenset[str]]:
    """Every declined form of the listed first names, and their nominatives."""
    names = _first_names()
    return frozenset(f for n in names for f in declined(n)), names


_UP, _LOW = "A-ZĄĆĘŁŃÓŚŹŻ", "a-ząćęłńóśźż"
_CAP = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
# "Pan Kowalski", "pani Anna", "p. Nowak": a title before a capitalised word is a person.
_TITLED = re.compile(rf"\b(?:[Pp]an(?:i|a|u|em|ią)?|[Pp]\.)\s+({_CAP})")
# Two capitalised words (overlapping pairs: "Anna Maria Nowak" gives both).
_PAIR = re.compile(rf"(?<![{_UP}{_LOW}])(?=({_CAP})\s+({_CAP}))")
# "A. Nowak": an initial and a surname.
_INITIAL = re.compile(rf"(?<![{_UP}{_LOW}.])([{_UP}])\.\s?({_CAP})")
# "rodzina Kowalskich", "państwo Nowakowie": a family named by its surname.
_FAMILY = re.compile(
    rf"\b(?:[Rr]odzin\w*|[Pp]aństw[aouem]*|[Mm]ałżonk\w*|[Mm]ałżeńst\w*)\s+"
    rf"([{_UP}][{_LOW}]+(?:skich|ckich|dzkich|ów|owie|owi|owa|owej|ową|scy|ccy|dzcy|skiej|ckiej))\b"
)
# 11 digits, possibly in groups (spaces, dots, hyphens, a line break) but not part of a longer number.
_DIGITS11 = re.compile(
    r"(?<![0-9])(?<![0-9][ .\-\u00a0\u2009])(?:[0-9][ .\-\u00a0\u2009]?){10}[0-9]"
    r"(?![ .\-\u00a0\u2009]?[0-9])"
)
# Words after which a name is a street's, a patron's or a saint's, not a person's.
_PLACE_WORDS = {
    "ul.",
    "al.",
    "pl.",
    "os.",
    "im.",
    "św.",
    "bł.",
    "ks.",
    "księdza",
    "świętego",
    "świętej",
    "imienia",
    "ulicy",
    "ulica",
    "ulicę",
    "placu",
    "plac",
    "alei",
    "aleja",
    "osiedle",
    "osiedla",
    "osiedlu",
    "patrona",
    "patronem",
    "parafia",
    "parafii",
    "kardynała",
    "papieża",
    "błogosławionego",
    "generała",
    "gen.",
    # ranks and titles of a patron ("im. st. sierż. pilota Stanisława …")
    "st.",
    "sierż.",
    "sierżanta",
    "pilota",
    "por.",
    "porucznika",
    "kpt.",
    "kapitana",
    "mjr.",
    "majora",
    "płk.",
    "pułkownika",
    "prof.",
    "profesora",
    "dr.",
    "doktora",
    "hm.",
    "harcmistrza",
    "marsz.",
    "marszałka",
    "króla",
    "królowej",
    "hetmana",
    "biskupa",
    "abp.",
    "arcybiskupa",
}
_ROMAN = re.compile(r"\s+[IVX]+\b")


def _flatten(text: str) -> tuple[str, list[int]]:
    """The text as one line without Markdown emphasis (``*``, ``_``), and each character's line
    in the original: a name broken across lines or split by emphasis is one name again."""
    chars, lines, line = [], [], 1
    for c in text:
        if c == "\n":
            chars.append(" ")
            lines.append(line)
            line += 1
        elif c not in "*_":
            chars.append(c)
            lines.append(line)
    return "".join(chars), lines


def _after_place_word(plain: str, start: int) -> bool:
    before = plain[:start].split()[-5:]
    return any(w.casefold() in _PLACE_WORDS for w in before)


def personal_data(text: str) -> list[tuple[int, str]]:
    """(line, what) for each PESEL-like number or person's name found in a text.

    >>> personal_data("Rodzina pani Kowalskiej.\\nNr 44051401359.\\nAnna Nowak prowadzi zajęcia.")
    [(2, 'numer PESEL: 44051401359'), (1, 'nazwisko osoby: pani Kowalskiej'), (3, 'imię i nazwisko: Anna Nowak')]
    >>> personal_data("Świetlica „Promyk”, ul. Jana Pawła II 5, Poradnia Psychologiczno-Pedagogiczna.")
    []
    """
    forms, nominatives = _name_forms()
    plain, line_of = _flatten(text)
    found: list[tuple[int, str]] = []

    def add(at: int, what: str) -> None:
        if (line_of[at], what) not in found:
            found.append((line_of[at], what))

    for m in _DIGITS11.finditer(plain):
        if is_pesel(re.sub(r"[^0-9]", "", m.group(0))):
            add(m.start(), f"numer PESEL: {m.group(0)}")
    for m in _TITLED.finditer(plain):
        add(m.start(), f"nazwisko osoby: {m.group(0)}")
    for m in _PAIR.finditer(plain):
        first, second = m.group(1), m.group(2)
        if _after_place_word(plain, m.start()) or _ROMAN.match(plain, m.start() + len(first) + 1 + len(second)):
            continue
        if first in forms and second not in forms:
            add(m.start(), f"imię i nazwisko: {first} {second}")
        elif second in nominatives and first not in forms:
            add(m.start(), f"nazwisko i imię: {first} {second}")
    for m in _INITIAL.finditer(plain):
        if not _after_place_word(plain, m.start()):
            add(m.start(), f"inicjał i nazwisko: {m.group(0)}")
    for m in _FAMILY.finditer(plain):
        add(m.start(), f"nazwisko rodziny: {m.group(0)}")
    return found


def check_office_text(body: str, source: str) -> None:
    """Refuse an office text that holds personal data, naming the file and line."""
    problems = personal_data(body)
    if problems:
        raise ReportError(
            "\n".join(
                f"{source}, wiersz {line}: {what} – tekst ośrodka publikowany w sprawozdaniu "
                "nie może zawierać danych osobowych; opisz rodzinę lub osobę bez nich"
                for line, what in sorted(problems)
            )
        )


# What makes a family recognisable when the count is 1 or 2: a placement, a court, a crisis
# or protection procedure, a named institution or project (quoted names).
_DETAIL = re.compile(
    r"piecz|placówk|pogotowi|sąd|Niebieskie Karty|przemoc|zabezpiecz|Ukrain|niepełnospraw|„", re.IGNORECASE
)
_SPAN = re.compile(r'\[([^\]]*)\]\{\.val data-id="([^"]+)"[^}]*\}')


def plain_text(block: str, tables: dict[str, str] | None = None) -> str:
    """A block of the report's Markdown as a reader gets it: values as printed, references
    to tables as "Tabela nr 4", a table row's cells joined by dashes, no emphasis or escapes.

    >>> plain_text('| **Łącznie** | [2]{.val data-id="x"} |')
    'Łącznie – 2'
    >>> plain_text("w Tabeli nr -@tbl-a: *dzieci* \\[x\\]", {"tbl-a": "Tabela nr\u00a04"}).replace("\u00a0", " ")
    'w Tabeli nr 4: dzieci [x]'
    """
    from .render.quarto_md import plain_refs

    text = plain_refs(_SPAN.sub(r"\1", block), tables or {})
    rows = []
    for line in text.split("\n"):
        if re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line) and "-" in line:  # a table's separator line
            continue
        if line.strip().startswith("|"):
            line = " – ".join(c.strip() for c in line.strip().strip("|").split("|") if c.strip())
        rows.append(line)
    text = re.sub(r"(\*\*|\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", "\n".join(rows))
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes
    return " ".join(text.split())


def small_counts(
    markdown: dict[str, str], records: list[dict[str, str]], tables: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """Places where a count of people of 1 or 2 meets a detail: chapter, the value's label,
    the value and the sentence or table row it stands in (as the reader gets it: values as
    the report prints them, ``tables`` numbering the references).

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
                plain = plain_text(block, tables)
                if _DETAIL.search(plain) or _DETAIL.search(record["label_pl"]):
                    out.append(
                        {
                            "chapter": chapter,
                            "value": record["shown"],
                            "label": record["label_pl"],
                            "context": plain if len(plain) <= 300 else plain[:297] + "…",
                        }
                    )
    return out


def review_file_name(year: int) -> str:
    """The office's review file of small counts, beside the year's output folder (never in
    it: the folder is what the office publishes)."""
    return f"{year}-male-liczby-do-przejrzenia.txt"


def review_text(small: list[dict[str, str]], year: int) -> str:
    """The small counts as plain text for the office (any editor opens it), one place a block.

    >>> print(review_text([{"chapter": "Praca z rodziną", "value": "1", "label": "Rodziny w pieczy",
    ...                     "context": "Z 1 rodziny dzieci umieszczono w pieczy."}], 2025))  # doctest: +ELLIPSIS
    Małe liczby o osobach w sprawozdaniu za 2025 r. – do przejrzenia przed złożeniem sprawozdania
    ...
    1. Rozdział „Praca z rodziną”: 1 (Rodziny w pieczy)
       „Z 1 rodziny dzieci umieszczono w pieczy.”
    <BLANKLINE>
    """
    lines = [
        f"Małe liczby o osobach w sprawozdaniu za {year} r. – do przejrzenia przed złożeniem sprawozdania",
        "",
        "Ten plik jest tylko dla ośrodka: nie jest częścią sprawozdania ani aneksu i nie jest publikowany.",
        "W małej gminie liczba 1 albo 2 obok szczegółu (piecza zastępcza, sąd, procedura, nazwana",
        "placówka lub projekt) może wskazywać konkretną rodzinę. Sprawozdanie podaje te liczby, bo",
        "wymaga ich ustawa; przed złożeniem i opublikowaniem sprawozdania sprawdź, czy żadne",
        "z poniższych miejsc nie pozwala rozpoznać rodziny lub osoby. Listę wyszukano automatycznie;",
        "nie jest oceną.",
        "",
    ]
    if not small:
        lines.append("Żadna liczba osób, rodzin ani dzieci równa 1 lub 2 nie występuje obok takiego szczegółu.")
    for i, s in enumerate(small, start=1):
        lines += [f"{i}. Rozdział „{s['chapter']}”: {s['value']} ({s['label']})", f"   „{s['context']}”", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def printed_ids(markdown: dict[str, str]) -> set[str]:
    """The ledger ids of the values the chapters print (each value span's ``data-id``).

    >>> sorted(printed_ids({"a": '[5]{.val data-id="family_assistance.x" title="t"} i [6]{.val data-id="family_assistance.y"}'}))
    ['family_assistance.x', 'family_assistance.y']
    """
    return {m.group(2) for text in markdown.values() for m in _SPAN.finditer(text)}


def notebook_markdown(executed: dict[str, Path]) -> dict[str, str]:
    """The Markdown each executed chapter printed (text parts and tables), by chapter title."""
    import json

    out = {}
    for path in executed.values():
        nb = json.loads(path.read_text(encoding="utf-8"))
        title = next(
            (
                "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                for c in nb["cells"]
                if c["cell_type"] == "markdown"
            ),
            path.stem,
        )
        title = re.sub(r"\{[^}]*\}", "", title.split("\n")[0]).lstrip("# ").strip()
        parts = []
        for cell in nb["cells"]:
            for o in cell.get("outputs", []):
                text = o.get("text") if o.get("output_type") == "stream" else o.get("data", {}).get("text/markdown")
                if text:
                    parts.append("".join(text) if isinstance(text, list) else text)
        out[title] = "\n\n".join(parts)
    return out
