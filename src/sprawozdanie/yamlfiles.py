"""The YAML files an analyst edits (params, ``gmina.yml``, ``checks.yml``,
``known_disagreements.yml``): read as offices save them, with Polish errors that name the
file and line.

ruamel.yaml's safe loader reads them. It refuses a key typed twice (YAML would silently keep
the second value); aliases (``*name``) are refused as well, since no file of the analyst's
needs them and a few lines of nested aliases expand to gigabytes. Dates stay text, so that
``2026-02-30`` reaches the validator and is reported as a wrong date of its field.
"""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from .errors import ReportError

MAX_BYTES = 1_000_000  # params and rules are a few kB; more is not a file an analyst wrote


class _NoAliases(Composer):
    def compose_node(self, parent, index):
        if self.parser.check_event(AliasEvent):
            raise ComposerError(None, None, "alias", self.parser.peek_event().start_mark)
        return super().compose_node(parent, index)


class _DatesAsText(SafeConstructor):
    pass


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))


def _loader() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _NoAliases
    yaml.Constructor = _DatesAsText
    return yaml


def parse_yaml(text: str, shown: str):
    """The parsed text; ``ReportError`` naming ``shown`` and the line when it cannot be parsed.

    >>> parse_yaml("rok: 2025\\ndata: 2026-02-30\\n", "p.yml")
    {'rok': 2025, 'data': '2026-02-30'}
    >>> parse_yaml("a: 1\\nb: 2\\na: 3\\n", "p.yml")
    Traceback (most recent call last):
    sprawozdanie.errors.ReportError: p.yml, wiersz 3: pole 'a' jest wpisane drugi raz (zostaw jedno)
    >>> parse_yaml("a: &x [1, 2]\\nb: *x\\n", "p.yml")
    Traceback (most recent call last):
    sprawozdanie.errors.ReportError: p.yml, wiersz 2: odwołanie *x do innej części pliku (alias YAML) jest niedozwolone; wpisz wartość wprost
    """
    try:
        data = _loader().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) if isinstance(exc, MarkedYAMLError) else None
        line = f", wiersz {mark.line + 1}" if mark is not None else ""
        if isinstance(exc, DuplicateKeyError):
            key = re.search(r'duplicate key "(.*?)" with value', str(exc.problem))
            raise ReportError(
                f"{shown}{line}: pole '{key.group(1) if key else '?'}' jest wpisane drugi raz (zostaw jedno)"
            ) from None
        if isinstance(exc, ComposerError) and exc.problem == "alias":
            name = (
                re.match(r"\*?([^\s,\]}]+)", text.split("\n")[mark.line][mark.column :]) if mark is not None else None
            )
            alias = f" *{name.group(1).lstrip('*')}" if name else ""
            raise ReportError(
                f"{shown}{line}: odwołanie{alias} do innej części pliku (alias YAML) jest "
                "niedozwolone; wpisz wartość wprost"
            ) from None
        raise ReportError(
            f"{shown}{line}: niepoprawny zapis YAML ({_problem(exc)}); sprawdź wcięcia, dwukropki i cudzysłowy"
        ) from None
    _check_printable(data, text, shown)
    return data


def strings(node):
    """Every string of parsed YAML (keys and values, at any depth).

    >>> list(strings({"a": ["b", {"c": 1}]}))
    ['a', 'b', 'c']
    """
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(key)
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)
    elif isinstance(node, str):
        yield node


def _check_printable(data, text: str, shown: str) -> None:
    """Every text value can be printed (the report prints names and texts of these files)."""
    from .printable import first_unprintable

    for value in strings(data):
        found = first_unprintable(value)
        if found is None:
            continue
        at, what = found
        char = value[at]
        line = next(
            (i for i, row in enumerate(text.split("\n"), 1) if char in row and not row.lstrip().startswith("#")), None
        )
        raise ReportError(f"{shown}{f', wiersz {line}' if line else ''}: {what}")


def _problem(exc: YAMLError) -> str:
    return str(getattr(exc, "problem", None) or exc).split("\n")[0]


def read_yaml(path: Path, shown: str | None = None):
    """The parsed file (UTF-8 or Windows-1250 from Notepad); ``ReportError`` naming the
    file (as ``shown``) and the line when it cannot be read or parsed."""
    from .dialect import DialectError, decode

    shown = shown or str(path)
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise ReportError(f"{shown}: nie można odczytać pliku ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise ReportError(f"{shown}: plik ma {size // 1000} kB, dopuszczalne jest {MAX_BYTES // 1000} kB")
    try:
        text, _encoding = decode(Path(path).read_bytes())
    except DialectError as exc:
        raise ReportError(f"{shown}: {exc}") from None
    return parse_yaml(text, shown)
