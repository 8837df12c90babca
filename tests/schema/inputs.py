"""Helpers of the input tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from sprawozdanie.errors import InputError
from sprawozdanie.load import load_inputs


def problems(data_dir: Path) -> list:
    """Every problem validation finds in a year folder (it must find some)."""
    with pytest.raises(InputError) as err:
        load_inputs(data_dir, 2025)
    return err.value.problems
