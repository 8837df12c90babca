"""What the report and the terminal say about versions, in Polish: the draft's mark, the
summary of a list of changes, and the corrections made after filing."""

from __future__ import annotations

from ..present.fmt import NBSP, count, date_pl
from . import diff
from .store import CORRECTION, DRAFT, FINAL, Version


def name(version: Version) -> str:
    """A version as the terminal and the page of changes name it.

    >>> name(Version(3, "projekt", "2026-03-02", "x"))
    'wersja nr 3 (projekt) z dnia 2 marca 2026 r.'
    >>> name(Version(5, "korekta", "2026-05-04", "x", 1))
    'wersja nr 5 (korekta nr 1) z dnia 4 maja 2026 r.'
    """
    status = {DRAFT: "projekt", FINAL: "wersja ostateczna", CORRECTION: f"korekta nr {version.correction}"}
    return f"wersja nr {version.number} ({status[version.status]}) z dnia {date_pl(version.date)}"


def mark(version: Version, before: Version | None) -> dict[str, str]:
    """The draft's mark for the renderers (``projekt``, and the page of changes when there is
    an earlier version to compare with); nothing for a final version or a correction."""
    if version.status != DRAFT:
        return {}
    correction = f" korekty nr {version.correction}" if version.correction else ""
    out = {
        "projekt": f"PROJEKT{correction} – wersja nr {version.number} z dnia {date_pl(version.date)}".replace(
            " r.", f"{NBSP}r."
        )
    }
    if before is not None:
        out |= {"changes-href": PAGE, "changes-label": f"Zmiany względem wersji nr {before.number}"}
    return out


PAGE = "zmiany.html"
CSV = "zmiany.csv"

_KINDS = {
    diff.NUMBER: ("liczba", "liczby", "liczb"),
    diff.SENTENCE: ("zdanie", "zdania", "zdań"),
    diff.HEADING: ("tytuł", "tytuły", "tytułów"),
    diff.CELL: ("komórka tabeli", "komórki tabel", "komórek tabel"),
    diff.ROW: ("wiersz tabeli", "wiersze tabel", "wierszy tabel"),
    diff.COLUMN: ("kolumna tabeli", "kolumny tabel", "kolumn tabel"),
    diff.TABLE: ("tabela", "tabele", "tabel"),
    diff.FIGURE: ("wykres", "wykresy", "wykresów"),
    diff.CHAPTER: ("rozdział", "rozdziały", "rozdziałów"),
    diff.ROWS: ("plik danych", "pliki danych", "plików danych"),
}
_VERBS = {diff.CHANGED: "zmieniono", diff.ADDED: "dodano", diff.REMOVED: "usunięto", diff.MOVED: "przeniesiono"}


def summary(changes: list[diff.Change]) -> str:
    """The changes counted in one clause per sort, in plain words.

    >>> c = diff.Change
    >>> summary([c("liczba", "zmieniono", "a", "x"), c("liczba", "zmieniono", "a", "y"),
    ...          c("zdanie", "dodano", "a", ""), c("tabela", "usunięto", "b", "t")]).replace(NBSP, " ")
    'zmieniono 2 liczby; dodano 1 zdanie; usunięto 1 tabelę'
    >>> summary([])
    'bez zmian'
    """
    if not changes:
        return "bez zmian"
    found = diff.counts(changes)
    clauses = []
    for what in (diff.CHANGED, diff.ADDED, diff.REMOVED, diff.MOVED):
        parts = [count(found[(kind, what)], *_accusative(kind)) for kind in _KINDS if found.get((kind, what))]
        if parts:
            clauses.append(f"{_VERBS[what]} {', '.join(parts)}")
    return "; ".join(clauses)


def _accusative(kind: str) -> tuple[str, str, str]:
    one, few, many = _KINDS[kind]
    accusative = {
        "liczba": "liczbę",
        "tabela": "tabelę",
        "komórka tabeli": "komórkę tabeli",
        "kolumna tabeli": "kolumnę tabeli",
    }
    return accusative.get(one, one), few, many


def corrections_markdown(entries: list[tuple[Version, list[diff.Change]]], titles: dict[str, str] | None = None) -> str:
    """The report's last section after filing: each correction, its date, what it changed
    and where (``titles``: the chapters' titles by id)."""
    from ..present.escape import md_escape

    if not entries:
        return ""
    numbers = any(c.kind == diff.NUMBER for _, changes in entries for c in changes)
    lines = [
        "# Korekty sprawozdania po jego złożeniu {#sec-korekty .unnumbered}",
        "",
        "Po złożeniu sprawozdania wprowadzono w nim "
        + ("korektę wymienioną" if len(entries) == 1 else "korekty wymienione")
        + " poniżej."
        + (
            " Zmienione liczby i wiersze danych, z których je obliczono, wymieniono w aneksie do sprawozdania."
            if numbers
            else ""
        ),
        "",
    ]
    for version, changes in entries:
        where = list(dict.fromkeys((titles or {}).get(c.chapter, "") for c in changes if c.chapter))
        named = [f"„{md_escape(t)}”" for t in where if t]
        place = (" (" + ("rozdział " if len(named) == 1 else "rozdziały: ") + ", ".join(named) + ")") if named else ""
        lines.append(f"- Korekta nr {version.correction} z dnia {date_pl(version.date)}: {summary(changes)}{place}.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    from ..present.escape import md_escape

    return str(md_escape(text)).replace("|", "\\|").replace("\n", " ")


def corrections_annex(entries: list[tuple[Version, list[diff.Change]]]) -> str:
    """The annex's list of corrections: each changed number with the input rows behind it."""
    if not entries:
        return ""
    lines = ["## Korekty po złożeniu sprawozdania {#korekty .unnumbered}", ""]
    for version, changes in entries:
        lines += [f"### Korekta nr {version.correction} z dnia {date_pl(version.date)} {{.unnumbered}}", ""]
        lines += [f"Zakres: {summary(changes)}.", ""]
        numbers = [c for c in changes if c.kind == diff.NUMBER]
        if numbers:
            lines += ["| Liczba | Było | Jest | Wiersze danych, które się zmieniły |", "|:--|--:|--:|:--|"]
            for c in numbers:
                rows = "; ".join(f"{file}: {', '.join(keys)}" for file, keys in c.rows.items()) or "–"
                lines.append(f"| {_cell(c.label)} | {_cell(c.old or '–')} | {_cell(c.new or '–')} | {_cell(rows)} |")
            lines.append("")
    return "\n".join(lines) + "\n"
