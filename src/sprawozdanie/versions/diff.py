"""What changed between two versions' snapshots (``snapshot.take``), as a reviewer reads it:
numbers (old → new, with the input rows whose hash differs), sentences (word by word),
tables (caption, cells, rows, columns), figures, chapters added, removed or moved, and input
rows that changed no number. Pure functions.

Nothing is listed that a reader of the two reports would not see differ: a chapter added or
removed is one change (what it holds is not listed again); a number whose printed form is the
same is no change of the report (its rows are listed with the inputs); a table or sentence is
paired with its most similar counterpart, never with whatever took its place; a table's or a
difference's number that only moved with the others ("Tabela nr 12" → 11) is no change.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

NUMBER, SENTENCE, CELL, ROW, COLUMN, TABLE, FIGURE, CHAPTER, HEADING, ROWS = (
    "liczba",
    "zdanie",
    "komórka tabeli",
    "wiersz tabeli",
    "kolumna tabeli",
    "tabela",
    "wykres",
    "rozdział",
    "tytuł",
    "wiersze danych",
)
CHANGED, ADDED, REMOVED, MOVED = "zmieniono", "dodano", "usunięto", "przeniesiono"
ROWS_LISTED = 50  # keys listed per file (the rest counted)
SIMILAR = 0.5  # two sentences, rows or tables at least this alike are one changed, not two
WHOLE_FILE = "(cały plik)"  # snapshot.WHOLE_FILE: a file hashed whole
MARK = re.compile(r"⟦([^⟧]*)⟧")
TOKEN = re.compile(r"⟦[^⟧]*⟧\s*|\w+\s*|[^\w\s]\s*|\s+")  # a word with the space after it
ABBREVIATIONS = r"(?<!\br\.)(?<!\bul\.)(?<!\bnr\.)(?<!\bart\.)(?<!\bust\.)(?<!\bpkt\.)(?<!\bim\.)(?<!\bśw\.)(?<!\bks\.)(?<!\bpw\.)(?<!\btzw\.)(?<!\bok\.)(?<!\bm\.in\.)(?<!\bpoz\.)(?<!\bzm\.)"
SENTENCE_END = re.compile(ABBREVIATIONS + r"(?<=[.!?])\s+(?=[„\"(A-ZĄĆĘŁŃÓŚŹŻ])")


@dataclass(frozen=True)
class Change:
    kind: str  # NUMBER, SENTENCE, …
    what: str  # CHANGED, ADDED, REMOVED, MOVED
    chapter: str  # the chapter's id (its title is in ``titles``)
    label: str  # the number's label, the table's caption, "" for a sentence
    old: str = ""  # as printed (values filled in)
    new: str = ""
    words: tuple[tuple[str, str], ...] = ()  # a sentence's or cell's word diff: ("=", "-", "+", text)
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)  # input rows whose hash differs, by file
    target: str = ""  # where it is in the new report: an element's id
    office: bool = False  # the office's own text
    annex_only: bool = False  # a number the report does not print (the annex lists it)
    page: str = ""  # the chapter whose page holds ``target``, when not ``chapter`` (Quarto's site)
    value_id: str = ""  # a number's id in the ledger (values.json, the annex)
    count: int = 0  # how many input rows (ROWS) or keys of a number, when more are than listed


def compare(old: dict, new: dict) -> list[Change]:
    """Every change from ``old`` to ``new``, in the new report's order (removed chapters last)."""
    old_chapters = [c["id"] for c in old.get("chapters", [])]
    new_chapters = [c["id"] for c in new.get("chapters", [])]
    gone, came = set(old_chapters) - set(new_chapters), set(new_chapters) - set(old_chapters)
    titles = {c["id"]: c for c in old.get("chapters", [])} | {c["id"]: c for c in new.get("chapters", [])}
    changes: list[Change] = []
    for c in new.get("chapters", []):
        if c["id"] in came:
            changes.append(Change(CHAPTER, ADDED, c["id"], c["title"], new=c["title"], target=c.get("section", "")))
    for c in old.get("chapters", []):
        if c["id"] in gone:
            changes.append(Change(CHAPTER, REMOVED, c["id"], c["title"], old=c["title"]))
    for chapter in _moved([c for c in old_chapters if c not in gone], [c for c in new_chapters if c not in came]):
        c = titles[chapter]
        changes.append(Change(CHAPTER, MOVED, chapter, c["title"], target=c.get("section", "")))
    skip = gone | came
    changes += _values(old, new, skip)
    changes += _text(old, new, skip)
    changes += _other_rows(old, new, changes, skip)
    order = {c: i for i, c in enumerate(new_chapters)}
    order.update({c: len(order) + i for i, c in enumerate(old_chapters) if c in gone})
    kinds = [CHAPTER, HEADING, SENTENCE, TABLE, COLUMN, ROW, CELL, FIGURE, NUMBER, ROWS]
    return sorted(changes, key=lambda ch: (order.get(ch.chapter, len(order)), kinds.index(ch.kind)))


def _moved(old: list[str], new: list[str]) -> list[str]:
    """The chapters whose place among the others changed: those outside the longest run kept
    in order."""
    kept = set()
    for block in difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks():
        kept.update(old[block.a : block.a + block.size])
    return [c for c in new if c not in kept]


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
        # the same as printed: no change of the report (an exact value's last digits)
        if chapter in skip or (a and b and a["shown"] == b["shown"]):
            continue
        what = CHANGED if a and b else ADDED if b else REMOVED
        rows = changed_rows(old.get("inputs", {}), new.get("inputs", {}), (a or {}).get("rows"), (b or {}).get("rows"))
        total = sum(len(k) for k in rows.values())
        out.append(
            Change(
                NUMBER,
                what,
                chapter,
                (b or a)["label"],
                old=a["shown"] if a else "",
                new=b["shown"] if b else "",
                rows=_first(rows),
                # its first place in the chapter that prints it (render/assets/anchors.lua),
                # or its row in the annex
                target=(f"{sections.get(where[vid], '')}-{anchor(vid)}" if vid in where else anchor(vid)) if b else "",
                annex_only=bool(b) and vid not in where,
                page=where.get(vid, ""),
                value_id=vid,
                count=total,
            )
        )
    return out


def _first(rows: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """At most ``ROWS_LISTED`` keys in all (the count says how many there are)."""
    out, left = {}, ROWS_LISTED
    for file, keys in rows.items():
        if left <= 0:
            break
        out[file] = keys[:left]
        left -= len(out[file])
    return out


def changed_rows(old_inputs: dict, new_inputs: dict, old_rows: dict | None, new_rows: dict | None) -> dict:
    """Of the rows a value names (in either version), those whose hash differs, by file: a
    row changed, added or removed."""
    out: dict[str, tuple[str, ...]] = {}
    for file in sorted(set(old_rows or {}) | set(new_rows or {})):
        keys = list(dict.fromkeys([*(old_rows or {}).get(file, []), *(new_rows or {}).get(file, [])]))
        if (file in old_inputs) != (file in new_inputs):  # the whole file came or went: named, not its rows
            out[file] = (WHOLE_FILE,)
            continue
        a, b = old_inputs.get(file, {}), new_inputs.get(file, {})
        differ = tuple(k for k in keys if a.get(k) != b.get(k))
        if differ:
            out[file] = differ
    return out


def _other_rows(old: dict, new: dict, changes: list[Change], skip: set[str]) -> list[Change]:
    """Input rows that changed, were added or removed, and that no changed number names (a
    column the report does not print, a row no number counts): one change per file, listed
    last, so that an auditor sees every input that moved. Rows of a chapter added or
    removed are that chapter's change."""
    named: dict[str, set[str]] = {}
    for c in changes:
        for file, keys in c.rows.items():
            named.setdefault(file, set()).update(keys)
    for snap in (old, new):
        for v in snap.get("values", {}).values():
            if v.get("chapter") in skip:
                for file, keys in (v.get("rows") or {}).items():
                    named.setdefault(file, set()).update(keys)
    a, b = old.get("inputs", {}), new.get("inputs", {})
    out = []
    for file in sorted(set(a) | set(b)):
        x, y = a.get(file, {}), b.get(file, {})
        keys = [k for k in dict.fromkeys([*x, *y]) if x.get(k) != y.get(k) and k not in named.get(file, ())]
        if not keys:
            continue
        what = ADDED if not x else REMOVED if not y else CHANGED
        out.append(Change(ROWS, what, "", file, rows={file: tuple(keys[:ROWS_LISTED])}, count=len(keys)))
    return out


def _fill(text: str, snapshot: dict) -> str:
    """A recorded text as printed in ``snapshot``'s report: each ⟦id⟧ by its value, each
    ⟦@label⟧ by its number ("Tabeli nr ⟦@tbl-a⟧" → "Tabeli nr 3"), each ⟦#12⟧ by 12."""

    def one(m: re.Match) -> str:
        key = m.group(1)
        if key.startswith("@"):
            return re.sub(r"^\D*", "", snapshot.get("numbers", {}).get(key[1:], "")) or "…"
        if key.startswith("#"):
            return key[1:]
        return snapshot.get("values", {}).get(key, {}).get("shown", "…")

    return MARK.sub(one, text)


def _key(text: str) -> str:
    """A text as compared: a number that only moves with the others (⟦#12⟧) left out."""
    return re.sub(r"⟦#\d+⟧", "⟦#⟧", text)


def sentences(text: str) -> list[str]:
    """A paragraph's sentences (list items and short lines are one each); an abbreviation
    ("r.", "ul.", "art.") ends none.

    >>> sentences("Ala ma kota. W 2025 r. Miejski Ośrodek pomagał ⟦a.b⟧ rodzinom. Koniec")
    ['Ala ma kota.', 'W 2025 r. Miejski Ośrodek pomagał ⟦a.b⟧ rodzinom.', 'Koniec']
    """
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def words(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The word-level difference of two texts: runs kept ("="), deleted ("-"), inserted ("+").

    >>> words("Ala ma kota.", "Ala ma psa.")
    (('=', 'Ala ma '), ('-', 'kota'), ('+', 'psa'), ('=', '.'))
    """
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("=", "".join(b[j1:j2])))
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
        ends = {t[-1] for _, t in run if t}
        space = ends.pop() if len(ends) == 1 and all(t and t[-1] in " \u00a0" for _, t in run) else ""
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


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, TOKEN.findall(a), TOKEN.findall(b), autojunk=False).ratio()


def _pairs(olds: list, news: list, text=lambda x: x) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Items of two lists paired by likeness (the most alike first, at least ``SIMILAR``),
    in order; the rest of each list unpaired."""
    scored = sorted(
        ((_similar(text(x), text(y)), i, j) for i, x in enumerate(olds) for j, y in enumerate(news)),
        key=lambda s: (-s[0], s[1], s[2]),
    )
    paired: list[tuple[int, int]] = []
    used_i, used_j = set(), set()
    for score, i, j in scored:
        if score < SIMILAR:
            break
        if i in used_i or j in used_j or any((i < a) != (j < b) for a, b in paired):  # keep the order
            continue
        paired.append((i, j))
        used_i.add(i)
        used_j.add(j)
    return (
        sorted(paired),
        [i for i in range(len(olds)) if i not in used_i],
        [j for j in range(len(news)) if j not in used_j],
    )


def _chapters_blocks(snapshot: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for b in snapshot.get("blocks", []):
        out.setdefault(b["chapter"], []).append(b)
    return out


def _text(old: dict, new: dict, skip: set[str]) -> list[Change]:
    """Sentences, headings, tables and figures, chapter by chapter: sentences within the same
    part (anchor), tables and figures by their labels, else their captions."""
    oc, nc = _chapters_blocks(old), _chapters_blocks(new)
    sections = {c["id"]: c.get("section", "") for c in new.get("chapters", [])}
    out: list[Change] = []
    for chapter in list(nc) + [c for c in oc if c not in nc]:
        if chapter in skip:
            continue
        a, b = oc.get(chapter, []), nc.get(chapter, [])
        out += _sentences_in(chapter, sections.get(chapter, ""), a, b, old, new)
        out += _tables_of(chapter, a, b, old, new)
        out += _figures_of(chapter, a, b)
    return out


def _sentence_list(blocks: list[dict], section: str) -> dict[str, list[tuple]]:
    """A chapter's sentences and headings by part: (kind, text, office, the id of the heading above it)."""
    out: dict[str, list[tuple]] = {}
    above = section
    for b in blocks:
        if b["kind"] == "heading":
            above = b.get("id") or above
            out.setdefault(b["anchor"], []).append((HEADING, b["text"], False, above))
        elif b["kind"] == "text":
            out.setdefault(b["anchor"], []).extend(
                (SENTENCE, s, bool(b.get("office")), above) for s in sentences(b["text"])
            )
    return out


def _sentences_in(chapter, section, a, b, old, new) -> list[Change]:
    x, y = _sentence_list(a, section), _sentence_list(b, section)
    out = []
    for part in list(y) + [p for p in x if p not in y]:
        out += _sentences_of(chapter, x.get(part, []), y.get(part, []), old, new)
    return out


def _sentences_of(chapter, x, y, old, new) -> list[Change]:
    out = []
    matcher = difflib.SequenceMatcher(None, [_key(s[1]) for s in x], [_key(s[1]) for s in y], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = x[i1:i2], y[j1:j2]
        moved = {_key(s[1]) for s in olds} & {_key(s[1]) for s in news}  # (the same words elsewhere)
        olds = [s for s in olds if _key(s[1]) not in moved]
        news = [s for s in news if _key(s[1]) not in moved]
        paired, removed, added = _pairs(olds, news, lambda s: _key(s[1]))
        for i, j in paired:
            (kind, s, office, _), (_, t, office2, above) = olds[i], news[j]
            out.append(
                Change(
                    kind,
                    CHANGED,
                    chapter,
                    "",
                    old=_fill(s, old),
                    new=_fill(t, new),
                    words=_fill_words(words(s, t), old, new),
                    target=above,
                    office=office or office2,
                )
            )
        for i in removed:
            kind, s, office, _ = olds[i]
            out.append(Change(kind, REMOVED, chapter, "", old=_fill(s, old), office=office))
        for j in added:
            kind, t, office, above = news[j]
            out.append(Change(kind, ADDED, chapter, "", new=_fill(t, new), target=above, office=office))
    return out


def _table_id(t: dict) -> str:
    return t.get("id") or (t["anchor"] if t["anchor"].startswith("tbl-") else "")


def _numbered(caption: str, t: dict, snap: dict) -> str:
    number = snap.get("numbers", {}).get(_table_id(t), "")
    return f"{number} – {caption}" if number.replace("\u00a0", " ").startswith("Tabela nr") else caption


def _tables_of(chapter, a, b, old, new) -> list[Change]:
    """Tables of a chapter, paired by label, else by caption (the most alike), each changed
    caption, column, row and cell; a table without a counterpart added or removed."""
    ta = [t for t in a if t["kind"] == "table"]
    tb = [t for t in b if t["kind"] == "table"]
    # Paired first by the same caption (a label may be a table's place: "tbl-program-cel-2" is
    # the second goal's, whichever goal that is), then by label, then by the most alike caption.
    pairs: list[tuple[dict, dict]] = []
    for key in (lambda t: _key(t["text"]), _table_id):
        left_a = [t for t in ta if not any(t is x for x, _ in pairs)]
        left_b = [t for t in tb if not any(t is y for _, y in pairs)]
        ka, kb = [key(t) for t in left_a], [key(t) for t in left_b]
        pairs += [
            (left_a[ka.index(k)], t)
            for k, t in zip(kb, left_b, strict=True)
            if k and ka.count(k) == 1 and kb.count(k) == 1
        ]
    left_a = [t for t in ta if not any(t is x for x, _ in pairs)]
    left_b = [t for t in tb if not any(t is y for _, y in pairs)]
    paired, removed, added = _pairs(left_a, left_b, lambda t: _key(t["text"]) or _row_text(t))
    pairs += [(left_a[i], left_b[j]) for i, j in paired]
    out = []
    for x, y in pairs:
        target = _table_id(y)
        caption = _fill(y["text"], new)
        if _key(x["text"]) != _key(y["text"]):
            out.append(
                Change(
                    TABLE,
                    CHANGED,
                    chapter,
                    _numbered(caption, y, new),
                    old=_fill(x["text"], old),
                    new=caption,
                    words=_fill_words(words(x["text"], y["text"]), old, new),
                    target=target,
                )
            )
        out += _cells_of(chapter, _numbered(caption, y, new), target, x, y, old, new)
    for i in removed:
        t = left_a[i]
        out.append(Change(TABLE, REMOVED, chapter, _numbered(_fill(t["text"], old), t, old)))
    for j in added:
        t = left_b[j]
        out.append(Change(TABLE, ADDED, chapter, _numbered(_fill(t["text"], new), t, new), target=_table_id(t)))
    return out


def _row_text(t: dict) -> str:
    return " ".join(" ".join(r) for r in t.get("rows", [])[:3])


def _cells_of(chapter, caption, target, x, y, old, new) -> list[Change]:
    """A table's changed cells: columns paired by their headers, rows by likeness; a column or
    row without a counterpart added or removed; a row only moved is no change."""
    hx, hy = (x.get("header") or [[]])[-1], (y.get("header") or [[]])[-1]
    width = max([len(hy), *(len(r) for r in y.get("rows", []))] or [0])
    old_width = max([len(hx), *(len(r) for r in x.get("rows", []))] or [0])
    columns: dict[int, int] = {}  # new column → old column
    taken: set[int] = set()
    for j in range(width):
        name = _key(hy[j]) if j < len(hy) else ""
        match = next((i for i in range(old_width) if i not in taken and i < len(hx) and _key(hx[i]) == name), None)
        if match is None and j < old_width and j not in taken and (j >= len(hy) or j >= len(hx)):
            match = j  # (no header: the same place)
        if match is not None:
            columns[j] = match
            taken.add(match)
    out = []
    for j in range(width):
        if j not in columns and j < len(hy):
            out.append(Change(COLUMN, ADDED, chapter, f"{caption} – kolumna „{_fill(hy[j], new)}”", target=target))
    for i in range(old_width):
        if i not in taken and i < len(hx):
            out.append(Change(COLUMN, REMOVED, chapter, f"{caption} – kolumna „{_fill(hx[i], old)}”"))

    def line(row: list[str], snap: dict, cols) -> str:  # a value as ⟦its id⟧: its change is the number's
        return " | ".join(_key(row[c]) if c < len(row) else "" for c in cols)

    shared_new = sorted(columns)
    shared_old = [columns[j] for j in shared_new]
    xs, ys = x.get("rows", []), y.get("rows", [])
    lx = [line(r, old, shared_old) for r in xs]
    ly = [line(r, new, shared_new) for r in ys]
    matcher = difflib.SequenceMatcher(None, lx, ly, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        # a row that only moved (the same cells elsewhere in the table) is no change
        olds = [i for i in range(i1, i2) if lx[i] not in set(ly)]
        news = [j for j in range(j1, j2) if ly[j] not in set(lx)]
        paired, removed, added = _pairs([lx[i] for i in olds], [ly[j] for j in news])
        for pi, pj in paired:
            r, s = xs[olds[pi]], ys[news[pj]]
            label = _fill(s[0], new) if s else ""
            for j in shared_new:
                c, d = (r[columns[j]] if columns[j] < len(r) else ""), (s[j] if j < len(s) else "")
                if _key(c) == _key(d):  # (a value that changed is listed as a number)
                    continue
                column = _fill(hy[j], new) if j < len(hy) else f"kolumna {j + 1}"
                out.append(
                    Change(
                        CELL,
                        CHANGED,
                        chapter,
                        f"{caption} – wiersz „{label}”, kolumna „{column}”",
                        old=_fill(c, old),
                        new=_fill(d, new),
                        words=_fill_words(words(c, d), old, new),
                        target=target,
                    )
                )
        for pi in removed:
            out.append(_row_change(REMOVED, chapter, caption, xs[olds[pi]], old, ""))
        for pj in added:
            out.append(_row_change(ADDED, chapter, caption, ys[news[pj]], new, target))
    return out


def _row_change(what, chapter, caption, row, snap, target) -> Change:
    text = " | ".join(_fill(c, snap) for c in row)
    label = f"{caption} – wiersz „{_fill(row[0], snap) if row else ''}”"
    return Change(ROW, what, chapter, label, **({"new": text} if what == ADDED else {"old": text}), target=target)


def _figures_of(chapter, a, b) -> list[Change]:
    fa = [f for f in a if f["kind"] == "figure"]
    fb = [f for f in b if f["kind"] == "figure"]
    by_anchor = {f["anchor"]: f for f in fa}
    out = []
    for y in fb:
        x = by_anchor.pop(y["anchor"], None)
        if x is None:
            out.append(Change(FIGURE, ADDED, chapter, y["text"], target=y["anchor"]))
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
                    target=y["anchor"],
                )
            )
    out += [Change(FIGURE, REMOVED, chapter, x["text"]) for x in by_anchor.values()]
    return out


def counts(changes: list[Change]) -> dict[tuple[str, str], int]:
    """How many changes of each kind and sort."""
    out: dict[tuple[str, str], int] = {}
    for c in changes:
        out[(c.kind, c.what)] = out.get((c.kind, c.what), 0) + 1
    return out
