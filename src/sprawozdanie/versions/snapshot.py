"""What a version records of a built report: its numbers, its text, its tables and a hash of
every input row, and nothing that depends on where, when or on what machine it was built.

- ``values``: each ledger value (label, value as printed and exact, the input rows it names).
- ``blocks``: the report's text in order, one record per paragraph, heading, list item, figure
  and table, under a stable anchor: the chapter and the template part that printed it
  (``family_assistance/wstep``), or the table's or figure's label (``tbl-…``), never its
  position in the document. A printed value is ``⟦its id⟧`` in the text (a changed number
  is one change of the ledger, not also a changed sentence); the office's own texts are
  marked ``office``.
- ``inputs``: for every input table, the hash of each row by its key (never the rows:
  registers hold personal data); other files of the data folder, one hash each.

Paragraphs are read by pandoc's own Markdown reader and a Lua writer (``blocks.lua``).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

FORMAT = 1
PART_CALL = re.compile(r"""\.(?:show|table)\(\s*["']([\w-]+)["']""")  # text.show("wstep")
LUA = Path(__file__).with_name("blocks.lua")
WHOLE_FILE = "(cały plik)"  # the key of a file hashed whole (not a table of rows)
# "Tabeli nr 12", "Różnica nr 3": a number that moves when a table or difference before it
# comes or goes (diff.py compares the text without it, and prints it)
RENUMBERED = re.compile(r"\b((?:Tabel|Wykres|[Rr]óżnic)\w* nr)([ \u00a0])(\d+)\b")


def take(
    chapters: dict[str, Path],
    records: list[dict],
    inputs: dict[str, dict[str, str]],
    year: int,
    variables: dict | None = None,
    parts: dict[str, str] | None = None,
    front: dict[str, str] | None = None,
) -> dict:
    """The snapshot of a build: ``chapters`` the executed notebooks in report order (by
    chapter id), ``records`` the ledger's values, ``inputs`` the row hashes
    (``row_hashes``), ``variables`` what ``{{< var … >}}`` names, ``parts`` the report's
    parts that are no notebook (Markdown by id: "Kontrola obliczeń") after the chapters,
    ``front`` those before them (the title page, the introduction)."""
    values = {r["id"]: _value(r) for r in records}
    found = blocks(chapters, variables or {}, parts or {}, front or {})
    for b in found:  # a value of the ledger as ⟦its id⟧; any other number (a count of the control) as printed
        b["text"] = _marks(b["text"], values)
        if b["chapter"] in (parts or {}):  # the build's own parts cite tables and differences by number
            b["text"] = RENUMBERED.sub(r"\1\2⟦#\3⟧", b["text"])
        for rows in ("header", "rows"):
            if rows in b:
                b[rows] = [[_marks(c, values) for c in row] for row in b[rows]]
    return {
        "format": FORMAT,
        "year": year,
        "chapters": [_part(name, text) for name, text in (front or {}).items()]
        + [{"id": c, **_heading(_cells(path))} for c, path in chapters.items()]
        + [_part(name, text) for name, text in (parts or {}).items()],
        "values": values,
        "blocks": found,
        "inputs": inputs,
    }


def _part(name: str, markdown: str) -> dict:
    return {"id": name, **_heading([{"cell_type": "markdown", "source": markdown}])}


def _marks(text: str, values: dict) -> str:
    """``⟦id|text⟧`` (blocks.lua) as ``⟦id⟧`` for a ledger value, else as its text."""
    return re.sub(
        r"⟦([^|⟧@][^|⟧]*)\|([^⟧]*)⟧", lambda m: f"⟦{m.group(1)}⟧" if m.group(1) in values else m.group(2), text
    )


def dumps(snapshot: dict) -> bytes:
    """The snapshot's bytes: the same content gives the same bytes on any machine."""
    return (json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def _value(record: dict) -> dict:
    out = {"label": record.get("label_pl", ""), "shown": record.get("shown", ""), "value": record.get("value", "")}
    if record.get("rows"):
        out["rows"] = record["rows"]
    if record.get("source"):  # the notebook that recorded it: its chapter
        out["chapter"] = Path(record["source"]).stem
    return out


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _heading(cells: list[dict]) -> dict:
    """The chapter's title and its section id, from its first Markdown cell."""
    first = next((_source(c) for c in cells if c["cell_type"] == "markdown"), "")
    line = first.strip().split("\n")[0]
    section = re.search(r"\{#([\w-]+)", line)
    title = re.sub(r"\s*\{[^}]*\}\s*$", "", line).lstrip("#").strip()
    title = re.sub(r"\\(.)", r"\1", title)  # as printed: no Markdown escapes ("r\.")
    return {"title": title, "section": section.group(1) if section else ""}


def _printed(cell: dict) -> str:
    """The Markdown a code cell printed (its stream text or its displayed Markdown)."""
    parts = []
    for o in cell.get("outputs", []):
        text = o.get("text") if o.get("output_type") == "stream" else o.get("data", {}).get("text/markdown")
        if text:
            parts.append("".join(text) if isinstance(text, list) else text)
    return "\n\n".join(parts)


def _shows_image(cell: dict) -> bool:
    return any(k.startswith("image/") for o in cell.get("outputs", []) for k in o.get("data", {}))


def blocks(
    chapters: dict[str, Path],
    variables: dict | None = None,
    parts: dict[str, str] | None = None,
    front: dict[str, str] | None = None,
) -> list[dict]:
    """The report's text, table and figure records in report order (see the module's note),
    with Quarto's ``{{< var … >}}`` filled in as the report prints them."""
    from ..render.quarto_md import cell_options, substitute_vars

    def filled(text: str, where: str) -> str:
        return substitute_vars(text, variables, where) if variables else text

    pieces: list[str] = []  # Markdown for pandoc, each part a Div with its anchor and order
    direct: list[dict] = []  # records made here: figures, and the captions of tables
    captions: dict[int, str] = {}
    for name, markdown in (front or {}).items():
        pieces.append(_div(name, f"{name}/tekst", len(pieces) + 1, filled(markdown, name)))
    for chapter, path in chapters.items():
        for cell in _cells(path):
            seq = len(pieces) + len(direct) + 1
            source = _source(cell)
            if cell["cell_type"] == "markdown":
                pieces.append(_div(chapter, f"{chapter}/tytul", seq, filled(source, chapter)))
                continue
            if cell["cell_type"] != "code":
                continue
            options, code = cell_options(source)
            if options.get("include") is False or options.get("output", True) is False:
                continue
            label = str(options.get("label", ""))
            if _shows_image(cell):
                caption = filled(" ".join(str(options.get(k, "")) for k in ("fig-cap", "fig-alt")).strip(), chapter)
                direct.append(
                    {
                        "seq": seq,
                        "chapter": chapter,
                        "anchor": label or f"{chapter}/{cell.get('id', seq)}",
                        "kind": "figure",
                        "text": caption,
                    }
                )
                continue
            printed = _printed(cell)
            if not printed.strip():
                continue
            named = PART_CALL.search(code)
            anchor = label or (f"{chapter}/{named.group(1)}" if named else f"{chapter}/{cell.get('id', seq)}")
            if options.get("tbl-cap"):
                captions[seq] = filled(str(options["tbl-cap"]), chapter)
            pieces.append(_div(chapter, anchor, seq, filled(printed, chapter)))
    for name, markdown in (parts or {}).items():
        pieces.append(_div(name, f"{name}/tekst", len(pieces) + len(direct) + 1, filled(markdown, name)))
    records = _pandoc("\n\n".join(pieces)) if pieces else []
    for r in records:
        if r["kind"] == "table" and r["seq"] in captions and not r["text"]:
            r["text"] = captions[r["seq"]]
    merged = sorted(records + direct, key=lambda r: r["seq"])  # (a stable sort keeps each part's order)
    for r in merged:
        del r["seq"]
    return merged


def _div(chapter: str, anchor: str, seq: int, markdown: str) -> str:
    fence = ":" * 40  # longer than any fence the chapters print, so that theirs nest inside
    return f'{fence} {{chapter="{chapter}" anchor="{anchor}" seq="{seq}"}}\n\n{markdown}\n\n{fence}'


def _pandoc(markdown: str) -> list[dict]:
    import pypandoc

    from ..errors import ProgramError
    from ..render.embedded import READER

    proc = subprocess.run(
        [pypandoc.get_pandoc_path(), f"--from={READER}", f"--to={LUA}"],
        input=markdown,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if proc.returncode != 0:
        raise ProgramError(f"pandoc nie odczytał tekstu sprawozdania do zapisu wersji: {proc.stderr.strip()}")
    found = json.loads(proc.stdout) if proc.stdout.strip() else []
    return found if isinstance(found, list) else []  # (pandoc.json writes an empty table as {})


def row_hashes(frames: dict, suffix: str = "") -> dict[str, dict[str, str]]:
    """Each input table's rows by key (``rows_of``'s keys: a key of several columns joined
    by " / "), each with the hash of the row's values as read; ``suffix`` names another
    year's files as the ledger names them (" (dane za 2024)")."""
    from ..schema import registry

    out: dict[str, dict[str, str]] = {}
    tables = registry().tables
    for name, frame in frames.items():
        table = tables[name]
        text = frame.astype("string").fillna("").astype(object)
        if text.empty:
            out[table.file + suffix] = {}
            continue
        # one string per row, its values apart by a unit separator (no input holds one:
        # inputs are checked printable), hashed; vectorised, a million rows in seconds
        joined = text.iloc[:, 0]
        for column in text.columns[1:]:
            joined = joined + "\x1f" + text[column]
        keyed = [c for c in table.key if c in text.columns]
        if keyed:
            keys = text[keyed[0]]
            for column in keyed[1:]:
                keys = keys + " / " + text[column]
        else:
            keys = [f"wiersz {i + 2}" for i in range(len(text))]
        out[table.file + suffix] = dict(zip(keys, (_hash(row) for row in joined), strict=True))
    return out


def file_hashes(folder: Path, suffix: str = "") -> dict[str, dict[str, str]]:
    """The data folder's other files that the report reads (its ``.yml`` files), one hash each."""
    return {
        f.name + suffix: {WHOLE_FILE: _hash(f.read_bytes())} for f in sorted(Path(folder).glob("*.yml")) if f.is_file()
    }


def _hash(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:16]


def first_printed(snapshot: dict) -> dict[str, str]:
    """Each ledger id the report's text and tables print, with the chapter that prints it first."""
    found: dict[str, str] = {}
    for b in snapshot.get("blocks", []):
        texts = [b.get("text", "")] + [c for row in b.get("header", []) + b.get("rows", []) for c in row]
        for t in texts:
            for m in re.findall(r"⟦([^⟧@][^⟧]*)⟧", t):
                found.setdefault(m, b["chapter"])
    return found
