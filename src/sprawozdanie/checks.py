"""Consistency checks of the report, run on the values ledger (rules in ``rules/*.yml``)."""

from __future__ import annotations

import csv
import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import ReportError
from .ledger import PEOPLE_UNITS
from .present import fmt

KINDS = ("sum_equals", "at_least", "at_most")
SEVERITIES = ("error", "warning")
RULE_FIELDS = ("id", "kind", "left", "right", "severity", "description_pl", "failure_pl")
# An office's checks.yml may also set: each (pairs two wildcards, as in rules/funding.yml),
# when_given (the rule compares only when all its values are given: a total an office may
# keep or not, as in rules/daily_centres.yml), and, for an id of a package rule, reason_pl
# with either disabled: true or the whole new rule.
OPTIONAL_FIELDS = ("each", "disabled", "reason_pl", "resolution_pl", "when_given")
# the report's words: a warning is a difference ("Kontrola obliczeń"), a rule on zeros is skipped
VERDICT_PL = {
    "ok": "zgodne",
    "n/a": "pominięte",
    "warning": "różnica",
    "error": "błąd",
    "off": "wyłączone",
}  # a check (sprawdzenie)
CSV_COLUMNS = ["rule", "kind", "left", "right", "left_value", "right_value", "verdict", "explanation_pl"]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    severity: str
    description_pl: str
    failure_pl: str
    each: bool = False  # one check per pair: left "x.a.*" with right "x.b.*", paired by the "*"
    disabled: bool = False  # switched off by the office (reason_pl says why)
    reason_pl: str = ""  # why the office switched off or replaced a package rule
    resolution_pl: str = ""  # the office's explanation of a warning, printed beside it
    when_given: bool = False  # a value not given (an optional input left out): nothing to compare


@dataclass(frozen=True)
class Result:
    rule: Rule
    left_value: Fraction | None
    right_value: Fraction | None
    verdict: str  # ok | warning | error
    explanation_pl: str
    # the two sides' totals as printed ("112", "930 518,87 zł") and the comparison the
    # explanation ends with in brackets: the council's text gives the totals in words instead
    totals_pl: tuple[str, str] = ("", "")
    comparison_pl: str = ""

    @property
    def statement_pl(self) -> str:
        """The explanation without its bracketed comparison."""
        return (
            self.explanation_pl.removesuffix(f" ({self.comparison_pl})") if self.comparison_pl else self.explanation_pl
        )

    def row(self) -> dict[str, str]:
        return {
            "rule": self.rule.id,
            "kind": self.rule.kind,
            "left": " + ".join(self.rule.left),
            "right": " + ".join(self.rule.right),
            "left_value": "" if self.left_value is None else str(self.left_value),
            "right_value": "" if self.right_value is None else str(self.right_value),
            "verdict": self.verdict,
            "explanation_pl": self.explanation_pl,
        }


# Rules that tie one municipality's own inputs together (e.g. its programme's indicators to
# chapter figures) live with its data, in data/<year>/checks.yml; new-year carries them over.
DATA_RULES_FILE = "checks.yml"


def rules(data_dir: Path | None = None) -> tuple[Rule, ...]:
    """The package's rules, plus the year's own from ``data_dir/checks.yml`` when present."""
    extra = Path(data_dir) / DATA_RULES_FILE if data_dir is not None else None
    if extra is None or not extra.is_file():
        return _package_rules()
    from .cache import note_read

    note_read(extra)
    from .structure import refuse_former_value_ids
    from .yamlfiles import read_yaml

    refuse_former_value_ids(extra.read_text(encoding="utf-8", errors="replace"), str(extra))
    own = read_yaml(extra) or []
    if not isinstance(own, list) or not all(isinstance(r, dict) for r in own):
        raise ReportError(
            f"{extra}: oczekiwano listy reguł, każda od wiersza '- id: …' z polami: {', '.join(RULE_FIELDS)}"
        )
    package = {r["id"]: r for r in _package_raw()}
    own_ids = [r.get("id") for r in own]
    merged = dict(package)
    for i, r in enumerate(own, 1):
        where = f"{extra}: reguła nr {i} ({r.get('id', 'bez id')})"
        if own_ids.count(r.get("id")) > 1:
            raise ReportError(f"{where}: ten identyfikator występuje w pliku więcej niż raz")
        if r.get("id") in package:  # the office switches a package rule off or replaces it
            if not str(r.get("reason_pl", "")).strip():
                raise ReportError(
                    f"{where}: to reguła programu; aby ją wyłączyć (disabled: true) albo zastąpić, "
                    "podaj powód w polu reason_pl (drukowany w „Kontroli obliczeń”)"
                )
            if r.get("disabled") is True:
                unknown = [k for k in r if k not in ("id", "disabled", "reason_pl")]
                if unknown:
                    raise ReportError(
                        f"{where}: wyłączona reguła ma tylko pola id, disabled i reason_pl; "
                        f"nieznane: {', '.join(map(str, unknown))}"
                    )
                merged[r["id"]] = {**package[r["id"]], "disabled": True, "reason_pl": r["reason_pl"]}
                continue
        problems = _rule_problems(r)
        if problems:
            raise ReportError(f"{where}: " + "; ".join(problems))
        # a package rule replaced keeps comparing only what is given, unless the office says otherwise
        if r.get("id") in package and "when_given" in package[r["id"]] and "when_given" not in r:
            r = {**r, "when_given": package[r["id"]]["when_given"]}
        merged[r["id"]] = r
    return _parsed(list(merged.values()))


def _rule_problems(r: dict) -> list[str]:
    missing = [k for k in RULE_FIELDS if k not in r]
    unknown = [k for k in r if k not in RULE_FIELDS + OPTIONAL_FIELDS]
    wrong = [k for k in ("left", "right") if k in r and not isinstance(r[k], list)]
    return [
        p
        for p in [
            missing and "brak pól: " + ", ".join(missing),
            unknown and "nieznane pola: " + ", ".join(map(str, unknown)),
            wrong and "pola " + ", ".join(wrong) + " mają być listami identyfikatorów liczb",
            r.get("kind") not in KINDS and "'kind' ma być jednym z: " + ", ".join(KINDS),
            r.get("severity") not in SEVERITIES and "'severity' ma być jednym z: " + ", ".join(SEVERITIES),
            r.get("each")
            and not all(len(r.get(k) or []) == 1 and str(r[k][0]).count("*") == 1 for k in ("left", "right"))
            and "reguła z each: true ma po jednym identyfikatorze z '*' po obu stronach",
        ]
        if p
    ]


@cache
def _package_raw() -> list[dict]:
    folder = resources.files(__package__).joinpath("rules")
    raw = []
    from .structure import tool_order

    for f in sorted((f for f in folder.iterdir() if f.name.endswith(".yml")), key=lambda f: tool_order(f.name)):
        raw += yaml.safe_load(f.read_text("utf-8")) or []
    return raw


@cache
def _package_rules() -> tuple[Rule, ...]:
    return _parsed(_package_raw())


def _parsed(raw: list[dict]) -> tuple[Rule, ...]:
    out = []
    for r in raw:
        rule = Rule(
            r["id"],
            r["kind"],
            tuple(r["left"]),
            tuple(r["right"]),
            r["severity"],
            " ".join(r["description_pl"].split()),
            " ".join(r["failure_pl"].split()),
            bool(r.get("each")),
            bool(r.get("disabled")),
            " ".join(str(r.get("reason_pl", "")).split()),
            " ".join(str(r.get("resolution_pl", "")).split()),
            bool(r.get("when_given")),
        )
        if rule.kind not in KINDS or rule.severity not in SEVERITIES:
            raise ValueError(f"check {rule.id}: unknown kind or severity")
        out.append(rule)
    if len({r.id for r in out}) != len(out):
        raise ValueError(f"duplicate check ids in rules/*.yml or {DATA_RULES_FILE}")
    return tuple(out)


def _expand(names: tuple[str, ...], values: dict[str, Fraction]) -> list[str] | None:
    ids: list[str] = []
    for name in names:
        if name.endswith("*"):
            ids += sorted(k for k in values if fnmatch.fnmatchcase(k, name))
        elif name in values:
            ids.append(name)
        else:
            return None
    return ids


def _show(
    ids: list[str], values: dict[str, Fraction], units: dict[str, str] | None = None, total_only: bool = False
) -> str:
    if not ids:
        return "0" if total_only else "0 [brak pozycji]"  # brackets: it stands in parentheses
    from .measures import MONEY

    money = bool(units) and all(units.get(i) == MONEY for i in ids if i)  # amounts kept in grosze: shown in zł

    def shown(v: Fraction) -> str:
        if money and v.denominator == 1:
            return fmt.money(int(v))
        return fmt.number(int(v)) if v.denominator == 1 else fmt.decimal(v, 2)

    parts = [shown(values[i]) for i in ids]
    total = sum((values[i] for i in ids), Fraction(0))
    shown_total = shown(total)
    # "2 + 3 = 5 ≠ 6": a sum and its total in one line of arithmetic, no parenthesis within
    return shown_total if len(parts) == 1 or total_only else f"{' + '.join(parts)} = {shown_total}"


def evaluate(
    values: dict[str, Fraction | int],
    selected: tuple[Rule, ...] | None = None,
    units: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
) -> list[Result]:
    """Evaluate each rule on the ledger values; a rule whose values are missing is an error.
    With ``units`` (the ledger's unit of each id), amounts in grosze are shown in złoty; with
    ``labels`` (the ledger's label of each id), a rule checked for each item names the item
    in words (``_item_name``).

    >>> v = {"a": 2, "b": 3, "t": 5}
    >>> [r.verdict for r in evaluate(v, (Rule("x", "sum_equals", ("a", "b"), ("t",), "error", "", ""),))]
    ['ok']
    >>> [r.explanation_pl for r in evaluate({"c.t": 2, "c.r.a": 2}, (Rule("y", "sum_equals", ("c.r*",), ("c.t",), "error", "Ok.", ""),))]
    ['Ok. (2 = 2)']
    >>> [(r.verdict, r.explanation_pl) for r in evaluate({"c.t": 0}, (Rule("y", "sum_equals", ("c.r*",), ("c.t",), "error", "Ok.", ""),))]
    [('n/a', 'Ok. Pominięte: wszystkie porównywane liczby wynoszą 0 (0 [brak pozycji] = 0).')]
    >>> given = Rule("z", "sum_equals", ("c.s",), ("c.t",), "warning", "", "", when_given=True)
    >>> evaluate({"c.t": 4}, (given,)), [r.verdict for r in evaluate({"c.t": 4, "c.s": 3}, (given,))]
    ([], ['warning'])
    """
    values = {k: Fraction(v) for k, v in values.items()}
    chapters = {k.split(".")[0] for k in values}
    results = []
    for rule in selected if selected is not None else _package_rules():
        # A rule about a chapter this report does not have (another municipality, or a
        # report built from fewer chapters) does not apply; a missing value in a chapter
        # that is there is an error.
        if any(name.split(".")[0] not in chapters for name in (*rule.left, *rule.right)):
            continue
        if rule.disabled:
            results.append(
                Result(
                    rule, None, None, "off", f"{rule.description_pl} Reguła wyłączona przez ośrodek: {rule.reason_pl}"
                )
            )
            continue
        missing = [n for n in (*rule.left, *rule.right) if not n.endswith("*") and n not in values]
        if rule.when_given and missing:
            continue  # an optional figure the office did not give: no comparison, and none counted
        if rule.each:
            results += _each(rule, values, units, labels)
            continue
        left, right = _expand(rule.left, values), _expand(rule.right, values)
        # A wildcard that matches nothing is an empty sum (a table with no rows sums to 0).
        if left is None or right is None:
            results.append(
                Result(
                    rule,
                    None,
                    None,
                    "error",
                    f"{rule.description_pl} Brak wartości w rejestrze liczb: {', '.join(missing) or 'wiersze'}.",
                )
            )
            continue
        results.append(_compare(rule, left, right, values, units=units))
    return results


def _compare(
    rule: Rule,
    left: list[str],
    right: list[str],
    values: dict[str, Fraction],
    what: str = "",
    units: dict[str, str] | None = None,
) -> Result:
    lv = sum((values[i] for i in left), Fraction(0))
    rv = sum((values[i] for i in right), Fraction(0))
    holds = {"sum_equals": lv == rv, "at_least": lv >= rv, "at_most": lv <= rv}[rule.kind]
    # the comparison is printed after the rule's sentence, in its order: a part named first
    # ("… nie jest większa niż …") is an at_most rule, "(19 ≤ 46)", never "(46 ≥ 19)"
    relation = {"sum_equals": "=≠", "at_least": "≥<", "at_most": "≤>"}[rule.kind][0 if holds else 1]
    comparison = f"{what}{_show(left, values, units)} {relation} {_show(right, values, units)}"
    if holds and rule.kind == "sum_equals" and max(len(left), len(right)) > 1:
        # a sum that agrees is written once: "3 + 11 + 8 = 22", "22 + 25 = 47; 46 + 1 = 47",
        # never "… = 22 = 22", where an auditor looks for a second 22
        sums = [" + ".join(_show([i], values, units) for i in ids) for ids in (left, right) if len(ids) > 1]
        total = _show(left, values, units, total_only=True)
        comparison = (
            # "0 [brak pozycji]" for an empty side, as everywhere
            f"{what}{_show(left, values, units)} = {sums[0]}"
            if len(left) <= 1
            else f"{what}{'; '.join(f'{s} = {total}' for s in sums)}"
        )
    totals = (_show(left, values, units, total_only=True), _show(right, values, units, total_only=True))
    plain = "" if what else comparison  # an item's comparison names the item: it stays in the sentence
    if not any(values.get(i) for i in (*left, *right)):
        # Every number the rule compares is 0: the activity did not take place this year,
        # so the rule has nothing to check (it agrees, but says nothing).
        return Result(
            rule,
            lv,
            rv,
            "n/a",
            f"{rule.description_pl} Pominięte: wszystkie porównywane liczby wynoszą 0 ({comparison}).",
        )
    if holds:
        return Result(rule, lv, rv, "ok", f"{rule.description_pl} ({comparison})", totals, plain)
    return Result(rule, lv, rv, rule.severity, f"{rule.failure_pl} ({comparison})", totals, plain)


def _each(
    rule: Rule, values: dict[str, Fraction], units: dict[str, str] | None = None, labels: dict[str, str] | None = None
) -> list[Result]:
    """One check per item present on either side (a side without the item counts as 0), so
    the rule holds for whatever items a municipality's data have, and names none.

    >>> rule = Rule("g", "at_least", ("f.granted.*",), ("f.spent.*",), "error", "Ok.", "Za dużo.", each=True)
    >>> [(r.rule.id, r.verdict) for r in _each(rule, {"f.granted.a": 5, "f.spent.a": 4, "f.spent.b": 1})]
    [('g[a]', 'ok'), ('g[b]', 'error')]
    """
    (lp,), (rp,) = rule.left, rule.right

    def items(pattern: str) -> dict[str, str]:
        head, tail = pattern.split("*")
        return {
            k[len(head) : len(k) - len(tail)]: k
            for k in values
            if k.startswith(head) and k.endswith(tail) and len(k) > len(head) + len(tail)
        }

    left, right = items(lp), items(rp)
    zero = {"": Fraction(0)}
    out = []
    for item in sorted(left.keys() | right.keys()):
        one = Rule(
            f"{rule.id}[{item}]",
            rule.kind,
            (left.get(item, ""),),
            (right.get(item, ""),),
            rule.severity,
            rule.description_pl,
            rule.failure_pl,
            reason_pl=rule.reason_pl,
            resolution_pl=rule.resolution_pl,
        )
        out.append(
            _compare(
                one,
                [left[item]] if item in left else [""],
                [right[item]] if item in right else [""],
                {**values, **zero},
                f"{_item_name(item, left.get(item), right.get(item), labels or {})}: ",
                units,
            )
        )
    return out


def _item_name(item: str, left: str | None, right: str | None, labels: dict[str, str]) -> str:
    """An item of a rule checked for each (a funding item) named by what its two labels share
    after their colon ("Dofinansowanie otrzymane: dodatki …" and "Dofinansowanie wykorzystane:
    dodatki …" name "dodatki …"); its code, which the office gave it, when they share nothing.

    >>> labels = {"g.a": "Otrzymane: dodatki dla asystentów", "s.a": "Wykorzystane: dodatki dla asystentów"}
    >>> _item_name("a", "g.a", "s.a", labels), _item_name("a", "g.a", None, labels), _item_name("b", "x", "y", {})
    ('dodatki dla asystentów', 'dodatki dla asystentów', 'b')
    """
    names = [labels[i].partition(": ")[2].strip() for i in (left, right) if i and ": " in labels.get(i, "")]
    return names[0] if names and all(n == names[0] for n in names) and names[0] else item


def with_references(results: list[Result], words: Callable[[str], str]) -> list[Result]:
    """The results with their rules' sentences passed through ``words`` (their references
    to the report's tables made plain: ``render.quarto_md.plain_refs``)."""
    import dataclasses

    out = []
    for r in results:
        rule = dataclasses.replace(
            r.rule, description_pl=words(r.rule.description_pl), failure_pl=words(r.rule.failure_pl)
        )
        out.append(
            dataclasses.replace(
                r, rule=rule, explanation_pl=words(r.explanation_pl), comparison_pl=words(r.comparison_pl)
            )
        )
    return out


def write_csv(results: list[Result], path: Path) -> Path:
    from .present.escape import csv_row

    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        # Opened in a spreadsheet, no text cell may become a formula.
        w.writerows(csv_row(r.row(), numeric=("left_value", "right_value")) for r in results)
    return path


def errors(results: list[Result]) -> list[Result]:
    return [r for r in results if r.verdict == "error"]


# --- a programme's indicators tied to the report's numbers by the data -------------------
# programme_indicators.csv may say which report number an indicator restates
# (programme_indicator_restates) and what it counts (programme_indicator_counts); the
# checks follow from those columns for any programme, with no rule written by hand.
INDICATOR_PREFIX = "support_programme.indicator."
MISMATCH_FROM = 10  # smaller values equal each other by chance too often to mean anything


def _chapter_of(ledger_id: str, titles: dict[str, str] | None = None) -> str:
    """Where a ledger number comes from, in words: its chapter under its title in this report
    (``titles``: the office's, by chapter id), else the tool's title, else the report.

    >>> _chapter_of("family_assistance.families"), _chapter_of("x.y")
    ('z rozdziału „Praca z rodziną”', 'raportu')
    >>> _chapter_of("family_assistance.families", {"family_assistance": "Asysta rodzinna"})
    'z rozdziału „Asysta rodzinna”'
    """
    from .structure import package_registry

    head = ledger_id.split(".")[0]
    title = (titles or {}).get(head) or getattr(package_registry().get(head), "title_pl", "")
    return f"z rozdziału „{title}”" if title else "raportu"


def _task_number(task: str, numbers: dict[str, str] | None) -> str:
    """A task's number as the report prints it ("2.2"), from the programme's task table.

    >>> _task_number("2_2", {"2_2": "2.2."}), _task_number("2_2", None)
    ('2.2', '2.2')
    """
    return str((numbers or {}).get(task) or task.replace("_", ".")).rstrip(".")


def _indicator_place(task: str, body, numbers: dict[str, str] | None) -> str:
    """Where the reader finds an indicator's row: its task and, when given, its realizator.

    >>> _indicator_place("2_2", "MOPS", None), _indicator_place("1_3", None, {"1_3": "1.3."})
    ('(zadanie 2.2, realizator: MOPS)', '(zadanie 1.3)')
    """
    where = f", realizator: {body}" if isinstance(body, str) and body.strip() else ""
    return f"(zadanie {_task_number(task, numbers)}{where})"


def indicator_rules(
    indicators, titles: dict[str, str] | None = None, numbers: dict[str, str] | None = None
) -> tuple[Rule, ...]:
    """One rule per indicator that names the report number it restates: the two are equal."""
    rules = []
    for row in indicators.itertuples(index=False):
        restates = getattr(row, "programme_indicator_restates", None)
        if not isinstance(restates, str) or not restates.strip():
            continue
        place = _indicator_place(row.programme_task, getattr(row, "programme_body", None), numbers)
        name = f"„{row.programme_indicator}” {place}"
        rules.append(
            Rule(
                f"support_programme.indicator_restates.{row.programme_indicator_id}",
                "sum_equals",
                (INDICATOR_PREFIX + row.programme_indicator_id,),
                (restates.strip(),),
                "warning",
                f"Wskaźnik programu {name} ma tę samą wartość co odpowiadająca mu liczba {_chapter_of(restates, titles)}.",
                f"Wskaźnik programu {name} ma inną wartość niż odpowiadająca mu liczba {_chapter_of(restates, titles)}.",
            )
        )
    return tuple(rules)


# Words that say nothing of what is counted: a match on them alone is no sign of a restated number.
_GENERIC = {
    "liczba",
    "liczby",
    "rodzin",
    "rodziny",
    "rodzinach",
    "dzieci",
    "dzieciom",
    "osób",
    "osoby",
    "objętych",
    "objęte",
    "wsparciem",
    "wsparcia",
    "korzystających",
    "skorzystały",
    "które",
    "których",
    "małoletnimi",
    "małoletnich",
    "dziećmi",
    "ośrodka",
    "ośrodku",
    "gminy",
    "terenie",
    "zamieszkujących",
    "przeżywających",
    "trudności",
    "roku",
    "programu",
    "realizacji",
}


def _topic(text: str) -> set[str]:
    """The content words of a label, cut to a common stem (Polish inflects their endings).

    >>> sorted(_topic("liczba osób korzystających ze specjalistycznego poradnictwa"))
    ['poradni', 'specjal']
    """
    import re

    return {w[:7] for w in re.findall(r"[a-ząćęłńóśźż]+", text.lower()) if len(w) >= 7 and w not in _GENERIC}


def unit_mismatches(
    values: dict[str, Fraction],
    units: dict[str, str],
    indicators,
    labels: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
    numbers: dict[str, str] | None = None,
) -> list[Result]:
    """An indicator (10 or more) that counts one thing and equals a number of a chapter on the
    same subject (a content word in common) that counts another (persons where the chapter
    counts families): a warning, as it may restate that number in the wrong unit."""
    labels = labels or {}
    out = []
    for row in indicators.itertuples(index=False):
        counts = getattr(row, "programme_indicator_counts", None)
        restates = getattr(row, "programme_indicator_restates", None)
        vid = INDICATOR_PREFIX + row.programme_indicator_id
        if not isinstance(counts, str) or isinstance(restates, str) and restates.strip() or vid not in values:
            continue
        value = values[vid]
        if value < MISMATCH_FROM:
            continue
        counts = _counted(counts)  # the code's Polish word, as the ledger names its units
        topic = _topic(row.programme_indicator)
        same = sorted(
            k
            for k, v in values.items()
            if v == value
            and not k.startswith(("support_programme.", "sum."))
            and units.get(k) not in (None, counts)
            and units.get(k) in PEOPLE_UNITS
            and topic & _topic(labels.get(k, ""))
        )
        if not same:
            continue
        rule = Rule(
            f"support_programme.indicator_unit.{row.programme_indicator_id}",
            "sum_equals",
            (vid,),
            (same[0],),
            "warning",
            "",
            "",
        )
        out.append(
            Result(
                rule,
                value,
                values[same[0]],
                "warning",
                f"Wskaźnik programu „{row.programme_indicator}” "
                f"{_indicator_place(row.programme_task, row.programme_body, numbers)} dotyczy {counts_genitive(counts)}, a ma tę samą "
                f"wartość ({fmt.number(int(value))}) co liczba {_chapter_of(same[0], titles)}, która dotyczy "
                f"{counts_genitive(units[same[0]])}.",
            )
        )
    return out


_TIMES = {2: "dwukrotnie", 3: "trzykrotnie", 4: "czterokrotnie"}


def repeated_indicators(
    values: dict[str, Fraction], units: dict[str, str], indicators, numbers: dict[str, str] | None = None
) -> list[Result]:
    """An indicator named twice or more under one task and one partner with different values:
    a warning, since the reader cannot tell which value holds (the office explains it, or
    gives the rows different names). ``numbers``: each task's number as the report prints it.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"programme_indicator_id": ["a", "b", "c"], "programme_task": ["2_2"] * 3,
    ...                      "programme_body": ["MOPS"] * 3, "programme_indicator": ["liczba zajęć", "liczba osób", "liczba zajęć"]})
    >>> [r.explanation_pl for r in repeated_indicators({INDICATOR_PREFIX + "a": 13, INDICATOR_PREFIX + "b": 4,
    ...                                                  INDICATOR_PREFIX + "c": 177}, {}, rows)]
    ['Wskaźnik programu „liczba zajęć” (zadanie 2.2, realizator: MOPS) podano dwukrotnie, z różnymi wartościami: 13 i 177.']
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    for row in indicators.itertuples(index=False):
        vid = INDICATOR_PREFIX + row.programme_indicator_id
        if vid in values:  # a row without data has no value to disagree with
            key = (row.programme_task, row.programme_body, " ".join(str(row.programme_indicator).split()))
            groups.setdefault(key, []).append(vid)
    out = []
    for (task, body, name), ids in groups.items():
        if len(ids) < 2 or len({values[i] for i in ids}) < 2:
            continue
        shown = [_show([i], values, units) for i in ids]
        listed = fmt.joined(shown)
        rule = Rule(
            f"support_programme.indicator_repeated.{ids[0].removeprefix(INDICATOR_PREFIX)}",
            "sum_equals",
            (ids[0],),
            tuple(ids[1:]),
            "warning",
            "",
            "",
        )
        out.append(
            Result(
                rule,
                values[ids[0]],
                values[ids[1]],
                "warning",
                f"Wskaźnik programu „{name}” {_indicator_place(task, body, numbers)} podano "
                f"{_TIMES.get(len(ids), f'{len(ids)} razy')}, z różnymi wartościami: {listed}.",
            )
        )
    return out


_GENITIVE = {"rodziny": "rodzin", "osoby": "osób", "dzieci": "dzieci"}


def counts_genitive(unit: str) -> str:
    """What is counted, after "dotyczy": the people units in the genitive.

    >>> counts_genitive("osoby"), counts_genitive("rodziny"), counts_genitive("wskaźniki")
    ('osób', 'rodzin', 'wskaźniki')
    """
    return _GENITIVE.get(unit, unit)


def _counted(code: str) -> str:
    """What an indicator counts, in the words the ledger uses for its units ("families" → "rodziny")."""
    from .schema import registry

    found = registry().codes.get("programme_indicator_counts", {}).get(code)
    return found.label_pl if found else code


def restated_ids_are_current(indicators, data_dir: Path) -> None:
    """The report numbers the indicators restate are named as the ledger names them now (an id
    of the tool's first versions, ``ch01.families``, is refused with its name now)."""
    from .schema import registry
    from .structure import refuse_former_value_ids

    if "programme_indicator_restates" in indicators:
        refuse_former_value_ids(
            " ".join(indicators["programme_indicator_restates"].dropna().astype(str)),
            f"{Path(data_dir) / registry().tables['programme_indicators'].file}, kolumna programme_indicator_restates",
        )


def programme_results(
    data_dir: Path,
    year: int,
    values: dict[str, Fraction],
    units: dict[str, str],
    labels: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
) -> list[Result]:
    """The checks that follow from the programme's indicator table (none without the table);
    ``titles``: the chapters' titles in this report, by id, where the office gives its own."""
    from .load import load_inputs
    from .schema import registry

    if "programme_indicators" not in registry().tables:
        return []
    frames = load_inputs(data_dir, year, ["programme_indicators", "programme_tasks"])
    indicators = frames["programme_indicators"]
    numbers = dict(zip(frames["programme_tasks"]["programme_task"], frames["programme_tasks"]["programme_task_number"]))
    restated_ids_are_current(indicators, data_dir)
    values = {k: Fraction(v) for k, v in values.items()}
    return (
        evaluate(values, indicator_rules(indicators, titles, numbers), units)
        + unit_mismatches(values, units, indicators, labels, titles, numbers)
        + repeated_indicators(values, units, indicators, numbers)
    )
