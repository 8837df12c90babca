import pytest

from sprawozdanie.present import fmt

NB = fmt.NBSP


@pytest.mark.parametrize(
    "n, word",
    [
        (0, "rodzin"),
        (1, "rodzina"),
        (2, "rodziny"),
        (3, "rodziny"),
        (4, "rodziny"),
        (5, "rodzin"),
        (11, "rodzin"),
        (12, "rodzin"),
        (14, "rodzin"),
        (21, "rodzin"),
        (22, "rodziny"),
        (24, "rodziny"),
        (25, "rodzin"),
        (100, "rodzin"),
        (102, "rodziny"),
        (112, "rodzin"),
        (1001, "rodzin"),
    ],
)
def test_plural_forms(n, word):
    assert fmt.plural(n, "rodzina", "rodziny", "rodzin") == word


def test_count_joins_with_non_breaking_space():
    assert fmt.count(46, "rodzina", "rodziny", "rodzin") == f"46{NB}rodzin"


@pytest.mark.parametrize(
    "value, text",
    [
        (0, "0"),
        (917, "917"),
        (4000, "4000"),
        (9999, "9999"),
        (10000, f"10{NB}000"),
        (28000, f"28{NB}000"),
        (1234567, f"1{NB}234{NB}567"),
        (-12000, f"-12{NB}000"),
    ],
)
def test_number(value, text):
    assert fmt.number(value) == text


@pytest.mark.parametrize(
    "grosze, text",
    [
        (93051887, f"930{NB}518,87{NB}zł"),
        (400000, f"4{NB}000,00{NB}zł"),  # amounts grouped from four digits
        (214600, f"2{NB}146,00{NB}zł"),
        (99999, f"999,99{NB}zł"),
        (2800000, f"28{NB}000,00{NB}zł"),
        (1, f"0,01{NB}zł"),
        (0, f"0,00{NB}zł"),
        (52010000, f"520{NB}100,00{NB}zł"),
    ],
)
def test_money_is_exact(grosze, text):
    assert fmt.money(grosze) == text


def test_money_without_currency():
    assert fmt.money(2800000, currency=False) == f"28{NB}000,00"
