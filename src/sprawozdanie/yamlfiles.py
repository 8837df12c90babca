"""The YAML files an analyst edits (params, ``checks.yml``, ``known_disagreements.yml``):
read as offices save them, with Polish errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import ReportError


class DatesAsText(yaml.SafeLoader):
    """YAML without its own date parsing: ``2026-02-30`` reaches the validator as text and
    is reported as a wrong date of its field, not as a crash of the YAML reader."""


class _TwiceError(yaml.constructor.ConstructorError):
    pass


def _unique_keys(loader: DatesAsText, node: yaml.MappingNode, deep: bool = False) -> dict:
    """A key typed twice is an error (YAML would silently keep the second value)."""
    seen: set = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise _TwiceError(None, None, f"pole '{key}' jest wpisane drugi raz (zostaw jedno)",
                              key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


DatesAsText.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_keys)
DatesAsText.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read_yaml(path: Path, shown: str | None = None):
    """The parsed file (UTF-8 or Windows-1250 from Notepad); ``ReportError`` naming the
    file (as ``shown``) and the line when it cannot be read or parsed."""
    from .dialect import DialectError, decode

    shown = shown or str(path)
    try:
        text, _encoding = decode(Path(path).read_bytes())
    except DialectError as exc:
        raise ReportError(f"{shown}: {exc}") from None
    try:
        return yaml.load(text, Loader=DatesAsText)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f", wiersz {where.line + 1}" if where is not None else ""
        if isinstance(exc, _TwiceError):
            raise ReportError(f"{shown}{line}: {exc.problem}") from None
        raise ReportError(f"{shown}{line}: niepoprawny zapis YAML ({getattr(exc, 'problem', None) or exc}); "
                          "sprawdź wcięcia, dwukropki i cudzysłowy") from None
