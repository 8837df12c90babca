"""The input registry is complete and consistent with the data and the dictionary."""

import csv
from pathlib import Path

from sprawozdanie.cli import DICTIONARY_FILE, write_dictionary
from sprawozdanie.schema import registry

ROOT = Path(__file__).resolve().parents[2]


def test_every_declared_field_is_used_by_a_table():
    reg = registry()
    used = {c for t in reg.tables.values() for c in t.columns}
    assert set(reg.fields) == used


def test_every_csv_column_is_declared():
    reg = registry()
    for t in reg.tables.values():
        with open(ROOT / "data" / "2025" / t.file, encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert header == list(t.columns), t.file


def test_committed_dictionary_is_the_generated_one(tmp_path):
    fresh = write_dictionary(tmp_path / DICTIONARY_FILE).read_text(encoding="utf-8")
    committed = (ROOT / "data" / "2025" / DICTIONARY_FILE).read_text(encoding="utf-8")
    assert committed == fresh, "run: sprawozdanie dictionary 2025"


def test_dictionary_marks_the_register_as_synthetic():
    readme = (ROOT / "data" / "2025" / "README.md").read_text(encoding="utf-8")
    assert "SYNTETYCZNY" in readme.upper() and "generate_synthetic.py" in readme


def test_code_lists_have_labels_and_no_clashing_variants():
    for name, codes in registry().codes.items():
        spellings = [s.lower() for c in codes.values() for s in (c.code, *c.variants)]
        assert len(spellings) == len(set(spellings)), name
        assert all(c.label_pl for c in codes.values())
