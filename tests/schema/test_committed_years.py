"""Old years keep validating: every committed year folder passes validation as it is (a
change of schema comes with a migration of these folders, or an optional column). A year
with params is validated whole; a prior-year folder kept only for comparison (data/2024:
the foster-care register) is validated table by table for the files it has."""

from __future__ import annotations

from pathlib import Path

import pytest

from sprawozdanie import owner
from sprawozdanie.load import find_file, load_inputs
from sprawozdanie.params import load_params
from sprawozdanie.schema import registry

ROOT = Path(__file__).resolve().parents[2]
YEARS = sorted(p for p in (ROOT / "data").iterdir() if p.is_dir() and p.name.isdigit())


def test_there_are_committed_years():
    assert [p.name for p in YEARS][:2] == ["2024", "2025"]


@pytest.mark.parametrize("folder", YEARS, ids=[p.name for p in YEARS])
def test_a_committed_year_validates_and_says_whose_it_is(folder):
    year = int(folder.name)
    params = ROOT / "params" / f"{year}.yml"
    if params.is_file():
        p = load_params(params, year)
        assert load_inputs(p.data_path(ROOT), year)
        teryt = p.municipality.teryt
    else:
        present = [t.name for t in registry().tables.values() if find_file(folder, t.file).is_file()]
        assert present, f"{folder} holds no input file"
        load_inputs(folder, year, present)
        teryt = load_params(ROOT / "params" / f"{year + 1}.yml", year + 1).municipality.teryt
    assert owner.read(folder).teryt == teryt
