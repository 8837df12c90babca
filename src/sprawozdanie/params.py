"""The year's parameters (``params/<year>.yml``), validated with pydantic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .errors import ReportError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Strict):
    """A proper name with the grammatical cases the narrative needs."""

    name: str  # mianownik: "Gmina Miejska Mielec"
    genitive: str  # dopełniacz: "Gminy Miejskiej Mielec"
    locative: str  # miejscownik: "Gminie Miejskiej Mielec"


class Authority(_Strict):
    """Who gives the report to whom (art. 179 ust. 1 of the act): the head of the
    municipality and its council, in the cases the text needs."""

    head: str  # mianownik: "Prezydent Miasta Mielca", "Burmistrz Zielonowa", "Wójt Gminy …"
    council: str  # mianownik: "Rada Miejska w Mielcu"
    council_dative: str  # celownik: "Radzie Miejskiej w Mielcu"


class Report(_Strict):
    title: str
    subtitle: str = ""
    author: str
    date: dt.date
    date_text: str  # as printed on the title page, e.g. "marzec 2026"


class FamilyAssistance(_Strict):
    team_name: str  # e.g. "Zespół ds. Asysty Rodzinnej"
    team_genitive: str
    mandate: str = ""  # the act that gave the institution its family-support tasks, if any


class Params(_Strict):
    year: int
    prior_year: int
    data_dir: str = ""
    prior_data_dir: str = ""  # default: data/<prior_year>; compared with when it exists
    municipality: Names
    institution: Names
    authority: Authority
    report: Report
    family_assistance: FamilyAssistance

    @model_validator(mode="after")
    def _years(self):
        if self.prior_year != self.year - 1:
            raise ValueError(f"prior_year must be year - 1 ({self.year - 1}), got {self.prior_year}")
        return self

    def data_path(self, root: Path) -> Path:
        return (root / (self.data_dir or f"data/{self.year}")).resolve()

    def prior_data_path(self, root: Path) -> Path:
        return (root / (self.prior_data_dir or f"data/{self.prior_year}")).resolve()


def load_params(path: Path | str, year: int | None = None) -> Params:
    """Read and validate a params file; errors name the file and the field."""
    from .cache import note_read

    path = Path(path)
    note_read(path)
    if not path.is_file():
        raise ReportError(f"{path}: brak pliku parametrów (oczekiwano params/<rok>.yml)")
    from .dialect import DialectError, decode

    try:
        text, _encoding = decode(path.read_bytes())  # UTF-8, or Windows-1250 from Notepad
    except DialectError as exc:
        raise ReportError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ReportError(f"{path}: nie można odczytać pliku ({exc.strerror})") from None
    try:
        raw = yaml.safe_load(text) or {}
        params = Params.model_validate(raw)
    except yaml.YAMLError as exc:
        raise ReportError(f"{path}: niepoprawny YAML: {exc}") from None
    except ValidationError as exc:
        lines = [f"  - pole '{'.'.join(map(str, e['loc']))}': {e['msg']}" for e in exc.errors()]
        raise ReportError(f"{path}: błędne parametry:\n" + "\n".join(lines)) from None
    if year is not None and params.year != year:
        raise ReportError(f"{path}: pole 'year' = {params.year}, oczekiwano {year}")
    return params
