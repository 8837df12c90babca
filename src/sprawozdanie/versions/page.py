"""The list of changes between two versions, for people: a page beside the report
(``zmiany.html``, each change a link to its place), a CSV, and lines for the terminal."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from . import diff
from .words import summary

ANNEX = "aneks/aneks.html"
STYLE = """
body{font:1rem/1.5 system-ui,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;margin:0 auto;
max-width:52rem;padding:1rem}
h1{font-size:1.5rem;line-height:1.25}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #767676}
.dokument{margin:0;color:#404040}
.pomin{position:absolute;left:-999px}.pomin:focus{position:static}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
ol.zmiany{padding-left:2.2rem}li.zmiana{margin:0 0 1rem}li.zmiana p{margin:.2rem 0}
.co{font-weight:600}.tekst-osrodka{font-weight:400;font-style:italic}
a{color:#0b57a4}a:focus{outline:3px solid #1a1a1a;outline-offset:2px}
li.zmiana:target{background:#fff8d6}
del{text-decoration:line-through;background:#fde8e8;color:#7a0000}
ins{text-decoration:underline;background:#e3f4e6;color:#0b4a17}
.tekst,.wiersze{overflow-wrap:anywhere}.plik{font-family:monospace}
dl.wersje{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}dl.wersje dt{font-weight:600}
dl.wersje dd{margin:0}
kbd{border:1px solid #767676;border-radius:3px;padding:0 .25rem}
@media print{.pomin,.klawisze{display:none}a{color:inherit}}
"""

# N / P move between the changes' links (Tab does too): for a long list read from the keyboard.
SCRIPT = """
document.addEventListener("keydown", function (e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target.tagName;
  if (t === "INPUT" || t === "TEXTAREA") return;
  var key = e.key.toLowerCase();
  if (key !== "n" && key !== "p") return;
  var links = Array.prototype.slice.call(document.querySelectorAll("a.do-miejsca"));
  if (!links.length) return;
  var at = links.indexOf(document.activeElement);
  var next = key === "n" ? (at < 0 ? 0 : Math.min(at + 1, links.length - 1)) : Math.max(at - 1, 0);
  links[next].focus();
  e.preventDefault();
});
"""

_HEADINGS = {
    (diff.NUMBER, diff.CHANGED): "Zmieniona liczba",
    (diff.NUMBER, diff.ADDED): "Nowa liczba",
    (diff.NUMBER, diff.REMOVED): "Usunięta liczba",
    (diff.SENTENCE, diff.CHANGED): "Zmienione zdanie",
    (diff.SENTENCE, diff.ADDED): "Nowe zdanie",
    (diff.SENTENCE, diff.REMOVED): "Usunięte zdanie",
    (diff.HEADING, diff.CHANGED): "Zmieniony tytuł",
    (diff.HEADING, diff.ADDED): "Nowy tytuł",
    (diff.HEADING, diff.REMOVED): "Usunięty tytuł",
    (diff.CELL, diff.CHANGED): "Zmieniona komórka tabeli",
    (diff.ROW, diff.ADDED): "Nowy wiersz tabeli",
    (diff.ROW, diff.REMOVED): "Usunięty wiersz tabeli",
    (diff.COLUMN, diff.ADDED): "Nowa kolumna tabeli",
    (diff.COLUMN, diff.REMOVED): "Usunięta kolumna tabeli",
    (diff.TABLE, diff.CHANGED): "Zmieniony tytuł tabeli",
    (diff.TABLE, diff.ADDED): "Nowa tabela",
    (diff.TABLE, diff.REMOVED): "Usunięta tabela",
    (diff.FIGURE, diff.CHANGED): "Zmieniony opis wykresu",
    (diff.FIGURE, diff.ADDED): "Nowy wykres",
    (diff.FIGURE, diff.REMOVED): "Usunięty wykres",
    (diff.ROWS, diff.CHANGED): "Wiersze danych zmienione bez zmiany liczb sprawozdania",
    (diff.ROWS, diff.ADDED): "Nowy plik danych bez wpływu na liczby sprawozdania",
    (diff.ROWS, diff.REMOVED): "Usunięty plik danych bez wpływu na liczby sprawozdania",
    (diff.CHAPTER, diff.ADDED): "Nowy rozdział",
    (diff.CHAPTER, diff.REMOVED): "Usunięty rozdział",
    (diff.CHAPTER, diff.MOVED): "Rozdział w innym miejscu sprawozdania",
}


def heading(c: diff.Change) -> str:
    """A change in a few words: its sort and what it concerns."""
    head = _HEADINGS[(c.kind, c.what)] + (" (podana tylko w aneksie do sprawozdania)" if c.annex_only else "")
    head += " (tekst ośrodka)" if c.office else ""
    return f"{head}: {c.label}" if c.label else head


@dataclass(frozen=True)
class Where:
    """Where the report's parts are, seen from the page of changes: the one-page report (or
    the Quarto site's first page), the annex, and each chapter's own page on a site."""

    report: str = "report.html"
    annex: str = ANNEX
    pages: dict[str, str] = field(default_factory=dict)

    def of(self, chapter: str) -> str:
        return self.pages.get(chapter, self.report)


def place(c: diff.Change, where: Where = Where()) -> str:
    """The link to a change's place: a number where it is first printed (or its entry in
    the annex, when the report does not print it), a table or figure by its label, text by
    its chapter's section."""
    if not c.target:
        return ""
    return f"{where.annex if c.annex_only else where.of(c.page or c.chapter)}#{c.target}"


def _group(c: diff.Change, titles: dict[str, str]) -> str:
    return titles.get(c.chapter) or ("Dane źródłowe" if c.kind == diff.ROWS else "Poza rozdziałami")


def _rows_count(c: diff.Change) -> str:
    """How many rows of a file changed that no number names (``diff.ROWS``), and how many are listed."""
    from ..present.fmt import count

    if c.kind != diff.ROWS:
        return ""
    if list(c.rows.values()) == [(diff.WHOLE_FILE,)]:
        return "zmieniono treść pliku"
    listed = sum(len(k) for k in c.rows.values())
    said = count(c.count, "wiersz", "wiersze", "wierszy")
    return said + ("" if listed == c.count else f"; wymieniono pierwsze {listed}")


def _rows(c: diff.Change) -> list[tuple[str, str]]:
    """The input rows of a change by file, their keys listed (a whole file: no key)."""
    listed = sum(len(k) for k in c.rows.values())
    more = c.count - listed if c.kind == diff.NUMBER and c.count > listed else 0
    out = [(file, ", ".join(k for k in keys if k != diff.WHOLE_FILE)) for file, keys in c.rows.items()]
    if more and out:
        file, keys = out[-1]
        out[-1] = (file, f"{keys} i {more} innych")
    return out


@dataclass(frozen=True)
class Pair:
    """Two versions compared: their names (``words.name``) and the changes."""

    old_name: str
    new_name: str
    old_number: int
    new_number: int
    changes: list[diff.Change]


def html(pair: Pair, titles: dict[str, str], document: str, where: Where = Where()) -> str:
    """The page of changes (``titles``: each chapter's title by its id)."""
    import jinja2

    from ..render.csp import first_in_head, source_hash

    groups: list[dict] = []
    for nr, c in enumerate(pair.changes, start=1):
        title = _group(c, titles)
        if not groups or groups[-1]["title"] != title:
            groups.append({"title": title, "changes": []})
        groups[-1]["changes"].append(
            {
                "nr": nr,
                "heading": heading(c),
                "href": place(c, where) or f"#zmiana-{nr}",
                "office": c.office,
                "words": c.words,
                "old": "" if c.kind == diff.ROWS else c.old,
                "new": "" if c.kind == diff.ROWS else c.new,
                "kind": c.kind,
                "count": _rows_count(c),
                "rows": _rows(c),
            }
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=True, keep_trailing_newline=True
    )
    page = env.get_template("zmiany.html.j2").render(
        title=document,
        heading=f"Zmiany w wersji nr {pair.new_number} względem wersji nr {pair.old_number}",
        new_name=pair.new_name,
        old_name=pair.old_name,
        report_href=where.report,
        summary=summary(pair.changes),
        groups=groups,
        style=STYLE,
        script=SCRIPT,
    )
    policy = f"default-src 'none'; style-src {source_hash(STYLE)}; script-src {source_hash(SCRIPT)}"
    return first_in_head(page, policy)


def _plain(c: diff.Change) -> str:
    if c.kind == diff.ROWS:
        return _rows_count(c)
    if c.words:
        return "".join(t if op == "=" else f"[{'−' if op == '-' else '+'} {t}]" for op, t in c.words)
    if c.old and c.new:
        return f"{c.old} → {c.new}"
    return c.old or c.new


def csv_text(pair: Pair, titles: dict[str, str], where: Where = Where()) -> str:
    """The same list as a CSV (UTF-8 with BOM and semicolons, as Excel in Poland opens it)."""
    out = io.StringIO()
    from ..present.escape import csv_row

    columns = [
        "nr",
        "rozdział",
        "zmiana",
        "dotyczy",
        "id liczby",
        "było",
        "jest",
        "zmiana słów",
        "wiersze danych",
        "miejsce",
    ]
    writer = csv.DictWriter(out, columns, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for nr, c in enumerate(pair.changes, start=1):
        row = {
            "nr": str(nr),
            "rozdział": _group(c, titles),
            "zmiana": heading(c).split(": ", 1)[0],
            "dotyczy": c.label,
            "id liczby": c.value_id,
            "było": c.old,
            "jest": c.new,
            "zmiana słów": _plain(c) if c.words or c.kind == diff.ROWS else "",
            "wiersze danych": "; ".join(f"{file}: {keys}" if keys else file for file, keys in _rows(c)),
            "miejsce": place(c, where),
        }
        # a cell is never a formula (=, +, -, @ first), but a number's old and new forms
        writer.writerow(csv_row(row, numeric=("nr", "było", "jest") if c.kind == diff.NUMBER else ("nr",)))
    return "\ufeff" + out.getvalue()


def lines(pair: Pair, titles: dict[str, str]) -> list[str]:
    """The list for the terminal."""
    out = [
        f"Zmiany w wersji nr {pair.new_number} względem wersji nr {pair.old_number}: {summary(pair.changes)}.",
    ]
    chapter = None
    for nr, c in enumerate(pair.changes, start=1):
        if c.chapter != chapter:
            chapter = c.chapter
            out.append(f"\n{_group(c, titles)}")
        out.append(f"  {nr}. {heading(c)}")
        text = _plain(c)
        if text and text != c.label:
            out.append(f"     {text}")
        for file, keys in _rows(c):
            out.append(f"     wiersze danych: {file}: {keys}" if keys else f"     wiersze danych: cały plik {file}")
    return out
