"""Chapter 22: the list of needs, in order."""

import pandas as pd

from sprawozdanie.chapters.needs import compute


def test_needs_in_list_order():
    ch = compute({"needs_list": pd.DataFrame({"needs_order": [2, 1], "needs_text": ["drugie", "pierwsze"]})}, 2025)
    assert ch.needs == ["pierwsze", "drugie"] and ch.ledger["needs"].value == 2


def test_one_and_none():
    one = compute({"needs_list": pd.DataFrame({"needs_order": [1], "needs_text": ["jedno"]})}, 2025)
    assert one.ledger["needs"].value == 1
    none = compute({"needs_list": pd.DataFrame({"needs_order": [], "needs_text": []})}, 2025)
    assert none.ledger["needs"].value == 0 and none.needs == []
