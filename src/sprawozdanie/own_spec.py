"""An own chapter's declaration in ``structure.yml`` (see own_chapter.py), read and checked:
the structure reads it here, apart from what builds the chapter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ReportError

FOLDER = "own"  # the book's name of a generated chapter: own/<id>.ipynb
TYPES = {"text": "tekst", "count": "liczba całkowita nieujemna", "money": "kwota w zł (np. 1234,50)"}
_ID = re.compile(r"[a-z][a-z0-9_]{1,39}")
RESERVED = {"sum", "ctl", "nie", "not_carried_out"}  # ledger prefixes (summary, control, passage), the passage


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    type: str  # text, count, money
    total: bool = False


@dataclass(frozen=True)
class Spec:
    """An own chapter as the structure declares it."""

    id: str
    title: str
    text: str  # the office text's name (teksty/<text>.md)
    file: str = ""  # the table's CSV in the year's folder; empty: no table
    caption: str = ""
    columns: tuple[Column, ...] = ()

    @property
    def notebook(self) -> str:
        return f"{FOLDER}/{self.id}.ipynb"

    @property
    def label(self) -> str:
        return "tbl-own-" + self.id.replace("_", "-")  # apart from the tool's labels

    @property
    def section(self) -> str:
        return "sec-own-" + self.id.replace("_", "-")


def _text(value, what: str, where: str, limit: int = 200) -> str:
    if not isinstance(value, str) or not value.strip() or "\n" in value.strip() or len(value) > limit:
        raise ReportError(f"{where}: {what} ma być jednym wierszem tekstu (do {limit} znaków)")
    return value.strip()


def parse(item: dict, where: str, taken: set[str]) -> Spec:
    """The declaration of an own chapter (one item of ``structure.yml``), checked: errors name
    the item and the field."""
    allowed = {"own", "title", "text", "table"}
    if set(item) - allowed:
        raise ReportError(
            f"{where}: nieznane pola {', '.join(sorted(set(item) - allowed))}; rozdział własny ma "
            "pola: own, title, text, table"
        )
    cid = item.get("own")
    if isinstance(cid, str) and (re.fullmatch(r"ch\d+", cid) or cid in RESERVED):
        taken = taken | {cid}  # the ledger's own prefixes: a number's id must stay unique
    if not isinstance(cid, str) or not _ID.fullmatch(cid) or cid in taken:
        raise ReportError(
            f"{where}: 'own' to identyfikator rozdziału własnego: małe litery bez polskich znaków, "
            f"cyfry i _, 2–40 znaków, inny niż identyfikatory pozostałych rozdziałów (podano {cid!r})"
        )
    title = _text(item.get("title"), "tytuł rozdziału (title)", where)
    text = item.get("text", cid)
    if not isinstance(text, str) or not re.fullmatch(r"[\w-]{1,60}", text):
        raise ReportError(f"{where}: 'text' to nazwa tekstu ośrodka (plik teksty/<nazwa>.md), podano {text!r}")
    table = item.get("table")
    if table is None:
        return Spec(cid, title, text)
    if not isinstance(table, dict) or set(table) - {"file", "caption", "columns"}:
        raise ReportError(f"{where}: 'table' ma pola file, caption i columns")
    file = table.get("file")
    if not isinstance(file, str) or not re.fullmatch(r"[\w-]{1,60}\.csv", file):
        raise ReportError(f"{where}: table.file to nazwa pliku CSV w folderze danych roku, np. {cid}.csv")
    caption = _text(table.get("caption"), "podpis tabeli (table.caption)", where)
    raw = table.get("columns")
    if not isinstance(raw, list) or not raw:
        raise ReportError(
            f"{where}: table.columns to lista kolumn, np. - {{name: dzialanie, header: Działanie, type: text}}"
        )
    columns = []
    for i, c in enumerate(raw, start=1):
        at = f"{where}, kolumna {i}"
        if not isinstance(c, dict) or set(c) - {"name", "header", "type", "total"}:
            raise ReportError(f"{at}: oczekiwano pól name, header, type (i total: true dla kolumny z sumą)")
        name = c.get("name")
        if not isinstance(name, str) or not _ID.fullmatch(name) or name in [x.name for x in columns]:
            raise ReportError(
                f"{at}: 'name' to nazwa kolumny w nagłówku pliku (małe litery, cyfry, _; "
                f"różna od innych), podano {name!r}"
            )
        kind = c.get("type")
        if kind not in TYPES:
            raise ReportError(f"{at}: 'type' to text, count albo money, podano {kind!r}")
        total = c.get("total", False)
        if not isinstance(total, bool) or (total and kind == "text"):
            raise ReportError(f"{at}: 'total: true' tylko dla kolumny count albo money")
        columns.append(Column(name, _text(c.get("header"), "nagłówek kolumny (header)", at, 80), kind, total))
    return Spec(cid, title, text, file, caption, tuple(columns))
