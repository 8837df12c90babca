"""Chapter 15: the respite-care programme (children supported)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..load import load_inputs
from .personal_assistance import Chapter, programme_chapter

TABLES = ["care_services_programmes"]
PREFIX = "respite_care"
HEADLINES = ()
PROGRAMME = "respite_care"


def compute(frames: dict[str, pd.DataFrame], year: int) -> Chapter:
    return programme_chapter(frames, year, PREFIX, PROGRAMME)


def build(data_dir: str | Path, year: int) -> Chapter:
    """Load and validate this chapter's inputs, then compute it."""
    return compute(load_inputs(data_dir, year, TABLES), year)
