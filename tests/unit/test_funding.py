"""Chapter 21 computations (funding received and spent) on small inline frames."""

import pandas as pd

from sprawozdanie.chapters.funding import compute

COLS = [
    "funding_component",
    "funding_programme",
    "funding_source",
    "funding_basis",
    "funding_purpose",
    "funding_granted_gr",
    "funding_spent_gr",
]


def chapter(rows):
    return compute({"funding_grants": pd.DataFrame(rows, columns=COLS)}, 2025)


def v(ch, key):
    return ch.ledger[key].value


def test_amounts_are_exact_grosze_and_programmes_total():
    ch = chapter(
        [
            ("a", "P1", "Funduszu Pracy", None, "cel a", 7236056, 7201169),
            ("b", "P2", "budżetu państwa", "uchwała", "cel b", 4130225, 4117445),
            ("c", "P2", "budżetu państwa", "uchwała", "cel c", 6947732, 6912318),
        ]
    )
    assert v(ch, "granted.a") == 7236056 and ch.ledger["granted.a"].unit == "gr"
    assert v(ch, "programme_granted.02") == 11077957 and v(ch, "programme_spent.02") == 11029763
    assert v(ch, "granted_total") == 18314013 and v(ch, "spent_total") == 18230932
    assert [p.name for p in ch.programmes] == ["P1", "P2"]
    assert ch.programmes[0].granted_id is None and ch.programmes[0].basis is None  # one component: no total
    assert ch.programmes[1].basis == "uchwała" and len(ch.programmes[1].components) == 2


def test_one_grant_nothing_spent():
    ch = chapter([("a", "P1", "Funduszu Pracy", None, "cel a", 100, 0)])
    assert v(ch, "granted_total") == 100 and v(ch, "spent_total") == 0
    assert "programme_granted.01" not in ch.ledger


def test_no_grants():
    ch = chapter([])
    assert v(ch, "granted_total") == 0 and ch.programmes == []
