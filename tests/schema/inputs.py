"""Helpers of the input tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sprawozdanie.errors import InputError
from sprawozdanie.load import load_inputs


def edit_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV (``line`` as in a spreadsheet: header is line 1)."""
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def problems(data_dir: Path) -> list:
    """Every problem validation finds in a year folder (it must find some)."""
    with pytest.raises(InputError) as err:
        load_inputs(data_dir, 2025)
    return err.value.problems
