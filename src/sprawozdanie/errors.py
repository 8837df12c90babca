"""Errors the analyst sees: each names the file, row, column, what was found and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the inputs, located as precisely as we can.

    ``row`` is the spreadsheet row number (the header is row 1), or None when the
    problem concerns the whole file or column.

    >>> str(Problem("a.csv", 3, "n", "x", "liczba całkowita nieujemna"))
    "a.csv, wiersz 3, kolumna 'n': znaleziono 'x', oczekiwano: liczba całkowita nieujemna"
    """

    file: str
    row: int | None
    column: str | None
    found: str | None
    expected: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"wiersz {self.row}")
        if self.column:
            where.append(f"kolumna '{self.column}'")
        found = "" if self.found is None else f"znaleziono '{self.found}', "
        return f"{', '.join(where)}: {found}oczekiwano: {self.expected}"


class ReportError(Exception):
    """An error the command line reports as a message, without a traceback."""


class InputError(ReportError):
    """The year's inputs are invalid; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"Błędne dane wejściowe ({len(self.problems)}):\n{lines}")
