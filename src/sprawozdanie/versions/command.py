"""``sprawozdanie versions <year>`` (``wersje``) and ``sprawozdanie changes <year>`` (``zmiany``):
the recorded versions, and the changes between any two of them, in the terminal, as a CSV
or as the page of changes."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReportError
from ..paths import shown, write_whole
from . import diff, page, store, words


def _recorded(root: Path, year: int) -> list[store.Version]:
    found = store.read(store.folder(root, year))
    if not found:
        raise ReportError(
            f"nie zapisano jeszcze żadnej wersji sprawozdania za {year} r. "
            f"({shown(store.folder(root, year), root)}); wersję zapisuje polecenie: sprawozdanie build {year}"
        )
    return found


def listing(root: Path, year: int, say=print) -> None:
    """Each recorded version, oldest first."""
    for v in _recorded(root, year):
        say(f"{v.number:>3}  {words.name(v)}")


def _pick(found: list[store.Version], number: int, year: int) -> store.Version:
    match = next((v for v in found if v.number == number), None)
    if match is None:
        raise ReportError(
            f"nie ma wersji nr {number} sprawozdania za {year} r.; zapisane wersje: "
            + ", ".join(str(v.number) for v in found)
        )
    return match


def changes(
    root: Path,
    year: int,
    old: int | None = None,
    new: int | None = None,
    csv_file: Path | None = None,
    html_file: Path | None = None,
    say=print,
) -> page.Pair:
    """The changes from version ``old`` (by default the one before ``new``) to ``new`` (by
    default the latest), said in the terminal and, if asked, written as a CSV or a page."""
    where = store.folder(root, year)
    found = _recorded(root, year)
    b = _pick(found, new, year) if new is not None else found[-1]
    a = _pick(found, old, year) if old is not None else store.previous(found, b)
    if a is None:
        raise ReportError(f"wersja nr {b.number} jest pierwszą wersją: nie ma jej z czym porównać (podaj --od i --do)")
    if a.number >= b.number:
        raise ReportError(f"--od ({a.number}) musi wskazywać wersję wcześniejszą niż --do ({b.number})")
    before, after = store.load(where, a), store.load(where, b)
    pair = page.Pair(words.name(a), words.name(b), a.number, b.number, diff.compare(before, after))
    titles = {c["id"]: c["title"] for c in before["chapters"]} | {c["id"]: c["title"] for c in after["chapters"]}
    for line in page.lines(pair, titles):
        say(line)
    if csv_file:
        _write(csv_file, page.csv_text(pair, titles, _seen_from(root, year, csv_file)), root, say)
    if html_file:
        document = f"Sprawozdanie za rok {year}"
        _write(html_file, page.html(pair, titles, document, _seen_from(root, year, html_file)), root, say)
    return pair


def _write(path: Path, text: str, root: Path, say) -> None:
    from ..errors import os_error_pl

    try:
        write_whole(path, text)
    except OSError as exc:
        raise ReportError(f"nie zapisano pliku {shown(Path(path), root)}: {os_error_pl(exc)}") from exc
    say(f"zapisano {shown(Path(path), root)}")


def _seen_from(root: Path, year: int, written: Path) -> page.Where:
    """The report and its annex as seen from a file written elsewhere (the page's links)."""
    import os

    folder = Path(os.path.relpath(Path(root) / "output" / str(year), Path(written).resolve().parent)).as_posix()
    return page.Where(f"{folder}/report.html", f"{folder}/{page.ANNEX}")
