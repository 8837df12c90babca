"""Placeholders in the office's own texts: a small fixed syntax, read without a template engine.

An office text is Markdown that may print a value of the chapter's ledger or one of a few
params, in the same notation as the chapter templates::

    {{ v("families") }}                      46
    {{ count("families", "rodzina") }}       46 rodzin
    {{ noun("families", "rodzina", "biernik") }}
    {{ agree("families", "rodzina", "otrzymać") }}
    {{ year }}  {{ prior_year }}  {{ municipality.genitive }}  {{ institution.locative }}

Nothing else is evaluated: any other text in braces (``{{ 7*7 }}``, ``{% for %}``,
``{## ##}``) is the office's text and prints as written. The office text is checked after
each placeholder is replaced (``present/office.py``), so braces can never split Markdown
syntax past the check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Functions and the number of their arguments (min, max); the first names a ledger value
# (or, for noun and agree, may be a whole number).
FUNCTIONS = {"v": (1, 1), "count": (2, 3), "noun": (2, 3), "agree": (3, 3)}
PARAMS = (
    "year",
    "prior_year",
    *(f"{who}.{case}" for who in ("municipality", "institution") for case in ("name", "genitive", "locative")),
)

_BRACES = re.compile(r"\{\{(?P<body>[^{}\n]{0,200}?)\}\}")
_CALL = re.compile(r"\s*(?P<fn>[a-z_]+)\s*\((?P<args>.*)\)\s*\Z", re.DOTALL)
_ARG = re.compile(r"""\s*(?:"(?P<double>[^"\\\n]*)"|'(?P<single>[^'\\\n]*)'|(?P<int>\d{1,9}))\s*(?:,|\Z)""")
_NAME = re.compile(r"\s*(?P<name>[a-z_]+(?:\.[a-z_]+)?)\s*\Z")
# Placeholders are swapped for tokens while pandoc reads the text: letters and digits only,
# so that a token is always one plain word and never Markdown syntax.
TOKEN_STEM = "Zqxplaceholder"


@dataclass(frozen=True)
class Placeholder:
    """One placeholder of a text: where it is and what it asks for."""

    start: int
    end: int
    line: int
    name: str  # a function of FUNCTIONS, or a param of PARAMS
    args: tuple[str | int, ...] = ()

    @property
    def is_function(self) -> bool:
        return self.name in FUNCTIONS


class PlaceholderError(ValueError):
    """A placeholder written with a known name but used wrongly (line, message in Polish)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def _args(text: str) -> tuple[str | int, ...] | None:
    """The arguments of a call: strings in quotes or whole numbers; None if anything else."""
    args: list[str | int] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _ARG.match(text, pos)
        if not m or m.end() == pos:
            return None
        args.append(
            int(m["int"]) if m["int"] is not None else (m["double"] if m["double"] is not None else m["single"])
        )
        pos = m.end()
    return tuple(args)


def find(text: str) -> tuple[list[Placeholder], list[PlaceholderError]]:
    """The placeholders of ``text`` and the errors of those written with a known name.

    A ``{{ … }}`` whose name is not a known function or param is no placeholder (it prints
    as written); one with a known name but wrong arguments is an error, so that a typo in
    a value's name is not printed into the report.

    >>> found, errors = find('A {{ count("families", "rodzina") }} i {{ year }}, {{ 7*7 }}')
    >>> [(p.name, p.args) for p in found], errors
    ([('count', ('families', 'rodzina')), ('year', ())], [])
    >>> [str(e) for e in find('{{ v(families) }}\\n{{ agree("a") }}')[1]]
    ['v: argumenty muszą być w cudzysłowie, np. v("families")', 'agree: oczekiwano 3 argumentów, podano 1']
    """
    found: list[Placeholder] = []
    errors: list[PlaceholderError] = []
    for m in _BRACES.finditer(text):
        body = m["body"]
        line = text.count("\n", 0, m.start()) + 1
        call, name = _CALL.match(body), _NAME.match(body)
        if call and call["fn"] in FUNCTIONS:
            fn, args = call["fn"], _args(call["args"])
            low, high = FUNCTIONS[fn]
            if args is None:
                errors.append(PlaceholderError(line, f'{fn}: argumenty muszą być w cudzysłowie, np. {fn}("families")'))
            elif not low <= len(args) <= high:
                expected = str(low) if low == high else f"{low}–{high}"
                errors.append(PlaceholderError(line, f"{fn}: oczekiwano {expected} argumentów, podano {len(args)}"))
            elif isinstance(args[0], int) and fn in ("v", "count") or any(isinstance(a, int) for a in args[1:]):
                errors.append(
                    PlaceholderError(line, f"{fn}: liczba może stać tylko zamiast nazwy wartości w noun i agree")
                )
            else:
                found.append(Placeholder(m.start(), m.end(), line, fn, args))
        elif name and name["name"] in PARAMS:
            found.append(Placeholder(m.start(), m.end(), line, name["name"]))
    return found, errors


def token_stem(text: str) -> str:
    """A token stem that does not occur in ``text`` (so no word of the office is taken for one)."""
    stem = TOKEN_STEM
    while stem.lower() in text.lower():
        stem += "x"
    return stem


def tokenize(text: str, found: list[Placeholder], stem: str) -> tuple[str, list[str]]:
    """``text`` with each placeholder replaced by its token; the tokens in order.

    >>> ph, _ = find('Było {{ v("a") }}.')
    >>> tokenize('Było {{ v("a") }}.', ph, "Tok")
    ('Było Tok0001Tok.', ['Tok0001Tok'])
    """
    out, tokens, pos = [], [], 0
    for i, p in enumerate(found, 1):
        token = f"{stem}{i:04d}{stem}"
        out += [text[pos : p.start], token]
        tokens.append(token)
        pos = p.end
    out.append(text[pos:])
    return "".join(out), tokens


def substitute(text: str, found: list[Placeholder], values: list[str]) -> str:
    """``text`` with each placeholder replaced by the given text (e.g. its value as printed).

    >>> ph, _ = find('{{ year }} r.')
    >>> substitute('{{ year }} r.', ph, ["2025"])
    '2025 r.'
    """
    out, pos = [], 0
    for p, value in zip(found, values, strict=True):
        out += [text[pos : p.start], value]
        pos = p.end
    out.append(text[pos:])
    return "".join(out)
