"""Fixtures of the input tests: a scratch copy of the 2025 data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "2025"


@pytest.fixture()
def data_dir(tmp_path) -> Path:
    """A copy of data/2025 that a test may change."""
    d = tmp_path / "2025"
    shutil.copytree(DATA, d)
    return d
