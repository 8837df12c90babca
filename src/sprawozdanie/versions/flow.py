"""A build's versions step: after the chapters have run and before rendering, the build's
snapshot is compared with the latest version; the version the report is (a new one, or the
latest when nothing changed) gives the draft's mark, the page of changes and the list of
corrections. The new version is recorded only once the report is in place."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import diff, page, snapshot, store, words


@dataclass
class Versioned:
    where: Path  # versions/<year>/
    data: bytes  # this build's snapshot
    recorded: list[store.Version]  # before this build
    new: store.Version | None  # what this build records (None: nothing changed)
    shown: store.Version  # what the report is
    before: store.Version | None  # what it is compared with
    changes: list[diff.Change] = field(default_factory=list)
    corrections: list[tuple[store.Version, list[diff.Change]]] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def all(self) -> list[store.Version]:
        return [*self.recorded, self.new] if self.new else list(self.recorded)

    @property
    def index_digest(self) -> str:
        """The record of versions as it is once this build's version is recorded."""
        return store.digest(store.index_bytes(self.all))

    def meta(self) -> dict[str, str]:
        return words.mark(self.shown, self.before)

    def pair(self) -> page.Pair | None:
        if self.before is None:
            return None
        return page.Pair(
            words.name(self.before), words.name(self.shown), self.before.number, self.shown.number, self.changes
        )

    def said(self) -> str:
        """The build's line on its version."""
        if self.new is None:
            return (
                f"wersja: treść bez zmian od wersji nr {self.shown.number} – nie zapisano nowej wersji "
                f"({words.name(self.shown)})"
            )
        against = f"; względem wersji nr {self.before.number}: {words.summary(self.changes)}" if self.before else ""
        return f"wersja: {words.name(self.new)}{against}"

    def write_pages(self, folder: Path, document: str, site: dict[str, str] | None = None) -> list[Path]:
        """The page of changes and its CSV, beside a draft's or a correction's report (the
        final version filed with the council has none). On Quarto's site (``site``: each
        chapter's page by its id; the report is ``html/``) the page is in the site's folder."""
        pair = self.pair()
        if pair is None or self.shown.status == store.FINAL:
            return []
        where = page.Where()
        if site is not None:
            folder = folder / "html"
            where = page.Where("index.html", page.ANNEX, site)
        html = folder / words.PAGE
        html.write_text(page.html(pair, self.titles, document, where), encoding="utf-8")
        table = folder / words.CSV
        table.write_text(page.csv_text(pair, self.titles, where), encoding="utf-8")
        return [html, table]

    def record(self, root: Path, output: Path) -> None:
        """After the report is in place: the new version; and the filed version's files,
        whenever the report is that version and they are not kept yet (a copy that failed
        is made again by the next build)."""
        if self.new is not None:
            store.record(self.where, self.recorded, self.new, self.data, root)
        if self.shown.status == store.FINAL:
            store.keep_filed_files(self.where, self.shown, output, root)


def prepare(
    root: Path,
    year: int,
    final: bool,
    chapters: dict[str, Path],
    records: list[dict],
    numbers: dict[str, str],
    inputs: dict[str, dict[str, str]],
    variables: dict | None = None,
    parts: dict[str, str] | None = None,
    front: dict[str, str] | None = None,
) -> Versioned:
    """The versions step (see the module's note). ``chapters``: the executed notebooks in
    report order; ``numbers``: each table's and figure's number by label; ``inputs``: the
    row hashes of every input (``snapshot.row_hashes``); ``parts``: the report's parts the
    build writes itself, Markdown by id, after the chapters."""
    snap = snapshot.take(chapters, records, inputs, year, variables, parts, front)
    snap["numbers"] = dict(sorted(numbers.items()))
    data = snapshot.dumps(snap)
    where = store.folder(root, year)
    recorded = store.read(where)
    new = store.decide(recorded, store.digest(data), final, store.today())
    shown = store.shown_version(recorded, new, store.digest(data), final)
    everything = [*recorded, new] if new else recorded
    before = store.previous(everything, shown)
    loaded: dict[int, dict] = {}

    def content(v: store.Version) -> dict:
        if v.digest == store.digest(data):
            return snap
        if v.number not in loaded:
            loaded[v.number] = store.load(where, v)
        return loaded[v.number]

    changes = diff.compare(content(before), snap) if before else []
    corrections = []
    for v in everything:
        if v.status == store.CORRECTION and v.number <= shown.number:
            earlier = store.previous(everything, v)
            corrections.append((v, diff.compare(content(earlier), content(v)) if earlier else []))
    titles = {c["id"]: c["title"] for c in snap["chapters"]}
    if before:
        titles = {c["id"]: c["title"] for c in content(before)["chapters"]} | titles
    return Versioned(where, data, recorded, new, shown, before, changes, corrections, titles)
