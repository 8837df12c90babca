"""Errors the analyst sees: each names the file, row, column, what was found and what was expected."""

from __future__ import annotations

import errno
import unicodedata
from dataclasses import dataclass


def visible(text: str) -> str:
    """Text with its invisible characters shown by code point (a zero-width space copied
    from a web page makes a code look right and still not match).

    >>> visible("AS\u200b-1"), visible("a\u00a0b")
    ('AS<U+200B>-1', 'a<U+00A0>b')
    """
    return "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cf", "Cc", "Zs", "Zl", "Zp") and c != " " else c
        for c in text
    )


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
        found = "" if self.found is None else f"znaleziono '{visible(self.found)}', "
        return f"{', '.join(where)}: {found}oczekiwano: {self.expected}"


class ReportError(Exception):
    """An error the command line reports as a message, without a traceback."""


class InputError(ReportError):
    """The year's inputs are invalid; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or ""))
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"Błędne dane wejściowe ({len(self.problems)}):\n{lines}")


class ProgramError(ReportError):
    """A bug in the program, not in the inputs: ``details`` (a traceback) goes to a log file."""

    def __init__(self, message: str, details: str, notebook=None):
        super().__init__(message)
        self.details = details
        self.notebook = notebook  # the executed notebook that failed, if a chapter's code did


# What the file system said, in the analyst's words, and what to do about it.
_OS_ERRORS = {
    errno.EACCES: ("brak uprawnień", "sprawdź uprawnienia do tego folderu lub pliku albo wybierz inny folder"),
    errno.EPERM: ("brak uprawnień", "sprawdź uprawnienia do tego folderu lub pliku albo wybierz inny folder"),
    errno.EROFS: ("dysk lub folder tylko do odczytu", "wybierz folder, w którym można zapisywać"),
    errno.ENOSPC: ("brak miejsca na dysku", "zwolnij miejsce na dysku i uruchom polecenie ponownie"),
    errno.EDQUOT: ("przekroczony limit miejsca na dysku", "zwolnij miejsce i uruchom polecenie ponownie"),
    errno.ENOENT: ("nie ma takiego pliku ani folderu", "sprawdź ścieżkę (np. data_dir w pliku parametrów)"),
    errno.ENOTDIR: ("w ścieżce jest plik tam, gdzie powinien być folder", "usuń lub przenieś ten plik"),
    errno.EISDIR: ("to folder, a oczekiwano pliku", "sprawdź ścieżkę"),
    errno.EEXIST: ("plik lub folder już istnieje", "usuń go lub przenieś i uruchom polecenie ponownie"),
    errno.EBUSY: ("plik jest używany przez inny program", "zamknij go (np. w Excelu) i uruchom polecenie ponownie"),
}


def os_error_pl(exc: OSError) -> str:
    """An error of the file system as one Polish sentence: what, where, what to do.

    >>> print(os_error_pl(PermissionError(errno.EACCES, "Permission denied", "output/2025")))
    output/2025: brak uprawnień (Permission denied); sprawdź uprawnienia do tego folderu lub pliku albo wybierz inny folder
    """
    what, todo = _OS_ERRORS.get(exc.errno, ("błąd systemu plików", "sprawdź ten plik lub folder"))
    where = exc.filename if exc.filename is not None else "plik lub folder"
    return f"{where}: {what} ({exc.strerror or exc}); {todo}"
