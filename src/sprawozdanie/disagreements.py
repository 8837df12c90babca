"""The published report's own disagreements (``data/<year>/known_disagreements.yml``).

Each entry keeps both published values and the ledger ids that carry them. The build
checks that the ledger still gives every published value, so a recorded disagreement
that no longer matches the data is an error, not a stale note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .errors import ReportError

FILE = "known_disagreements.yml"


@dataclass(frozen=True)
class PublishedValue:
    label_pl: str
    published: str
    ledger: tuple[str, ...]


@dataclass(frozen=True)
class Disagreement:
    id: str
    where_pl: str
    description_pl: str
    values: tuple[PublishedValue, ...]
    resolution_pl: str


def _text(s: str) -> str:
    return " ".join(str(s).split())


def applicable(items: list[Disagreement], values: dict) -> list[Disagreement]:
    """The disagreements whose chapters are all in the report."""
    chapters = {k.split(".")[0] for k in values}
    return [d for d in items if all(i.split(".")[0] in chapters for v in d.values for i in v.ledger)]


def load(data_dir: Path) -> list[Disagreement]:
    path = Path(data_dir) / FILE
    if not path.is_file():
        return []
    from .structure import refuse_former_value_ids
    from .yamlfiles import read_yaml

    refuse_former_value_ids(path.read_text(encoding="utf-8", errors="replace"), str(path))
    raw = read_yaml(path) or []
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise ReportError(f"{path}: oczekiwano listy wpisów (każdy zaczyna się od '- id: …')")
    out = []
    for entry in raw:
        try:
            out.append(
                Disagreement(
                    entry["id"],
                    _text(entry["where_pl"]),
                    _text(entry["description_pl"]),
                    tuple(
                        PublishedValue(_text(v["label_pl"]), str(v["published"]), tuple(v["ledger"]))
                        for v in entry["values"]
                    ),
                    _text(entry.get("resolution_pl") or ""),  # only the office's own explanation, if it has one
                )
            )
        except (KeyError, TypeError) as exc:
            raise ReportError(f"{path}: wpis {entry.get('id', '?')}: brak pola {exc}") from None
    return out


def published_number(text: str) -> Fraction:
    """The last number of a published figure, Polish style.

    >>> published_number("22 + 25 = 47") == 47, published_number("930 518,87 zł") == Fraction("930518.87")
    (True, True)
    """
    numbers = re.findall(r"\d+(?:[ \u00a0]\d{3})*(?:,\d+)?", text)
    if not numbers:
        raise ValueError(f"no number in {text!r}")
    last = numbers[-1].replace(" ", "").replace("\u00a0", "").replace(",", ".")
    return Fraction(last)


def verify(items: list[Disagreement], values: dict[str, Fraction]) -> None:
    """Stop the build when a recorded disagreement no longer matches the ledger."""
    problems = []
    chapters = {k.split(".")[0] for k in values}
    for d in items:
        if not all(i.split(".")[0] in chapters for v in d.values for i in v.ledger):
            continue  # a chapter it names is not in this report
        for v in d.values:
            missing = [i for i in v.ledger if i not in values]
            if missing:
                problems.append(f"{d.id}: brak w rejestrze liczb: {', '.join(missing)}")
                continue
            got = sum((values[i] for i in v.ledger), Fraction(0))
            if got != published_number(v.published):
                problems.append(f"{d.id}: {v.label_pl}: opublikowano {v.published}, dane dają {got}")
    if problems:
        raise ReportError(
            "Zapisane rozbieżności sprawozdania nie zgadzają się z danymi "
            f"({FILE}):\n" + "\n".join(f"  - {p}" for p in problems)
        )
