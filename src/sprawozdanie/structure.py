"""The report's chapters: the tool's registry (``report/chapters.yml``: one stable id per
chapter) and the order and titles an office declares in its workspace (``structure.yml``).

Without a structure file the report has the tool's chapters in ``_quarto.yml``'s order. With
one, it has the chapters the file lists, in its order, each under the office's title when it
gives one; a chapter left out is not computed or printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .cache import file_version
from .errors import ReportError

REGISTRY = "chapters.yml"  # in the tool's folder (report/)
FILE = "structure.yml"  # in the workspace's root
# Where a structure places the one passage on the tasks not carried out (by default: before
# the needs, or last); the passage is generated (templates/zadania_niezrealizowane.md).
NOT_CARRIED_OUT = "not_carried_out"
PASSAGE_FILE = "zadania_niezrealizowane.qmd"


@dataclass(frozen=True)
class Chapter:
    """A chapter of the tool, as ``chapters.yml`` declares it."""

    id: str
    notebook: str  # relative to the tool: notebooks/<id>.ipynb
    title_pl: str
    office_texts: tuple[str, ...] = ()
    task: bool = True  # a task of the act, which an office may not have carried out in a year
    formerly: str = ""  # its number in the tool's first versions ("01"): for renaming messages only
    # how the passage on the other tasks names it before the office's reason (teksty/powod_<id>.md),
    # where its title alone would say more ("… (z wyłączeniem …)"); the title when empty
    omitted_pl: str = ""
    # the provision that makes it a task of the act on family support ("art. 176 pkt 3 lit. c"),
    # printed beside it in that passage (empty: none printed)
    basis_pl: str = ""
    # False for a programme or service under another act (personal assistance, respite care),
    # which that passage names only when the office wrote why it had none (in_passage)
    act_task: bool = True
    # what the data of a task whose numbers are all 0 show, as a fact ("nie działała żadna
    # rodzina wspierająca"); {institution_genitive} and {institution_locative} name the office
    absent_pl: str = ""

    @property
    def form_of_work(self) -> bool:
        """A form of work with a family (art. 10 ust. 3), which the passage on the other tasks
        names as such: the act lists it as a form of work, not as a task of the gmina (art. 176)."""
        return self.basis_pl.startswith("art. 10 ust. 3 ")

    @property
    def prefix(self) -> str:
        """The ledger prefix of its values (its module's ``PREFIX``); empty for the summary."""
        import importlib

        try:
            return importlib.import_module(f"sprawozdanie.chapters.{self.id}").PREFIX
        except ModuleNotFoundError:
            return ""


@dataclass(frozen=True)
class Entry:
    """A chapter as the workspace's structure places it: under the office's title, if any."""

    chapter: Chapter
    title: str = ""
    keep: bool = False  # printed as a chapter even when its task was not carried out
    own: object = None  # an own chapter's declaration (own_spec.Spec)

    @property
    def title_pl(self) -> str:
        return self.title or self.chapter.title_pl


def registry(tool: Path) -> dict[str, Chapter]:
    """The tool's chapters by id (empty when the tool has no registry: a test's bare tool)."""
    path = Path(tool) / REGISTRY
    if not path.is_file():
        return {}
    return dict(_registry(path, file_version(path)))


@lru_cache(maxsize=8)
def _registry(path: Path, _file_version: tuple[int, int, int] | None) -> dict[str, Chapter]:
    """The registry file read once per version of it (a build asks for it several times)."""
    from .yamlfiles import read_yaml

    raw = read_yaml(path) or {}
    return {
        c["id"]: Chapter(
            c["id"],
            c.get("notebook") or f"notebooks/{c['id']}.ipynb",
            c["title_pl"],
            tuple(c.get("office_texts", ())),
            bool(c.get("task", True)),
            str(c.get("formerly", "")),
            " ".join(str(c.get("omitted_pl", "")).split()),
            str(c.get("basis_pl", "")),
            bool(c.get("act_task", True)),
            " ".join(str(c.get("absent_pl", "")).split()),
        )
        for c in raw.get("chapters", [])
    }


def tool_order(name: str) -> tuple[int, str]:
    """A sort key putting a chapter's file (``family_assistance.yml``, a module's name) in the
    order of the package's registry, so that merged schemas, rules and modules keep one order
    whatever their ids spell; a name that is no chapter's goes last.

    >>> sorted(["needs.yml", "family_assistance.yml", "x.yml"], key=tool_order)
    ['family_assistance.yml', 'needs.yml', 'x.yml']
    """
    ids = _tool_ids()
    stem = name.removesuffix(".yml")
    return (ids.index(stem) if stem in ids else len(ids), stem)


def _tool_ids() -> list[str]:
    return list(package_registry())


@cache
def package_registry() -> dict[str, Chapter]:
    """The installed package's own registry, read once: the order of its files and modules,
    the default titles and the former names that messages name."""
    return registry(Path(__file__).parent / "report")


def _where(path: Path, index: int) -> str:
    return f"{path.name}: pozycja {index} listy chapters"


def read(root: Path, tool: Path) -> list[Entry] | None:
    """The workspace's structure (None when it has no ``structure.yml``); errors name the file
    and the item, and list the ids there are."""
    path = Path(root) / FILE
    if not path.is_file():
        return None
    return list(_read(path, Path(tool), file_version(path), file_version(Path(tool) / REGISTRY)))


@lru_cache(maxsize=8)
def _read(
    path: Path, tool: Path, _mine: tuple[int, int, int] | None, _registry_version: tuple[int, int, int] | None
) -> tuple[Entry, ...]:
    """``read`` once per version of the structure and the registry (a build asks several times)."""
    from .yamlfiles import read_yaml

    chapters = registry(tool)
    known = ", ".join(chapters)
    raw = read_yaml(path)
    items = raw.get("chapters") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise ReportError(
            f"{path}: oczekiwano listy rozdziałów pod kluczem 'chapters:', np.\n"
            "chapters:\n  - summary\n  - family_assistance\n"
            f"(identyfikatory rozdziałów: {known})"
        )
    entries: list[Entry] = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, dict) and "own" in item:  # a chapter of the office's own (own_chapter.py)
            from . import own_spec

            spec = own_spec.parse(item, _where(path, i), set(chapters) | {e.chapter.id for e in entries})
            entries.append(Entry(Chapter(spec.id, spec.notebook, spec.title, task=False), own=spec))
            continue
        if isinstance(item, str):
            cid, title, keep = item, "", False
        elif (
            isinstance(item, dict)
            and set(item) <= {"id", "title", "keep"}
            and isinstance(item.get("id"), str)
            and isinstance(item.get("keep", False), bool)
        ):
            cid, title, keep = item["id"], item.get("title") or "", item.get("keep", False)
        else:
            raise ReportError(
                f"{_where(path, i)}: oczekiwano identyfikatora rozdziału albo pól 'id', 'title' "
                f"i 'keep' (np. {{id: family_assistance, title: Asysta rodzinna}}; keep: true "
                f"– rozdział drukowany, także gdy zadania nie realizowano), albo rozdziału własnego "
                f"(pole 'own'), znaleziono {str(item)[:60]!r}"
            )
        if cid == NOT_CARRIED_OUT:
            chapters = {
                **chapters,
                cid: Chapter(cid, "", "Pozostałe zadania", task=False),
            }
        if cid not in chapters:
            raise ReportError(f"{_where(path, i)}: nieznany rozdział {cid!r}; identyfikatory rozdziałów: {known}")
        if not isinstance(title, str) or "\n" in title or len(title) > 200:
            raise ReportError(
                f"{_where(path, i)}: tytuł rozdziału {cid!r} ma być jednym wierszem tekstu (do 200 znaków)"
            )
        if any(e.chapter.id == cid for e in entries):
            raise ReportError(f"{_where(path, i)}: rozdział {cid!r} jest już na liście")
        entries.append(Entry(chapters[cid], title.strip(), keep))
    return tuple(entries)


def chapter_files(listed: list[str], entries: list[Entry] | None) -> list[str]:
    """The book's files: ``_quarto.yml``'s (``listed``), or its non-notebook files (the
    introduction) followed by the structure's notebooks in the structure's order.

    >>> c = Chapter("family_assistance", "notebooks/family_assistance.ipynb", "Praca z rodziną")
    >>> chapter_files(["index.qmd", "notebooks/summary.ipynb", "notebooks/family_assistance.ipynb"], [Entry(c)])
    ['index.qmd', 'notebooks/family_assistance.ipynb']
    """
    if entries is None:
        return list(listed)
    return [c for c in listed if not c.endswith(".ipynb")] + [e.chapter.notebook for e in entries if e.chapter.notebook]


def without(
    book: list[str], omitted: list[str], entries: list[Entry] | None, before: str, passage: bool = True
) -> list[str]:
    """The book's files without the ``omitted`` chapters and, when there are any and the passage
    names some of them (``passage``, see ``in_passage``), with that passage: where the structure
    places it (``not_carried_out``), else before the chapter ``before`` (the needs), else last.

    >>> book = ["index.qmd", "a.ipynb", "b.ipynb", "c.ipynb", "needs.ipynb"]
    >>> without(book, ["b.ipynb"], None, "needs.ipynb")
    ['index.qmd', 'a.ipynb', 'c.ipynb', 'zadania_niezrealizowane.qmd', 'needs.ipynb']
    >>> e = [Entry(Chapter(i, f"{i}.ipynb", i)) for i in ("a", "b")] + [Entry(Chapter(NOT_CARRIED_OUT, "", ""))]
    >>> without(["index.qmd", "a.ipynb", "b.ipynb"], ["a.ipynb"], e, "needs.ipynb")
    ['index.qmd', 'b.ipynb', 'zadania_niezrealizowane.qmd']
    >>> without(book, [], None, "needs.ipynb") == book
    True
    >>> without(book, ["b.ipynb"], None, "needs.ipynb", passage=False)
    ['index.qmd', 'a.ipynb', 'c.ipynb', 'needs.ipynb']
    """
    kept = [c for c in book if c not in omitted]
    if not omitted or not passage:
        return kept
    placed = [e.chapter.notebook for e in entries or ()]
    if NOT_CARRIED_OUT in [e.chapter.id for e in entries or ()]:
        earlier = placed[: [e.chapter.id for e in entries].index(NOT_CARRIED_OUT)]
        at = max(
            [kept.index(c) + 1 for c in earlier if c in kept],
            default=len([c for c in kept if not c.endswith(".ipynb")]),
        )
    else:
        at = kept.index(before) if before in kept else len(kept)
    return kept[:at] + [PASSAGE_FILE] + kept[at:]


def titles_by_id(entries: list[Entry] | None) -> dict[str, str]:
    """The office's own chapter titles, by chapter id (for the checks that name a chapter)."""
    return {e.chapter.id: e.title for e in entries or () if e.title}


def titles(entries: list[Entry] | None) -> dict[str, str]:
    """The office's own chapter titles, by notebook."""
    return {e.chapter.notebook: e.title for e in entries or () if e.title and e.chapter.notebook}


def chapter_titles(tool: Path, entries: list[Entry] | None) -> dict[str, str]:
    """Every chapter's title by notebook: the office's own (structure.yml) where it gave one,
    else the tool's."""
    return {**{c.notebook: c.title_pl for c in registry(tool).values()}, **titles(entries)}


def retitle(notebook: Path, title: str) -> None:
    """Give an executed chapter the office's title: the heading of its first Markdown cell
    (``# Praca z rodziną {#sec-praca-z-rodzina}``) with the title in place, its attributes
    (the section's id, ``.unnumbered``) kept; the title printed as written, never as Markdown."""
    import json

    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    retitle_cells(nb["cells"], title, str(notebook))
    Path(notebook).write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def retitle_cells(cells: list, title: str, where: str) -> None:
    """``retitle`` on a notebook's cells (as read: JSON or nbformat's nodes), in place."""
    import re

    from .present.escape import md_escape

    cell = next(c for c in cells if c.get("cell_type") == "markdown")
    source = "".join(cell["source"])
    first, _, rest = source.partition("\n")
    heading = re.fullmatch(r"(#+) .*?(\s*\{[^}]*\})?\s*", first)
    if heading is None:
        raise ValueError(f"{where}: the first Markdown cell does not start with a heading")
    cell["source"] = f"{heading.group(1)} {md_escape(title)}{heading.group(2) or ''}" + (f"\n{rest}" if _ else "")


def not_carried_out(
    chapters: list[Chapter], values: dict[str, object], texts: set[str], kept: set[str] = frozenset()
) -> list[Chapter]:
    """The tasks among ``chapters`` that the office did not carry out in the year: every number
    of the chapter (``values`` by ledger id) is 0 and the office wrote none of its texts; a
    chapter the structure keeps (``kept``: ids) is printed whatever its numbers.

    >>> a = Chapter("legal_help", "notebooks/02.ipynb", "Pomoc prawna", office_texts=("legal_help_pomoc_prawna",))
    >>> [c.id for c in not_carried_out([a], {"legal_help.families": 0}, set())]
    ['legal_help']
    >>> not_carried_out([a], {"legal_help.families": 2}, set()), not_carried_out([a], {"legal_help.families": 0}, {"legal_help_pomoc_prawna"})
    ([], [])
    """
    out = []
    for c in chapters:
        if not c.task or c.id in kept or any(name in texts for name in c.office_texts):
            continue
        prefix = c.prefix + "."
        if c.prefix and not any(v for vid, v in values.items() if vid.startswith(prefix)):
            out.append(c)
    return out


def in_passage(omitted: list[Chapter], texts: set[str]) -> list[Chapter]:
    """The ``omitted`` chapters the passage on the other tasks names: every task of the act, and
    a programme or service under another act only when the office wrote why it had none
    (``texts``: the office's text names, ``powod_<id>``); a council's report on family support
    need not list each programme a gmina did not join.

    >>> act = Chapter("daily_centres", "", "Placówki")
    >>> other = Chapter("personal_assistance", "", "Asystencja", act_task=False)
    >>> [c.id for c in in_passage([act, other], set())], [c.id for c in in_passage([other], {"powod_personal_assistance"})]
    (['daily_centres'], ['personal_assistance'])
    """
    return [c for c in omitted if c.act_task or f"powod_{c.id}" in texts]


def default_text(tool: Path, listed: list[str]) -> str:
    """A workspace's first ``structure.yml``: the tool's chapters in ``_quarto.yml``'s order
    (``listed``), each with its title as a comment, and how to change them."""
    by_notebook = {c.notebook: c for c in registry(tool).values()}
    lines = [
        "# Rozdziały sprawozdania w kolejności druku (identyfikatory wypisuje „sprawozdanie chapters”).",
        "# Kolejność można zmienić, rozdział usunąć z listy (nie będzie drukowany) albo nadać mu",
        "# własny tytuł: {id: family_assistance, title: Asysta rodzinna}. Zadanie, którego wszystkie",
        "# liczby w roku to 0 (brak tekstów ośrodka), nie ma rozdziału: wymienia je jeden fragment",
        "# „Pozostałe zadania” – domyślnie przed potrzebami, albo tam, gdzie stoi pozycja",
        f"# {NOT_CARRIED_OUT}; program spoza ustawy bez liczb – tylko z powodem, który podaje tekst",
        "# ośrodka teksty/powod_<identyfikator>.md; {id: …, keep: true} drukuje rozdział mimo to.",
        "chapters:",
    ]
    for notebook in listed:
        c = by_notebook.get(notebook)
        if c is not None:
            lines.append(f"  - {c.id:28}  # {c.title_pl}")
    return "\n".join(lines) + "\n"


def renamed_texts(tool: Path) -> dict[str, str]:
    """Office texts' former names (the chapter's number in Mielec's report: ``01_zespol``) and
    their names now (the chapter's id: ``family_assistance_zespol``).

    >>> renamed_texts(Path(__file__).parent / "report")["01_zespol"]
    'family_assistance_zespol'
    """
    out = {}
    for c in registry(tool).values():
        number = c.formerly
        for name in c.office_texts if number else ():
            if name.startswith(c.id + "_"):
                out[f"{number}_{name.removeprefix(c.id + '_')}"] = name
    return out


def former_value_ids(text: str) -> dict[str, str]:
    """Value ids of the tool's first versions in ``text`` (``ch01.families``: the chapter's number
    in Mielec's report) and their names now (``family_assistance.families``).

    >>> former_value_ids("left: [ch01.families, ch20.indicator.1_1_a, sum.x]")
    {'ch01.families': 'family_assistance.families', 'ch20.indicator.1_1_a': 'support_programme.indicator.1_1_a'}
    """
    import re

    ids = {c.formerly: c.id for c in package_registry().values() if c.formerly}
    return {
        m.group(0): ids[m.group(1)] + "." + m.group(2)
        for m in re.finditer(r"\bch(\d\d)\.([\w.*]+)", text)
        if m.group(1) in ids
    }


def refuse_former_value_ids(text: str, where: str) -> None:
    """An office file that still names values by the chapter numbers of the tool's first versions
    is told each new name (a number named the old way would otherwise match nothing)."""
    found = former_value_ids(text)
    if found:
        lines = "\n".join(f"  - {old} → {new}" for old, new in found.items())
        raise ReportError(
            f"{where}: identyfikatory liczb mają teraz na początku identyfikator rozdziału "
            f"(sprawozdanie chapters) zamiast jego numeru; zmień je:\n{lines}"
        )


def check_text_names(tool: Path, names: list[str], where: str) -> None:
    """A workspace whose office texts still have their former names is told how to rename
    them (``sprawozdanie new-year`` renames them itself when it copies them)."""
    renamed = renamed_texts(tool)
    old = [n for n in names if n in renamed]
    if old:
        lines = "\n".join(f"  - {where}/{n}.md → {renamed[n]}.md" for n in old)
        raise ReportError(
            "Teksty ośrodka mają teraz w nazwie identyfikator rozdziału (sprawozdanie chapters) "
            f"zamiast jego numeru; zmień nazwy plików:\n{lines}"
        )
