"""Fingerprints that decide what a rebuild must redo (standard library only: this runs on
every build, including a no-op one, so it must import nothing heavy).

* A notebook's executed result is reused when its source, its parameters, the package's
  code and every file it read (recorded at its last execution, with absent files recorded
  as absent) are unchanged.
* Rendering is skipped when nothing it reads changed: the executed notebooks' cells and
  outputs, the other chapters, ``_quarto.yml``, the params, the package, the git state.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path

from .paths import probe

ABSENT = "absent"
PACKAGE_ROOT = Path(__file__).resolve().parent


def file_hash(path: Path | str) -> str:
    """SHA-256 of a file, of a folder's list of names, or ``absent`` when there is neither."""
    p = Path(path)
    if p.is_dir():
        return text_hash("folder", *sorted(child.name for child in p.iterdir()))
    if not p.is_file():
        probe(p)  # (an absent file is opened by no one: the stamp must still see it appear)
        return ABSENT
    return hashlib.sha256(p.read_bytes()).hexdigest()


def file_version(path: Path | str) -> tuple[int, int, int] | None:
    """A file's (or folder's) version as the in-process caches know it, cheaper than its
    hash: modification time, size and inode; None when there is none."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def text_hash(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


CODE_SUFFIXES = {".py", ".yml", ".yaml"}
ASSET_SUFFIXES = {".css", ".html", ".html5", ".lua", ".typ", ".js", ".docx"}


def tree_hash(root: Path, suffixes: set[str] = CODE_SUFFIXES) -> str:
    """One hash of every file under ``root`` with one of ``suffixes`` (names and contents)."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in suffixes:
            h.update(str(path.relative_to(root)).encode())
            h.update(b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


@cache
def package_hash() -> str:
    """The package's code, rules and schemas, the Python version and the versions of the
    libraries the notebooks compute with (a renewed lock may change a rounding): a change
    to any of them invalidates every cached result."""
    from .provenance import versions

    return text_hash(sys.version, json.dumps(versions(), sort_keys=True), tree_hash(PACKAGE_ROOT))


@cache
def assets_hash() -> str:
    """The render assets (CSS, scripts, filters, templates): they change the report, not
    the notebooks."""
    return tree_hash(PACKAGE_ROOT, ASSET_SUFFIXES)


# Every input file this process looked at, with its SHA-256 (or "absent"): the build asks a
# notebook's kernel for it after the run, to know which files that notebook depends on.
READS: dict[str, str] = {}


def note_read(path: Path | str) -> None:
    """Record that ``path`` was read (or looked for: an absent file is recorded as absent)."""
    READS[str(Path(path).resolve())] = file_hash(path)


def code_cells_hash(source: Path) -> str:
    """Hash of a notebook's code cells, its order of cell types and its kernel; the text of
    Markdown cells is left out, so that rewording one does not re-execute the notebook
    (see ``refresh_markdown``)."""
    nb = json.loads(Path(source).read_text(encoding="utf-8"))
    code = [
        [c.get("source"), c.get("metadata", {}).get("tags", [])]
        for c in nb.get("cells", [])
        if c.get("cell_type") == "code"
    ]
    layout = [c.get("cell_type") for c in nb.get("cells", [])]
    return text_hash(
        json.dumps(code, sort_keys=True),
        json.dumps(layout),
        json.dumps(nb.get("metadata", {}).get("kernelspec", {}), sort_keys=True),
    )


def notebook_key(source: Path, parameters: dict) -> str:
    return text_hash(code_cells_hash(source), json.dumps(parameters, sort_keys=True), package_hash())


def refresh_markdown(executed: Path, source: Path, out: Path) -> None:
    """Write ``executed`` to ``out`` with the Markdown cells of the current ``source``.

    Valid because the key covers the code cells and the order of cell types: only the
    Markdown text can differ. Papermill's injected parameters cell is a code cell that
    exists only in ``executed``; Markdown cells pair one to one, in order.
    """
    done = json.loads(Path(executed).read_text(encoding="utf-8"))
    new = json.loads(Path(source).read_text(encoding="utf-8"))
    texts = [c["source"] for c in new["cells"] if c.get("cell_type") == "markdown"]
    md_cells = [c for c in done["cells"] if c.get("cell_type") == "markdown"]
    if len(texts) != len(md_cells):
        raise ValueError("markdown cells do not pair")
    for cell, text in zip(md_cells, texts):
        cell["source"] = text
    Path(out).write_text(json.dumps(done, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def reads_unchanged(reads: dict[str, str]) -> bool:
    """Whether every file a notebook read still has the hash it had (or is still absent)."""
    return all(file_hash(path) == digest for path, digest in reads.items())


class NotebookCache:
    """Executed notebooks of one year, each kept with the key and the reads it was made from.

    A notebook may have several entries (e.g. before and after an input was changed and
    changed back); the newest ``KEEP`` are kept.
    """

    KEEP = 6

    def __init__(self, folder: Path):
        self.folder = folder

    def lookup(self, name: str, key: str) -> Path | None:
        entries = self.folder / name
        if not entries.is_dir():
            return None
        for meta in sorted(entries.glob("*.json"), key=lambda m: m.stat().st_mtime, reverse=True):
            try:
                info = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            nb = meta.with_suffix(".ipynb")
            if info.get("key") == key and nb.is_file() and reads_unchanged(info.get("reads", {})):
                return nb
        return None

    def store(self, name: str, key: str, executed: Path, reads: dict[str, str]) -> None:
        entries = self.folder / name
        entries.mkdir(parents=True, exist_ok=True)
        entry = text_hash(key, json.dumps(reads, sort_keys=True))[:24]
        for suffix, write in (
            (".ipynb", lambda t: t.write_bytes(executed.read_bytes())),
            (
                ".json",
                lambda t: t.write_text(
                    json.dumps({"key": key, "reads": reads}, indent=1, sort_keys=True), encoding="utf-8"
                ),
            ),
        ):
            final = entries / f"{entry}{suffix}"
            tmp = final.with_name(final.name + ".tmp")
            write(tmp)
            os.replace(tmp, final)  # a reader never sees half an entry
        metas = sorted(entries.glob("*.json"), key=lambda m: m.stat().st_mtime, reverse=True)
        for old in metas[self.KEEP :]:
            old.unlink(missing_ok=True)
            old.with_suffix(".ipynb").unlink(missing_ok=True)


def notebook_content_hash(path: Path, markdown_from: Path | None = None) -> str:
    """Hash of a notebook's cells and outputs, without run times and execution counts;
    with ``markdown_from``, the Markdown cells are taken from that (source) notebook."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    if markdown_from is not None:
        texts = iter(
            [
                c["source"]
                for c in json.loads(Path(markdown_from).read_text(encoding="utf-8"))["cells"]
                if c.get("cell_type") == "markdown"
            ]
        )
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "markdown":
                cell["source"] = next(texts, None)

    def text(src) -> str:  # nbformat stores text as a string or a list of lines
        return "".join(src) if isinstance(src, list) else (src or "")

    cells = []
    for cell in nb.get("cells", []):
        cell["source"] = text(cell.get("source"))
        outputs = [{k: v for k, v in o.items() if k != "execution_count"} for o in cell.get("outputs", [])]
        cells.append([cell.get("cell_type"), cell.get("source"), outputs])
    return text_hash(json.dumps(cells, sort_keys=True))
