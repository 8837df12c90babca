"""The year's parameters (``params/<year>.yml``), validated with pydantic."""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field, field_validator, model_validator

from .errors import ReportError
from .paths import probe


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Strict):
    """A proper name with the grammatical cases the narrative needs."""

    name: str  # mianownik: "Gmina Miejska Mielec"
    genitive: str  # dopełniacz: "Gminy Miejskiej Mielec"
    locative: str  # miejscownik: "Gminie Miejskiej Mielec"


class Municipality(Names):
    """The municipality, with its code in the TERYT register (7 digits: voivodeship, powiat,
    gmina and the type digit), which also marks whose data a year folder holds."""

    teryt: str  # e.g. "1811011": 18 podkarpackie, 11 powiat mielecki, 01, type 1 = gmina miejska

    @field_validator("teryt", mode="before")
    @classmethod
    def _teryt(cls, value):
        text = str(value).strip()
        if not re.fullmatch(r"[0-9]{7}", text):
            raise ValueError(f'kod TERYT gminy to 7 cyfr (np. "1811011"), znaleziono {text!r}')
        if int(text[:2]) not in range(2, 33, 2):
            raise ValueError(f"kod TERYT zaczyna się kodem województwa (02, 04, …, 32), znaleziono {text[:2]!r}")
        if text[6] not in "123":
            raise ValueError(
                f"ostatnia cyfra kodu TERYT gminy to jej rodzaj: 1 (miejska), 2 (wiejska) "
                f"lub 3 (miejsko-wiejska), znaleziono {text[6]!r}"
            )
        return text


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
    # False: a draft (every page marked PROJEKT with its version; a page of changes beside it).
    # True: the final version, filed with the council; a later build that changes it is a correction.
    final: bool = False


class FamilyAssistance(_Strict):
    """Family assistance as the office organises it; an absent or empty block means no team
    (art. 10 of the act: a team "may" be formed) and no act to cite."""

    team_name: str = ""  # the team's name as the office's act gives it; empty: no team
    team_genitive: str = ""  # no longer printed ("posiedzeń zespołu"); kept so that older params load
    mandate: str = ""  # the act that gave the institution its family-support tasks, if any


class Act(_Strict):
    """An act as the report cites it (``report/acts.yml``; an office may update its entry)."""

    title: str = Field(min_length=1)  # in a sentence: "ustawa z dnia 9 czerwca 2011 r. o …"
    journal: str = ""  # "Dz. U. z 2025 r. poz. 49 z późn. zm."; empty: cited by title and date alone
    # Provisions the office copied from the consolidated text, by article ("176": "Do zadań …"):
    # the report quotes only these, never a wording of its own made to look like the act's.
    provisions: dict[str, str] = {}

    @field_validator("provisions")
    @classmethod
    def _articles(cls, provisions: dict[str, str]) -> dict[str, str]:
        for article, text in provisions.items():
            if not re.fullmatch(r"\d+[a-z]?", str(article)):
                raise ValueError(f"„{article}”: przepis podaj numerem artykułu, np. „176”")
            if not str(text).strip():
                raise ValueError(f"art. {article}: brak treści przepisu")
        return provisions

    @computed_field
    @property
    def citation(self) -> str:
        """The act as printed: its title, with its Dziennik Ustaw entry when there is one."""
        return f"{self.title} ({self.journal})" if self.journal.strip() else self.title


def _tool_acts() -> dict:
    import yaml

    return yaml.safe_load((Path(__file__).parent / "report" / "acts.yml").read_text(encoding="utf-8"))


class Acts(_Strict):
    """The acts the report cites; ``params`` may give any of them a newer entry."""

    family_support: Act = Field(default_factory=lambda: Act(**_tool_acts()["family_support"]))

    @model_validator(mode="before")
    @classmethod
    def _over_the_tool_s(cls, value):
        """An office's entry is merged over the tool's: only the fields it gives change."""
        if isinstance(value, dict):
            tool = _tool_acts()
            return {k: {**tool.get(k, {}), **v} if isinstance(v, dict) else v for k, v in value.items()}
        return value


class EndReasonGroup(_Strict):
    """Reasons for ending an assistant's work that chapter 1's table and text give as one row
    (e.g. an office that counts a move away among refusals); each keeps its own count."""

    codes: list[str] = Field(min_length=2)  # codes of end_reason, in data_dictionary.csv
    label: str = Field(min_length=1)  # the table's row, e.g. "odmowa współpracy, zmiana miejsca zamieszkania"
    phrase: str = ""  # the text's words after "w 3 przypadkach"; empty: the first code's words

    @field_validator("codes")
    @classmethod
    def _known(cls, codes: list[str]) -> list[str]:
        from .schema import registry

        known = registry().codes["end_reason"]
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValueError(
                f"nieznany kod przyczyny zakończenia pracy: {', '.join(unknown)}; dozwolone: {', '.join(known)}"
            )
        if len(set(codes)) != len(codes):
            raise ValueError("kod powtórzony w jednej grupie")
        return codes


class Limits(_Strict):
    """How long the build may take before it stops with a message (a notebook caught in a
    loop must not hold the year's lock for ever)."""

    notebook_seconds: int = Field(300, ge=10, le=86_400)  # one chapter's notebook
    build_seconds: int = Field(1800, ge=60, le=86_400)  # every notebook of the build together


class Params(_Strict):
    year: int
    prior_year: int | None = None  # none in the first year with the tool: nothing is compared
    data_dir: str = ""
    prior_data_dir: str = ""  # default: data/<prior_year>; compared with when it exists
    municipality: Municipality
    institution: Names
    authority: Authority
    report: Report
    family_assistance: FamilyAssistance = FamilyAssistance()
    # chapter 1: reasons for ending work given as one row; none: each reason its own row
    end_reason_groups: list[EndReasonGroup] = []
    acts: Acts = Acts()  # the acts cited, with their Dziennik Ustaw entries (report/acts.yml)
    limits: Limits = Limits()

    @model_validator(mode="before")
    @classmethod
    def _empty_blocks(cls, raw):
        """An optional block written with nothing under it (``family_assistance:``) is absent."""
        if isinstance(raw, dict):
            raw = {
                k: v
                for k, v in raw.items()
                if not (k in ("family_assistance", "limits", "end_reason_groups") and v is None)
            }
        return raw

    @model_validator(mode="after")
    def _years(self):
        if self.prior_year is not None and self.prior_year != self.year - 1:
            raise ValueError(f"pole 'prior_year' musi być rokiem poprzednim ({self.year - 1}), jest {self.prior_year}")
        grouped = [c for g in self.end_reason_groups for c in g.codes]
        twice = sorted({c for c in grouped if grouped.count(c) > 1})
        if twice:
            raise ValueError(f"pole 'end_reason_groups': kod {', '.join(twice)} należy do więcej niż jednej grupy")
        return self

    def data_path(self, root: Path) -> Path:
        named = root / (self.data_dir or f"data/{self.year}")
        probe(named)  # (as named: a link may point elsewhere later)
        return named.resolve()

    def prior_data_path(self, root: Path) -> Path | None:
        """The prior year's folder, when a prior year is named (it may not exist)."""
        if self.prior_year is None:
            return None
        named = root / (self.prior_data_dir or f"data/{self.prior_year}")
        probe(named)
        return named.resolve()


# pydantic's error types in the analyst's words; others keep pydantic's (English) message.
_ERRORS_PL = {
    "missing": "brak pola (wymagane)",
    "string_type": "oczekiwano tekstu",
    "int_parsing": "oczekiwano liczby całkowitej",
    "int_type": "oczekiwano liczby całkowitej",
    "date_from_datetime_parsing": "oczekiwano prawdziwej daty w formacie RRRR-MM-DD (np. 2026-03-31)",
    "date_parsing": "oczekiwano prawdziwej daty w formacie RRRR-MM-DD (np. 2026-03-31)",
    "date_type": "oczekiwano daty w formacie RRRR-MM-DD (np. 2026-03-31)",
    "greater_than_equal": "liczba za mała (co najmniej {ge})",
    "less_than_equal": "liczba za duża (najwyżej {le})",
    "model_type": "oczekiwano pól zagnieżdżonych, każde w osobnym wierszu z wcięciem ('nazwa: wartość')",
}


def _pl(error: dict) -> str:
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if error["type"] == "extra_forbidden":  # a typo: name the fields that are allowed there
        model = Params
        for name in error["loc"][:-1]:
            if isinstance(name, int):  # an item of a list: its fields are the item model's
                continue
            model = model.model_fields[name].annotation
            model = typing.get_args(model)[0] if typing.get_origin(model) is list else model
        return "nieznane pole (literówka?); dozwolone tu pola: " + ", ".join(model.model_fields)
    text = _ERRORS_PL.get(error["type"], error["msg"]).format(**error.get("ctx", {}))
    if "input" in error and error["type"] not in ("missing", "model_type"):
        text += f"; znaleziono {str(error['input'])[:60]!r}"
    return text


def load_params(path: Path | str, year: int | None = None) -> Params:
    """Read and validate a params file; errors name the file and the field."""
    from .cache import note_read

    path = Path(path)
    note_read(path)
    if not path.is_file():
        raise ReportError(f"{path}: brak pliku parametrów (oczekiwano params/<rok>.yml)")
    from .yamlfiles import read_yaml

    try:
        raw = read_yaml(path)
    except OSError as exc:
        raise ReportError(f"{path}: nie można odczytać pliku ({exc.strerror})") from None
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise ReportError(
            f"{path}: oczekiwano pól 'nazwa: wartość', każde w osobnym wierszu, znaleziono: {str(raw)[:60]!r}"
        )
    try:
        params = Params.model_validate(raw)
    except ValidationError as exc:
        lines = [
            f"  - pole '{'.'.join(map(str, e['loc']))}': {_pl(e)}" if e["loc"] else f"  - {_pl(e)}"
            for e in exc.errors()
        ]
        raise ReportError(f"{path}: błędne parametry:\n" + "\n".join(lines)) from None
    if year is not None and params.year != year:
        raise ReportError(f"{path}: pole 'year' = {params.year}, oczekiwano {year}")
    return params
