"""validate is the whole gate: generated variations of the 2025 inputs (a table with no rows
or one row, an optional file absent, every blank the schema allows, zeros) either are refused
by validation with a message, or every chapter that reads them computes and its notebook's
code and text run (``preview``, in-process: no kernel). No other exception."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from sprawozdanie.chapters import MODULES
from sprawozdanie.errors import ReportError
from sprawozdanie.load import load_inputs
from sprawozdanie.schema import registry

DATA = Path(__file__).resolve().parents[2] / "data" / "2025"


def _rewrite(path: Path, change) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(df).to_csv(path, index=False, lineterminator="\n")


def _blank(columns):
    def change(df):
        for c in columns:
            df[c] = ""
        return df

    return change


def _zero(columns):
    def change(df):
        for c in columns:
            df[c] = df[c].where(df[c] == "", "0")
        return df

    return change


def variations():
    reg = registry()
    for t in reg.tables.values():
        yield f"{t.name}-no-rows", t, lambda p, t=t: p.write_text(",".join(t.columns) + "\n", encoding="utf-8")
        yield f"{t.name}-one-row", t, lambda p: _rewrite(p, lambda df: df.head(1))
        if t.optional:
            yield f"{t.name}-absent", t, lambda p: p.unlink()
        nullable = [c for c in t.columns if reg.field_of(t, c).nullable]
        if nullable:
            yield f"{t.name}-blanks", t, lambda p, cols=nullable: _rewrite(p, _blank(cols))
        numbers = [c for c in t.columns if reg.field_of(t, c).type in ("count", "money")]
        if numbers:
            yield f"{t.name}-zeros", t, lambda p, cols=numbers: _rewrite(p, _zero(cols))


CASES = list(variations())


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """One copy of the project; each case puts its own data/2025 in it."""
    from tests.conftest import copy_project

    return copy_project(tmp_path_factory.mktemp("project"))


@pytest.mark.parametrize("name, table, change", CASES, ids=[c[0] for c in CASES])
def test_a_variation_is_refused_with_a_message_or_computes(scratch, name, table, change):
    from sprawozdanie.preview import preview

    data = scratch.root / "data" / "2025"
    shutil.rmtree(data)
    shutil.copytree(DATA, data)
    change(data / table.file)
    readers = [m for m in MODULES if table.name in m.TABLES]
    # the tables those chapters read, and those their references point to: what validate checks of them
    wanted = {t for m in readers for t in m.TABLES} | {table.name}
    reg = registry()
    wanted |= {
        o.name for t in list(wanted) for col in reg.tables[t].references for o in reg.tables.values() if o.key == (col,)
    }
    try:
        load_inputs(data, 2025, tables=sorted(wanted))
    except ReportError:
        return  # refused by validation, with a message
    for module in readers:  # validation passed: every chapter reading the table must compute…
        module.build(data, 2025)
        number = module.PREFIX.removeprefix("ch")
        for notebook in sorted((scratch.root / "notebooks").glob(f"{number}_*.ipynb")):
            preview(2025, notebook.stem, scratch.root)  # …and its notebook's code and text run
