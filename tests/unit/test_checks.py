"""Consistency rules: each kind, severities, missing values, and the build stopping on errors."""

from fractions import Fraction
from pathlib import Path

import pytest

from sprawozdanie import checks
from sprawozdanie.build import build
from sprawozdanie.checks import Rule, evaluate
from sprawozdanie.errors import ReportError


def rule(kind="sum_equals", left=("a", "b"), right=("t",), severity="error", failure="Niezgodne."):
    return Rule("r", kind, tuple(left), tuple(right), severity, "Opis.", failure)


@pytest.mark.parametrize(
    "values, kind, severity, verdict",
    [
        ({"a": 2, "b": 3, "t": 5}, "sum_equals", "error", "ok"),
        ({"a": 2, "b": 3, "t": 6}, "sum_equals", "error", "error"),
        ({"a": 2, "b": 3, "t": 6}, "sum_equals", "warning", "warning"),
        ({"a": 2, "b": 3, "t": 5}, "at_least", "error", "ok"),
        ({"a": 2, "b": 3, "t": 4}, "at_least", "error", "ok"),
        ({"a": 1, "b": 3, "t": 5}, "at_least", "error", "error"),
        ({"a": 2, "b": 3, "t": 5}, "at_most", "error", "ok"),
        ({"a": 2, "b": 3, "t": 6}, "at_most", "error", "ok"),
        ({"a": 3, "b": 3, "t": 5}, "at_most", "error", "error"),
        ({"a": Fraction(1, 2), "b": Fraction(1, 2), "t": 1}, "sum_equals", "error", "ok"),
    ],
)
def test_rule_kinds(values, kind, severity, verdict):
    (result,) = evaluate(values, (rule(kind=kind, severity=severity),))
    assert result.verdict == verdict


def test_failure_explains_with_the_values():
    (result,) = evaluate({"a": 2, "b": 3, "t": 6}, (rule(),))
    assert result.explanation_pl == "Niezgodne. (2 + 3 = 5 ≠ 6)"
    assert (result.left_value, result.right_value) == (5, 6)


def test_comparison_is_printed_in_the_order_of_the_rule():
    (held,) = evaluate({"a": 2, "b": 3, "t": 6}, (rule(kind="at_most"),))
    (broken,) = evaluate({"a": 4, "b": 3, "t": 6}, (rule(kind="at_most"),))
    (least,) = evaluate({"a": 1, "b": 3, "t": 6}, (rule(kind="at_least"),))
    assert held.explanation_pl == "Opis. (2 + 3 = 5 ≤ 6)"
    assert broken.explanation_pl == "Niezgodne. (4 + 3 = 7 > 6)"
    assert least.explanation_pl == "Niezgodne. (1 + 3 = 4 < 6)"


def test_a_sum_that_agrees_is_written_once():
    values = {"a": 2, "b": 3, "c": 4, "d": 1, "t": 5}
    (parts,) = evaluate(values, (rule(),))
    (both,) = evaluate(values, (rule(right=("c", "d")),))
    (whole_first,) = evaluate(values, (rule(left=("t",), right=("a", "b")),))
    assert parts.explanation_pl == "Opis. (2 + 3 = 5)"
    assert both.explanation_pl == "Opis. (2 + 3 = 5; 4 + 1 = 5)"
    assert whole_first.explanation_pl == "Opis. (5 = 2 + 3)"
    (empty,) = evaluate({"x.r1": 0, "x.r2": 0}, (rule(left=("x.none.*",), right=("x.r1", "x.r2")),))
    assert empty.explanation_pl.endswith("(0 [brak pozycji] = 0 + 0).")  # an empty side keeps its mark


def test_package_rules_name_the_part_first_as_their_sentences_do():
    """A sentence that names the part first ("X nie jest większa niż Y", "X są częścią Y") is
    followed by its comparison: the rule must be at_most, or the bracket reads "(46 ≥ 19)"."""
    part_first = ("nie jest większa niż", "są częścią", "mieszczą się wśród", "nie więcej")
    wrong = [
        r.id for r in checks._package_rules() if r.kind == "at_least" and any(p in r.description_pl for p in part_first)
    ]
    assert not wrong


def test_count_rules_claim_no_more_than_a_count():
    """An at_most rule compares two counts; "X są częścią Y" or "X mieszczą się wśród Y" claims
    that each X is a Y, which no count shows (the editorial readings: a tautology, a claim)."""
    claims = ("są częścią", "mieszczą się wśród", "wszystkich takich")
    wrong = [
        r.id for r in checks._package_rules() if r.kind == "at_most" and any(c in r.description_pl for c in claims)
    ]
    assert not wrong


def test_wildcard_takes_every_row():
    values = {"x.rows.01": 1, "x.rows.02": 2, "x.total": 3}
    (result,) = evaluate(values, (rule(left=("x.rows.*",), right=("x.total",)),))
    assert result.verdict == "ok"
    (result,) = evaluate({**values, "x.rows.03": 1}, (rule(left=("x.rows.*",), right=("x.total",)),))
    assert result.verdict == "error"


def test_missing_value_is_an_error_naming_it():
    (result,) = evaluate({"x.a": 1, "x.t": 1}, (rule(left=("x.a", "x.b"), right=("x.t",)),))
    assert result.verdict == "error" and "x.b" in result.explanation_pl


def test_rule_about_a_chapter_not_in_the_report_does_not_apply():
    assert evaluate({"x.a": 1, "x.t": 1}, (rule(left=("x.a", "y.b"), right=("x.t",)),)) == []


def test_every_rule_names_existing_2025_values(built_2025):
    import csv

    rows = list(csv.DictReader(built_2025["checks"].open(encoding="utf-8")))
    data_dir = built_2025["project"].root / "data" / "2025"
    # (a rule with each: true gives one row per item, "<rule>[<item>]"; the checks that follow
    # from the programme's indicator table come last)
    ids = list(dict.fromkeys(r["rule"].split("[")[0] for r in rows))
    rules = [r.id for r in checks.rules(data_dir)]
    assert ids[: len(rules)] == rules
    assert all(
        i.startswith(
            (
                "support_programme.indicator_restates.",
                "support_programme.indicator_unit.",
                "support_programme.indicator_repeated.",
            )
        )
        for i in ids[len(rules) :]
    )
    # The year's own rules (data/2025/checks.yml) run after the package's.
    assert len(checks.rules(data_dir)) > len(checks.rules()) and rows[-1]["rule"].startswith("support_programme.")
    assert {r["verdict"] for r in rows} <= {"ok", "n/a", "warning"}
    # "pominięte": every number the rule compares is 0 (e.g. no child moved between kinds of care)
    assert all(r["left_value"] == r["right_value"] == "0" for r in rows if r["verdict"] == "n/a")
    # The warnings are the published report's own disagreements (data/2025/known_disagreements.yml);
    # 22 + 25 = 47 for 46 families is not among them: the register has 1 family in both groups.
    assert [r["rule"] for r in rows if r["verdict"] == "warning"] == [
        "daily_centres.stated_centres_vs_list",  # the office's total of 3 centres, 4 in the list
        "daily_centres.stated_children_vs_list",  # the office's total of 112 children, 122 in the list
        "support_programme.indicator_restates.1_3_c",  # 3 assistants in chapter 1, 4 employed in task 1.3
        # the town hall's 112 children in daily centres (tasks 1.5 and 3.2), 122 in the list of centres
        "support_programme.indicator_restates.1_5_a",
        "support_programme.indicator_restates.3_2_b",
        # 122 persons in counselling (indicator 2.3 a), and 122 families in chapter 3
        "support_programme.indicator_unit.2_3_a",
        # task 2.2 names two indicators twice for one partner, each time with another value
        "support_programme.indicator_repeated.2_2_b",  # 4 and 9037 persons
        "support_programme.indicator_repeated.2_2_c",  # 13 and 177 sessions
    ]


@pytest.mark.slow
def test_an_error_stops_the_build_and_keeps_previous_output(project, monkeypatch):
    out = project.output_dir(2025)
    out.mkdir(parents=True)
    (out / "report.html").write_text("previous", encoding="utf-8")
    bad = Rule(
        "family_assistance.impossible",
        "sum_equals",
        ("family_assistance.families",),
        ("family_assistance.cases",),
        "error",
        "Opis.",
        "Niezgodne.",
    )
    monkeypatch.setattr(checks, "rules", lambda data_dir=None: (bad,))
    with pytest.raises(ReportError, match="family_assistance.impossible"):
        build(2025, project, say=lambda _: None)
    assert (out / "report.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.parent.iterdir() if p.name != ".cache") == ["2025"]


@pytest.mark.slow
def test_a_recorded_disagreement_that_no_longer_matches_stops_the_build(project):
    path = project.root / "data" / "2025" / "known_disagreements.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('published: "46"', 'published: "45"'), encoding="utf-8")
    with pytest.raises(ReportError, match="opublikowano 45, dane dają 46"):
        build(2025, project, say=lambda _: None)


def _own_rules(tmp_path, text: str):
    (tmp_path / checks.DATA_RULES_FILE).write_text(text, encoding="utf-8")
    return checks.rules(tmp_path)


def test_each_item_is_checked_whatever_items_the_data_have():
    each = Rule("g", "at_least", ("f.granted.*",), ("f.spent.*",), "error", "Ok.", "Za dużo.", each=True)
    # a municipality with one item of its own naming: no other item is required
    (result,) = evaluate({"f.granted.moj_grant": 10, "f.spent.moj_grant": 10}, (each,))
    assert (result.rule.id, result.verdict) == ("g[moj_grant]", "ok")
    # spent on an item with nothing granted for it
    results = evaluate({"f.granted.a": 10, "f.spent.a": 3, "f.spent.b": 1}, (each,))
    assert [(r.rule.id, r.verdict) for r in results] == [("g[a]", "ok"), ("g[b]", "error")]
    assert results[1].explanation_pl == "Za dużo. (b: 0 < 1)"
    assert evaluate({"f.other": 1}, (each,)) == []  # no items, nothing to check
    # with the ledger's labels an item is named in words, not by the office's code for it
    labels = {"f.granted.a": "Otrzymane: dodatki dla asystentów", "f.spent.a": "Wykorzystane: dodatki dla asystentów"}
    (named,) = evaluate({"f.granted.a": 10, "f.spent.a": 3}, (each,), labels=labels)
    assert named.explanation_pl == "Ok. (dodatki dla asystentów: 10 ≥ 3)"


def test_no_package_rule_names_one_municipalitys_items():
    """Codes of one office's data (funding items, indicator ids) belong in its checks.yml."""
    for r in checks.rules():
        for name in (*r.left, *r.right):
            assert not name.startswith(
                ("funding.granted.", "funding.spent.", "support_programme.indicator.")
            ) or name.endswith("*"), r.id


def test_an_office_switches_a_package_rule_off_with_a_reason(tmp_path):
    rules = _own_rules(
        tmp_path,
        "- id: funding.spent_within_granted\n  disabled: true\n"
        "  reason_pl: Gmina zwraca niewykorzystane środki w styczniu.\n",
    )
    off = next(r for r in rules if r.id == "funding.spent_within_granted")
    (result,) = evaluate({"funding.granted_total": 1, "funding.spent_total": 2}, (off,))
    assert result.verdict == "off" and "Gmina zwraca niewykorzystane środki w styczniu." in result.explanation_pl
    assert checks.errors([result]) == []


def test_an_office_replaces_a_package_rule_with_a_reason(tmp_path):
    rules = _own_rules(
        tmp_path,
        """\
- id: funding.spent_within_granted
  kind: sum_equals
  left: [funding.granted_total]
  right: [funding.spent_total]
  severity: warning
  description_pl: Wykorzystano całe dofinansowanie.
  failure_pl: Nie wykorzystano całego dofinansowania.
  reason_pl: Ośrodek chce widzieć każdą niewykorzystaną złotówkę.
""",
    )
    assert sum(r.id == "funding.spent_within_granted" for r in rules) == 1
    new = next(r for r in rules if r.id == "funding.spent_within_granted")
    assert (new.kind, new.severity, new.reason_pl) == (
        "sum_equals",
        "warning",
        "Ośrodek chce widzieć każdą niewykorzystaną złotówkę.",
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("- id: funding.spent_within_granted\n  disabled: true\n", "podaj powód w polu reason_pl"),
        ("- id: funding.spent_within_granted\n  disabled: true\n  reason_pl: x\n  kind: at_least\n", "nieznane: kind"),
        (
            "- id: own\n  kind: at_least\n  left: [a]\n  right: [b]\n  severity: error\n  description_pl: d\n"
            "  failure_pl: f\n- id: own\n  kind: at_least\n  left: [a]\n  right: [b]\n  severity: error\n"
            "  description_pl: d\n  failure_pl: f\n",
            "występuje w pliku więcej niż raz",
        ),
        (
            "- id: own\n  kind: at_least\n  each: true\n  left: [a.*, b]\n  right: [c.*]\n  severity: error\n"
            "  description_pl: d\n  failure_pl: f\n",
            "po jednym identyfikatorze z '*'",
        ),
    ],
)
def test_own_rules_are_checked_with_a_message(tmp_path, text, message):
    with pytest.raises(ReportError, match=message):
        _own_rules(tmp_path, text)


def _indicators(rows):
    import pandas as pd

    return pd.DataFrame(
        rows,
        columns=[
            "programme_indicator_id",
            "programme_task",
            "programme_indicator",
            "programme_indicator_restates",
            "programme_indicator_counts",
        ],
    ).assign(programme_body="MOPS")


def test_an_indicator_that_names_the_number_it_restates_is_checked_against_it():
    ind = _indicators(
        [
            ["1_1_a", "1_1", "liczba rodzin z asystentem", "family_assistance.families", "families"],
            ["1_1_b", "1_1", "liczba szkoleń", None, None],
        ]
    )
    (rule,) = checks.indicator_rules(ind)
    assert (rule.left, rule.right, rule.severity) == (
        ("support_programme.indicator.1_1_a",),
        ("family_assistance.families",),
        "warning",
    )
    (ok,) = evaluate({"support_programme.indicator.1_1_a": 46, "family_assistance.families": 46}, (rule,))
    (differs,) = evaluate({"support_programme.indicator.1_1_a": 45, "family_assistance.families": 46}, (rule,))
    assert ok.verdict == "ok" and differs.verdict == "warning" and "zadanie 1.1" in differs.explanation_pl


def test_an_indicator_equal_to_a_number_of_its_subject_in_another_unit_is_a_warning():
    ind = _indicators(
        [["2_3_a", "2_3", "liczba osób korzystających ze specjalistycznego poradnictwa", None, "persons"]]
    )
    values = {
        "support_programme.indicator.2_3_a": Fraction(122),
        "counselling.families": Fraction(122),
        "foster_care_families.children": Fraction(122),
    }
    units = {"counselling.families": "rodziny", "foster_care_families.children": "dzieci"}
    labels = {
        "counselling.families": "Rodziny, które skorzystały z poradnictwa specjalistycznego",
        "foster_care_families.children": "Dzieci w pieczy zastępczej",
    }  # same value, another subject: a coincidence
    (warning,) = checks.unit_mismatches(values, units, ind, labels)
    assert warning.verdict == "warning" and warning.rule.right == ("counselling.families",)
    assert "dotyczy osób" in warning.explanation_pl and "która dotyczy rodzin" in warning.explanation_pl
    assert "(zadanie 2.3, realizator: MOPS)" in warning.explanation_pl  # the reader can find the row
    assert (
        checks.unit_mismatches({**values, "support_programme.indicator.2_3_a": Fraction(9)}, units, ind, labels) == []
    )  # < 10
    same_unit = _indicators(
        [["2_3_a", "2_3", "liczba rodzin korzystających ze specjalistycznego poradnictwa", None, "families"]]
    )
    assert checks.unit_mismatches(values, units, same_unit, labels) == []


def test_an_indicator_named_twice_for_one_partner_with_different_values_is_a_warning():
    ind = _indicators(
        [
            ["2_2_b", "2_2", "liczba osób korzystających z zajęć", None, None],
            ["2_2_c", "2_2", "liczba zajęć", None, None],
            ["2_2_d", "2_2", "liczba osób  korzystających z zajęć", None, None],  # spacing differs only
            ["2_2_e", "2_2", "liczba zajęć", None, None],
        ]
    ).assign(programme_body="Ośrodek")
    p = "support_programme.indicator."
    values = {
        p + "2_2_b": Fraction(4),
        p + "2_2_c": Fraction(13),
        p + "2_2_d": Fraction(9037),
        p + "2_2_e": Fraction(13),
    }
    (warning,) = checks.repeated_indicators(values, {}, ind, {"2_2": "2.2."})
    assert warning.verdict == "warning" and warning.rule.left == (p + "2_2_b",) and warning.rule.right == (p + "2_2_d",)
    assert warning.explanation_pl == (
        "Wskaźnik programu „liczba osób korzystających z zajęć” (zadanie 2.2, realizator: "
        "Ośrodek) podano dwukrotnie, z różnymi wartościami: 4 i 9037."
    )
    # another partner, or a row without data, is not a repetition
    assert checks.repeated_indicators(values, {}, ind.assign(programme_body=["A", "A", "B", "A"])) == []
    assert checks.repeated_indicators({k: v for k, v in values.items() if not k.endswith("_d")}, {}, ind) == []


def test_an_indicator_table_without_the_new_columns_still_validates(tmp_path):
    """Year folders written before the columns existed read them as blank."""
    import shutil
    from pathlib import Path

    import pandas as pd

    from sprawozdanie.load import load_inputs

    data = tmp_path / "2025"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data" / "2025", data)
    path = data / "programme_indicators.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.drop(columns=["programme_indicator_restates", "programme_indicator_counts"]).to_csv(path, index=False)
    frame = load_inputs(data, 2025, ["programme_indicators"])["programme_indicators"]
    assert frame["programme_indicator_restates"].isna().all() and checks.indicator_rules(frame) == ()


def test_a_rule_over_numbers_that_are_all_zero_does_not_apply():
    """No daily support centres in the year: the rule has nothing to check and says so,
    instead of counting as an agreement."""
    (result,) = evaluate({"a": 0, "b": 0, "t": 0}, (rule(),))
    assert result.verdict == "n/a" and "Pominięte: wszystkie porównywane liczby wynoszą 0" in result.explanation_pl
    assert checks.VERDICT_PL["n/a"] == "pominięte"
    (result,) = evaluate({"a": 0, "b": 0, "t": 1}, (rule(),))
    assert result.verdict == "error"  # a number on one side only is a disagreement, not an absence


def test_a_rules_references_to_tables_name_this_reports_numbers():
    from sprawozdanie.render.quarto_md import plain_refs

    (result,) = evaluate(
        {"a": 1, "b": 1, "t": 3}, (rule(failure="Wiersze Tabeli nr -@tbl-x nie sumują się (@tbl-x)."),)
    )
    [shown] = checks.with_references([result], lambda text: plain_refs(text, {"tbl-x": "Tabela nr\u00a07"}))
    assert shown.explanation_pl.startswith("Wiersze Tabeli nr\u00a07 nie sumują się (Tabela nr\u00a07).")
    [absent] = checks.with_references([result], lambda text: plain_refs(text, {}))
    assert "Tabeli nr" not in absent.explanation_pl and "której w tym sprawozdaniu nie ma" in absent.explanation_pl


def test_check_runs_the_rules_on_the_values_the_build_recorded_while_they_hold(built_2025, capsys, tmp_path):
    """``check`` after a build checks the numbers the report prints (the notebooks' recorded
    ledgers, the prior year's included), with the build's verdicts; without a valid cache it
    computes every chapter and reaches the same verdicts."""
    import csv
    import shutil

    from sprawozdanie import cli

    root = built_2025["project"].root
    built = {r["rule"]: r["verdict"] for r in csv.DictReader(open(built_2025["checks"], encoding="utf-8"))}

    def verdicts(out: Path) -> dict[str, str]:
        return {r["rule"]: r["verdict"] for r in csv.DictReader(open(out, encoding="utf-8"))}

    assert cli.main(["--workspace", str(root), "check", "2025", "--out", str(tmp_path / "a.csv")]) == 0
    assert "Sprawdzane są liczby, które notatniki rozdziałów zapisały" in capsys.readouterr().out
    assert verdicts(tmp_path / "a.csv") == built
    cache = root / "output" / ".cache"
    shutil.move(cache, tmp_path / "cache")
    try:
        assert cli.main(["--workspace", str(root), "check", "2025", "--out", str(tmp_path / "b.csv")]) == 0
        assert "Sprawdzane są liczby, które notatniki" not in capsys.readouterr().out
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.move(tmp_path / "cache", cache)
    assert verdicts(tmp_path / "b.csv") == built


def test_a_replaced_rule_on_an_optional_figure_still_compares_only_what_is_given(tmp_path):
    """An office that makes the comparison of its own totals an error keeps it conditional:
    a year without the totals has nothing to compare, not a missing value."""
    rules = _own_rules(
        tmp_path,
        """\
- id: daily_centres.stated_centres_vs_list
  kind: sum_equals
  left: [daily_centres.stated_centres]
  right: [daily_centres.centres]
  severity: error
  description_pl: Łączna liczba placówek jest równa liczbie placówek z wykazu.
  failure_pl: Łączna liczba placówek różni się od liczby placówek z wykazu.
  reason_pl: Ośrodek chce, by różnica zatrzymywała przygotowanie sprawozdania.
""",
    )
    (mine,) = (r for r in rules if r.id == "daily_centres.stated_centres_vs_list")
    assert mine.when_given and mine.severity == "error"
    assert evaluate({"daily_centres.centres": 4}, (mine,)) == []
    assert [r.verdict for r in evaluate({"daily_centres.centres": 4, "daily_centres.stated_centres": 3}, (mine,))] == [
        "error"
    ]
    # switched off, it is shown as such even in a year without the figure
    off = Rule(
        mine.id, mine.kind, mine.left, mine.right, "error", "", "", disabled=True, reason_pl="x", when_given=True
    )
    assert [r.verdict for r in evaluate({"daily_centres.centres": 4}, (off,))] == ["off"]
