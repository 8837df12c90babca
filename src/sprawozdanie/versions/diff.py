"""What changed between two versions' snapshots (``snapshot.take``), as a reviewer reads it:
numbers (old → new, with the input rows whose hash differs), sentences (word by word),
table cells, and tables, figures and chapters added or removed. Pure functions.

A chapter added or removed is one change: what it holds is not listed again.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

NUMBER, SENTENCE, CELL, TABLE, FIGURE, CHAPTER, HEADING, ROWS = (
    "liczba",
    "zdanie",
    "komórka tabeli",
    "tabela",
    "wykres",
    "rozdział",
    "tytuł",
    "wiersze danych",
)
ROWS_LISTED = 50  # keys listed per file for rows that changed no number (the rest counted)
CHANGED, ADDED, REMOVED = "zmieniono", "dodano", "usunięto"
MARK = re.compile(r"⟦([^⟧]*)⟧")
TOKEN = re.compile(r"⟦[^⟧]*⟧\s*|\w+\s*|[^\w\s]\s*|\s+")  # a word with the space after it
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[„\"(⟦A-ZĄĆĘŁŃÓŚŹŻ])")


@dataclass(frozen=True)
class Change:
    kind: str  # NUMBER, SENTENCE, …
    what: str  # CHANGED, ADDED, REMOVED
    chapter: str  # the chapter's id (its title is in ``titles``)
    label: str  # the number's label, the table's caption, "" for a sentence
    old: str = ""  # as printed (values filled in)
    new: str = ""
    words: tuple[tuple[str, str], ...] = ()  # a sentence's or cell's word diff: ("=", "-", "+", text)
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)  # input rows whose hash differs, by file
    target: str = ""  # where it is in the new report: a value's id, a section's id or a label
    office: bool = False  # the office's own text
    annex_only: bool = False  # a number the report does not print (the annex lists it)
    page: str = ""  # the chapter whose page holds ``target``, when not ``chapter`` (Quarto's site)
    value_id: str = ""  # a number's id in the ledger (values.json, the annex)


def compare(old: dict, new: dict) -> list[Change]:
    """Every change from ``old`` to ``new``, in the new report's order (removed chapters last)."""
    old_chapters = {c["id"] for c in old.get("chapters", [])}
    new_chapters = {c["id"] for c in new.get("chapters", [])}
    gone, came = old_chapters - new_chapters, new_chapters - old_chapters
    changes: list[Change] = []
    for c in new.get("chapters", []):
        if c["id"] in came:
            changes.append(Change(CHAPTER, ADDED, c["id"], c["title"], new=c["title"], target=c.get("section", "")))
    for c in old.get("chapters", []):
        if c["id"] in gone:
            changes.append(Change(CHAPTER, REMOVED, c["id"], c["title"], old=c["title"]))
    skip = gone | came
    changes += _values(old, new, skip)
    changes += _text(old, new, skip)
    changes += _other_rows(old, new, changes)
    order = {c["id"]: i for i, c in enumerate(new.get("chapters", []))}
    order.update({c["id"]: len(order) + i for i, c in enumerate(old.get("chapters", [])) if c["id"] in gone})
    kinds = [CHAPTER, HEADING, SENTENCE, TABLE, CELL, FIGURE, NUMBER, ROWS]
    return sorted(changes, key=lambda ch: (order.get(ch.chapter, len(order)), kinds.index(ch.kind)))


def chapter_of(value_id: str, chapters: set[str]) -> str:
    """The chapter a ledger id belongs to: its prefix (``family_assistance.…``), or the
    summary's for its own values (``sum.…``)."""
    head = value_id.split(".", 1)[0]
    return head if head in chapters else ("summary" if "summary" in chapters else "")


def _values(old: dict, new: dict, skip: set[str]) -> list[Change]:
    from ..render.appendix import anchor
    from .snapshot import first_printed

    ov, nv = old.get("values", {}), new.get("values", {})
    where = first_printed(new)  # the chapter that prints each value first
    sections = {c["id"]: c.get("section", "") for c in new.get("chapters", [])}
    chapters = {c["id"] for c in new.get("chapters", [])} | {c["id"] for c in old.get("chapters", [])}
    out = []
    for vid in list(nv) + [v for v in ov if v not in nv]:
        a, b = ov.get(vid), nv.get(vid)
        chapter = (b or a).get("chapter") or chapter_of(vid, chapters)
        if chapter in skip or (a and b and (a["shown"], a["value"]) == (b["shown"], b["value"])):
            continue
        what = CHANGED if a and b else ADDED if b else REMOVED
        rows = changed_rows(old.get("inputs", {}), new.get("inputs", {}), (a or {}).get("rows"), (b or {}).get("rows"))
        out.append(
            Change(
                NUMBER,
                what,
                chapter,
                (b or a)["label"],
                old=a["shown"] if a else "",
                new=b["shown"] if b else "",
                rows=rows,
                # its first place in the chapter that prints it (render/assets/anchors.lua),
                # or its row in the annex
                target=(f"{sections.get(where[vid], '')}-{anchor(vid)}" if vid in where else anchor(vid)) if b else "",
                annex_only=bool(b) and vid not in where,
                page=where.get(vid, ""),
                value_id=vid,
            )
        )
    return out


def _other_rows(old: dict, new: dict, changes: list[Change]) -> list[Change]:
    """Input rows that changed, were added or removed, and that no changed number names (a
    column the report does not print, a row no number counts): one change per file, listed
    last, so that an auditor sees every input that moved."""
    named: dict[str, set[str]] = {}
    for c in changes:
        for file, keys in c.rows.items():
            named.setdefault(file, set()).update(keys)
    a, b = old.get("inputs", {}), new.get("inputs", {})
    out = []
    for file in sorted(set(a) | set(b)):
        x, y = a.get(file, {}), b.get(file, {})
        keys = [k for k in dict.fromkeys([*x, *y]) if x.get(k) != y.get(k) and k not in named.get(file, ())]
        if keys:
            what = ADDED if not x else REMOVED if not y else CHANGED
            out.append(Change(ROWS, what, "", file, new=str(len(keys)), rows={file: tuple(keys[:ROWS_LISTED])}))
    return out


def changed_rows(old_inputs: dict, new_inputs: dict, old_rows: dict | None, new_rows: dict | None) -> dict:
    """Of the rows a value names (in either version), those whose hash differs, by file: a
    row changed, added or removed. A value that names no rows: every differing row of the
    files it names is unknown, so nothing is listed."""
    out: dict[str, tuple[str, ...]] = {}
    for file in sorted(set(old_rows or {}) | set(new_rows or {})):
        keys = list(dict.fromkeys([*(old_rows or {}).get(file, []), *(new_rows or {}).get(file, [])]))
        a, b = old_inputs.get(file, {}), new_inputs.get(file, {})
        differ = tuple(k for k in keys if a.get(k) != b.get(k))
        if differ:
            out[file] = differ
    return out


def _fill(text: str, snapshot: dict) -> str:
    """A recorded text as printed in ``snapshot``'s report: each ⟦id⟧ by its value, each
    ⟦@label⟧ by its number ("Tabeli nr ⟦@tbl-a⟧" → "Tabeli nr 3")."""

    def one(m: re.Match) -> str:
        key = m.group(1)
        if key.startswith("@"):
            return re.sub(r"^\D*", "", snapshot.get("numbers", {}).get(key[1:], "")) or "…"
        return snapshot.get("values", {}).get(key, {}).get("shown", "…")

    return MARK.sub(one, text)


def sentences(text: str) -> list[str]:
    """A paragraph's sentences (list items and short lines are one each).

    >>> sentences("Ala ma kota. W 2025 r. w gminie ⟦a.b⟧ rodzin. Koniec")
    ['Ala ma kota.', 'W 2025 r. w gminie ⟦a.b⟧ rodzin.', 'Koniec']
    """
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def words(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The word-level difference of two texts: runs kept ("="), deleted ("-"), inserted ("+").

    >>> words("Ala ma kota.", "Ala ma psa.")
    (('=', 'Ala ma '), ('-', 'kota'), ('+', 'psa'), ('=', '.'))
    """
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(("-", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("+", "".join(b[j1:j2])))
    return _spaces_out(out)


def _spaces_out(ops: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """A space ending both sides of a change is kept text, not changed: "[− a ][+ b ]c" → "[− a][+ b] c"."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(ops):
        if ops[i][0] == "=":
            out.append(ops[i])
            i += 1
            continue
        j = i
        while j < len(ops) and ops[j][0] != "=":
            j += 1
        run = ops[i:j]
        space = " " if all(t.endswith(" ") for _, t in run) else ""
        out += [(op, t[: len(t) - len(space)]) for op, t in run]
        if space:
            if j < len(ops):
                ops[j] = ("=", space + ops[j][1])
            else:
                out.append(("=", space))
        i = j
    return tuple((op, t) for op, t in out if t)


def _fill_words(ops: tuple[tuple[str, str], ...], old: dict, new: dict) -> tuple:
    return tuple((op, _fill(t, old if op == "-" else new)) for op, t in ops)


def _parts(snapshot: dict) -> dict[tuple[str, str], list[dict]]:
    parts: dict[tuple[str, str], list[dict]] = {}
    for b in snapshot.get("blocks", []):
        parts.setdefault((b["chapter"], b["anchor"]), []).append(b)
    return parts


def _text(old: dict, new: dict, skip: set[str]) -> list[Change]:
    """Sentences, headings, tables and figures: each part (anchor) compared with the same part."""
    op, np_ = _parts(old), _parts(new)
    out: list[Change] = []
    sections = {c["id"]: c.get("section", "") for c in new.get("chapters", [])}
    for key in list(np_) + [k for k in op if k not in np_]:
        chapter, anchor = key
        if chapter in skip:
            continue
        a, b = op.get(key, []), np_.get(key, [])
        section = sections.get(chapter, "")
        out += _sentences_of(chapter, section, a, b, old, new)
        out += _tables_of(chapter, anchor, a, b, old, new)
        out += _figures_of(chapter, anchor, a, b)
    return out


def _sentence_list(blocks: list[dict]) -> list[tuple[str, str, bool]]:
    """(kind, sentence, office) of a part's paragraphs and headings."""
    out = []
    for b in blocks:
        if b["kind"] == "heading":
            out.append((HEADING, b["text"], False))
        elif b["kind"] == "text":
            out += [(SENTENCE, s, bool(b.get("office"))) for s in sentences(b["text"])]
    return out


def _sentences_of(chapter, section, a, b, old, new) -> list[Change]:
    x, y = _sentence_list(a), _sentence_list(b)
    out = []
    matcher = difflib.SequenceMatcher(None, [s for _, s, _ in x], [s for _, s, _ in y], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = x[i1:i2], y[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for (kind, s, office), (_, t, office2) in zip(olds[:paired], news[:paired], strict=True):
            out.append(
                Change(
                    kind,
                    CHANGED,
                    chapter,
                    "",
                    old=_fill(s, old),
                    new=_fill(t, new),
                    words=_fill_words(words(s, t), old, new),
                    target=section,
                    office=office or office2,
                )
            )
        for kind, s, office in olds[paired:]:
            out.append(Change(kind, REMOVED, chapter, "", old=_fill(s, old), office=office))
        for kind, t, office in news[paired:]:
            out.append(Change(kind, ADDED, chapter, "", new=_fill(t, new), target=section, office=office))
    return out


def _tables_of(chapter, anchor, a, b, old, new) -> list[Change]:
    ta = [t for t in a if t["kind"] == "table"]
    tb = [t for t in b if t["kind"] == "table"]
    out = []
    for i in range(max(len(ta), len(tb))):
        x, y = (ta[i] if i < len(ta) else None), (tb[i] if i < len(tb) else None)
        target = anchor if anchor.startswith("tbl-") else ""
        if x is None or y is None:
            t = x or y
            caption = _fill(t["text"], old if x else new)
            number = (old if x else new).get("numbers", {}).get(anchor, "")
            if number.replace("\u00a0", " ").startswith("Tabela nr"):  # as the reader knew it, or will
                caption = f"{number} – {caption}"
            out.append(Change(TABLE, ADDED if y else REMOVED, chapter, caption, target=target if y else ""))
            continue
        caption = _fill(y["text"], new)
        out += _cells_of(chapter, caption, target, x, y, old, new)
    return out


def _row_label(row: list[str]) -> str:
    return row[0] if row else ""


def _cells_of(chapter, caption, target, x, y, old, new) -> list[Change]:
    """A table's changed cells: rows matched by their first cell (the row's label), columns
    named by the header; a row added or removed is one change."""
    header = (y.get("header") or [[]])[-1]
    xs, ys = x.get("header", []) + x.get("rows", []), y.get("header", []) + y.get("rows", [])
    matcher = difflib.SequenceMatcher(None, [_row_label(r) for r in xs], [_row_label(r) for r in ys], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs = list(zip(xs[i1:i2], ys[j1:j2], strict=True))
        elif op == "replace" and i2 - i1 == j2 - j1:
            pairs = list(zip(xs[i1:i2], ys[j1:j2], strict=True))
        else:
            pairs = []
            for r in xs[i1:i2]:
                out.append(_row_change(REMOVED, chapter, caption, r, old, ""))
            for r in ys[j1:j2]:
                out.append(_row_change(ADDED, chapter, caption, r, new, target))
        for r, s in pairs:
            for col in range(max(len(r), len(s))):
                c, d = (r[col] if col < len(r) else ""), (s[col] if col < len(s) else "")
                if c == d:
                    continue
                column = header[col] if col < len(header) else f"kolumna {col + 1}"
                where = f"{caption} – wiersz „{_fill(_row_label(s), new)}”, kolumna „{column}”"
                out.append(
                    Change(
                        CELL,
                        CHANGED,
                        chapter,
                        where,
                        old=_fill(c, old),
                        new=_fill(d, new),
                        words=_fill_words(words(c, d), old, new),
                        target=target,
                    )
                )
    return out


def _row_change(what, chapter, caption, row, snap, target) -> Change:
    text = " | ".join(_fill(c, snap) for c in row)
    label = f"{caption} – wiersz „{_fill(_row_label(row), snap)}”"
    return Change(CELL, what, chapter, label, **({"new": text} if what == ADDED else {"old": text}), target=target)


def _figures_of(chapter, anchor, a, b) -> list[Change]:
    fa = [f for f in a if f["kind"] == "figure"]
    fb = [f for f in b if f["kind"] == "figure"]
    out = []
    for i in range(max(len(fa), len(fb))):
        x, y = (fa[i] if i < len(fa) else None), (fb[i] if i < len(fb) else None)
        if x is None or y is None:
            f = x or y
            out.append(Change(FIGURE, ADDED if y else REMOVED, chapter, f["text"], target=anchor if y else ""))
        elif x["text"] != y["text"]:
            out.append(
                Change(
                    FIGURE,
                    CHANGED,
                    chapter,
                    y["text"],
                    old=x["text"],
                    new=y["text"],
                    words=words(x["text"], y["text"]),
                    target=anchor,
                )
            )
    return out


def counts(changes: list[Change]) -> dict[tuple[str, str], int]:
    """How many changes of each kind and sort."""
    out: dict[tuple[str, str], int] = {}
    for c in changes:
        out[(c.kind, c.what)] = out.get((c.kind, c.what), 0) + 1
    return out
