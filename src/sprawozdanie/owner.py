"""Whose data a year folder holds: ``data/<year>/gmina.yml`` names the municipality by its
TERYT code, so that no other office's year is ever compared with or shown as a prior year.

``new-year`` writes the file; the build and ``validate`` check that the year's folder is
the municipality's of ``params/<year>.yml``, and that a prior-year folder, when there is
one, is too. The chart of years takes only folders of the same municipality.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError

FILE = "gmina.yml"


@dataclass(frozen=True)
class Owner:
    teryt: str
    name: str


def read(folder: Path) -> Owner | None:
    """The municipality a year folder belongs to, or None when the folder does not say."""
    from .cache import note_read
    from .yamlfiles import read_yaml

    path = Path(folder) / FILE
    note_read(path)
    if not path.is_file():
        return None
    raw = read_yaml(path) or {}
    if not isinstance(raw, dict) or not isinstance(raw.get("teryt"), (str, int)):
        raise ReportError(
            f"{path}: oczekiwano pola 'teryt' (7 cyfr kodu gminy w rejestrze TERYT, w cudzysłowie, "
            "np. teryt: \"1811011\") i pola 'nazwa'"
        )
    return Owner(str(raw["teryt"]).strip(), str(raw.get("nazwa", "")).strip())


def text(teryt: str, name: str) -> str:
    """The file as ``new-year`` writes it."""
    return (
        f"# Czyje dane są w tym folderze (kod gminy w rejestrze TERYT i jej nazwa). Raport porównuje\n"
        f"# tylko lata tej samej gminy. Zmień, tylko jeśli w params wpisano inny kod.\n"
        f'teryt: "{teryt}"\nnazwa: {name}\n'
    )


def check_year_folder(folder: Path, teryt: str, name: str, shown: str) -> None:
    """The report year's folder must say it holds this municipality's data."""
    owner = read(folder)
    if owner is None:
        raise ReportError(
            f"{shown}: brak pliku {FILE}, który mówi, czyje to dane. Utwórz go z dwoma wierszami:\n"
            f'  teryt: "{teryt}"\n  nazwa: {name}'
        )
    if owner.teryt != teryt:
        raise ReportError(
            f"{shown}/{FILE}: to dane gminy {owner.name or '?'} (TERYT {owner.teryt}), a plik "
            f"parametrów dotyczy gminy {name} (TERYT {teryt}); popraw kod w jednym z tych plików "
            "albo wskaż właściwy folder danych (data_dir)"
        )


def check_prior_folder(folder: Path, teryt: str, name: str, shown: str) -> None:
    """A prior-year folder used for comparison must be the same municipality's."""
    owner = read(folder)
    if owner is None:
        raise ReportError(
            f"{shown}: nie wiadomo, czyje dane zawiera ten folder roku poprzedniego (brak pliku "
            f"{FILE}). Jeśli to dane gminy {name}, utwórz w nim {FILE} z wierszami "
            f'teryt: "{teryt}" i nazwa: {name}; jeśli nie – usuń pole prior_year z pliku parametrów '
            "albo wskaż w prior_data_dir folder tej gminy"
        )
    if owner.teryt != teryt:
        raise ReportError(
            f"{shown}: to dane innej gminy – {owner.name or '?'} (TERYT {owner.teryt}); raport gminy "
            f"{name} nie może się z nimi porównywać. Usuń pole prior_year z pliku parametrów "
            "(pierwszy rok z tym narzędziem) albo wskaż w prior_data_dir folder danych tej gminy"
        )


def same_municipality(folder: Path, teryt: str) -> bool:
    """Whether an earlier year's folder is this municipality's (for the chart of years)."""
    try:
        owner = read(folder)
    except ReportError:
        return False
    return owner is not None and owner.teryt == teryt
