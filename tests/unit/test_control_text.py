"""The council's "Kontrola obliczeń": plain sentences true for 0, 1, 2, 5 and 22 differences,
rules with nothing to compare and rules the office switched off; nothing said for the office."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from sprawozdanie.checks import Rule, evaluate
from sprawozdanie.render.appendix import council_markdown

from ..conftest import ROOT


def _results(warnings: int, empty: int, off: int, ok: int = 3, resolution: str = ""):
    rules, values = [], {}
    for kind, n, (a, b) in (("w", warnings, (1, 2)), ("e", empty, (0, 0)), ("k", ok, (4, 4)), ("o", off, (1, 2))):
        for i in range(n):
            values[f"x.{kind}{i}a"], values[f"x.{kind}{i}b"] = Fraction(a), Fraction(b)
            rules.append(
                Rule(
                    f"x.{kind}{i}",
                    "sum_equals",
                    (f"x.{kind}{i}a",),
                    (f"x.{kind}{i}b",),
                    "warning",
                    f"Reguła {kind}{i}.",
                    f"Liczby {kind}{i} się różnią.",
                    disabled=kind == "o",
                    reason_pl="Powód ośrodka." if kind == "o" else "",
                    resolution_pl=resolution,
                )
            )
    return evaluate(values, tuple(rules))


def _text(
    results, made_up=(), records=({"id": "x.k0a"},), printed_by=None, params=ROOT / "params" / "2025.yml", unnamed=()
) -> str:
    md = council_markdown(
        params,
        2025,
        ROOT / "data" / "2025",
        results,
        list(records),
        printed={r["id"] for r in records},
        made_up=made_up,
        printed_by=printed_by,
        unnamed=list(unnamed),
    )
    md = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", md)  # a value's span: its text
    md = re.sub(r"\\(.)", r"\1", md)  # Markdown's escapes: the characters the reader sees
    return " ".join(md.replace("\u00a0", " ").split())


@pytest.mark.parametrize(
    "n, phrase",
    [
        (
            0,
            "Przewidziano 3 sprawdzenia: - sprawdzenia, które nie wykazały różnic – 3; - sprawdzenia, w których stwierdzono różnice – 0.",
        ),
        (
            1,
            "Przewidziano 4 sprawdzenia: - sprawdzenia, które nie wykazały różnic – 3; - sprawdzenia, w których stwierdzono różnice (wymienione poniżej) – 1.",
        ),
        (
            2,
            "Przewidziano 5 sprawdzeń: - sprawdzenia, które nie wykazały różnic – 3; - sprawdzenia, w których stwierdzono różnice (wymienione poniżej) – 2.",
        ),
        (
            5,
            "Przewidziano 8 sprawdzeń: - sprawdzenia, które nie wykazały różnic – 3; - sprawdzenia, w których stwierdzono różnice (wymienione poniżej) – 5.",
        ),
        (
            22,
            "Przewidziano 25 sprawdzeń: - sprawdzenia, które nie wykazały różnic – 3; - sprawdzenia, w których stwierdzono różnice (wymienione poniżej) – 22.",
        ),
    ],
)
def test_the_differences_are_counted_in_agreeing_words(n, phrase):
    text = _text(_results(n, 0, 0))
    assert phrase in text
    # said once, for all of them: not a worklist of one verbless line per item
    said = {0: None, 1: "Różnicę tę należy wyjaśnić przed złożeniem sprawozdania."}
    expected = said.get(n, "Różnice te należy wyjaśnić przed złożeniem sprawozdania.")
    assert text.count("należy wyjaśnić przed złożeniem sprawozdania") == (1 if expected else 0)
    assert expected is None or expected in text
    assert ("Różnice do wyjaśnienia" in text) == (n > 0)


@pytest.mark.parametrize(
    "n, said, heading",
    [
        (1, "Różnicy tej nie wyjaśniono.", "Stwierdzona różnica"),
        (2, "Różnic tych nie wyjaśniono.", "Stwierdzone różnice"),
    ],
)
def test_the_version_filed_says_what_holds_not_what_is_to_be_done(tmp_path, n, said, heading):
    params = tmp_path / "params" / "2025.yml"
    params.parent.mkdir()
    text = (ROOT / "params" / "2025.yml").read_text(encoding="utf-8")
    assert "  final: false" in text
    params.write_text(text.replace("  final: false", "  final: true"), encoding="utf-8")
    filed = _text(_results(n, 0, 0), params=params)
    assert said in filed and heading in filed
    assert "przed złożeniem" not in filed and "do wyjaśnienia" not in filed


@pytest.mark.parametrize(
    "empty, off, phrases",
    [
        (0, 0, []),
        (
            1,
            1,
            [
                "Przewidziano 6 sprawdzeń:",
                "- sprawdzenia pominięte, ponieważ wszystkie porównywane liczby są równe zeru – 1;",
                "- sprawdzenia wyłączone przez ośrodek (powody podano poniżej) – 1.",
                "Powód podany przez ośrodek: Powód ośrodka.",
            ],
        ),
        (
            2,
            5,
            [
                "sprawdzenia pominięte, ponieważ wszystkie porównywane liczby są równe zeru – 2;",
                "sprawdzenia wyłączone przez ośrodek (powody podano poniżej) – 5.",
            ],
        ),
    ],
)
def test_rules_with_nothing_to_compare_and_rules_switched_off(empty, off, phrases):
    text = _text(_results(1, empty, off))
    for phrase in phrases:
        assert phrase in text
    assert ("pominięte" in text) == (empty > 0) and ("wyłączone przez ośrodek" in text) == (off > 0)


def test_an_explanation_prints_only_as_the_office_wrote_it():
    text = _text(_results(1, 0, 0, resolution="Rejestr obejmuje także rok poprzedni."))
    assert "Wyjaśnienie ośrodka: Rejestr obejmuje także rok poprzedni." in text
    assert "należy wyjaśnić" not in text.split("Różnice wyjaśnione przez ośrodek")[1]
    assert "Przy każdej pozycji przytoczono wyjaśnienie zapisane przez ośrodek." in text
    # plain words for councillors: no file names, ids, or a published version (a link's
    # target, the annex's file, is not printed: its words are)
    printed = re.sub(r"\]\([^)]*\)", "]", text)
    assert "[aneksie do sprawozdania]" in printed
    assert not re.search(r"\.csv|\.html|x\.[a-z]\d|opublikowan", printed), printed


def test_reconstructed_inputs_are_said_to_be_there_and_listed_in_the_annex(tmp_path):
    from sprawozdanie import reconstructed
    from sprawozdanie.schema import registry

    text = _text(_results(0, 0, 0))
    assert "odtworzon" not in text
    made_up = reconstructed.load(ROOT / "data" / "2025")
    assert "family_assistance_cases.csv" in {r.file for r in made_up}
    titles = {t.file: t.title_pl for t in registry().tables.values()}
    said = _text(_results(0, 0, 0), made_up)
    # which data, named by their titles (no file names), each once
    named = "; ".join(dict.fromkeys(titles[r.file][:1].lower() + titles[r.file][1:] for r in made_up))
    assert (
        "Następujące dane źródłowe nie pochodzą z ewidencji ośrodka, lecz zostały odtworzone na podstawie "
        f"liczb zbiorczych: {named}. Aneks podaje, jak je odtworzono."
    ) in said
    assert ".csv" not in said


@pytest.mark.parametrize(
    "content, message",
    [
        ("- file: brak.csv\n  how_pl: x\n", "reconstructed.yml: wpis nr 1: w folderze "),
        ("- file: a.csv\n", "wpis nr 1: oczekiwano dokładnie pól file i how_pl"),
        ("- file: a.csv\n  how_pl: ''\n", "pole how_pl ma mówić, jak plik a.csv odtworzono"),
        ("file: a.csv\n", "oczekiwano listy wpisów"),
    ],
)
def test_a_wrong_manifest_of_reconstructions_is_named(tmp_path, content, message):
    from sprawozdanie import reconstructed
    from sprawozdanie.errors import ReportError

    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / reconstructed.FILE).write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=re.escape(message)):
        reconstructed.load(tmp_path)


def test_an_explanation_shared_by_two_warnings_is_printed_once():
    text = _text(_results(3, 0, 0, resolution="Rejestr obejmuje także rok poprzedni."))
    assert text.count("Rejestr obejmuje także rok poprzedni.") == 1
    assert text.count("Wyjaśnienie ośrodka: jak przy różnicy nr 1.") == 2
    md = council_markdown(
        ROOT / "params" / "2025.yml",
        2025,
        ROOT / "data" / "2025",
        _results(3, 0, 0, resolution="Rejestr obejmuje także rok poprzedni."),
        [{"id": "x.w0a"}],
    )
    for nr in (1, 2, 3):  # each warning numbered, with its anchor, its explanation a paragraph of its own
        assert f"[Różnica nr {nr}.]{{#roznica-{nr} .roznica" in md
    assert 'data-ids="x.w0a"' in md  # the numbers it concerns, for the marks beside them
    assert "\n\n  Wyjaśnienie ośrodka: Rejestr" in md


@pytest.mark.parametrize("chapters", [0, 1, 2, 5])
def test_the_chapters_whose_numbers_rest_on_reconstructed_inputs_are_named(chapters):
    """A councillor is told which chapters' numbers rest on reconstructed data, in agreeing
    words for 1, 2 or 5 chapters; nothing when no printed number does."""
    from sprawozdanie.reconstructed import Reconstructed

    made_up = [Reconstructed("family_assistance_cases.csv", "rejestr odtworzony", "2025")]
    records = [{"id": "x.k0a", "inputs": "needs_list.csv: need", "source": "notebooks/needs.ipynb"}] + [
        {"id": f"c{i}.n", "inputs": "family_assistance_cases.csv: case_id", "source": f"notebooks/c{i}.ipynb"}
        for i in range(chapters)
    ]
    printed_by = {f"Rozdział {i}": {f"c{i}.n"} for i in range(chapters)} | {"Potrzeby": {"x.k0a"}}
    said = _text(_results(0, 0, 0), made_up, records, printed_by)
    expected = {
        0: None,
        1: "Opierają się na nich liczby podane w rozdziale „Rozdział 0”.",
        2: "Opierają się na nich liczby podane w rozdziałach: „Rozdział 0” i „Rozdział 1”.",
        5: "Opierają się na nich liczby podane w rozdziałach: „Rozdział 0”, „Rozdział 1”, „Rozdział 2”, "
        "„Rozdział 3” i „Rozdział 4”.",
    }[chapters]
    assert ("Opierają się na nich" in said) == (expected is not None)
    assert expected is None or expected in said
    assert "Potrzeby" not in said  # its numbers come from the office's own records


def test_a_chapter_printing_a_number_computed_elsewhere_from_reconstructed_data_is_named():
    """A chapter that prints a number another chapter computed from a reconstructed register
    ("Wsparcie dzieci" printing the register's children) is named too, by the title it has in
    the report, in the report's order; a chapter printing none of them is not."""
    from sprawozdanie.reconstructed import Reconstructed

    made_up = [Reconstructed("family_assistance_cases.csv", "rejestr odtworzony", "2025")]
    records = [
        {"id": "fa.children", "inputs": "family_assistance_cases.csv: minor_children", "source": "notebooks/fa.ipynb"},
        {"id": "needs.count", "inputs": "needs_list.csv: need", "source": "notebooks/needs.ipynb"},
    ]
    printed_by = {"Praca z rodziną": {"fa.children"}, "Wsparcie dzieci": {"fa.children"}, "Potrzeby": {"needs.count"}}
    md = council_markdown(
        ROOT / "params" / "2025.yml",
        2025,
        ROOT / "data" / "2025",
        _results(0, 0, 0),
        records,
        printed={"fa.children", "needs.count"},
        made_up=made_up,
        printed_by=printed_by,
    )
    said = " ".join(md.split())
    assert "Opierają się na nich liczby podane w rozdziałach: „Praca z rodziną” i „Wsparcie dzieci”." in said


def test_a_rule_on_figures_of_a_recorded_disagreement_says_so_in_the_annex():
    """An annex's "zgodne" on figures the office recorded as disagreeing points to the record:
    both sides of the rule hold such a figure (a pattern included); a rule that shares one
    figure with the record is about something else and says nothing more."""
    from sprawozdanie.disagreements import Disagreement, PublishedValue
    from sprawozdanie.render.appendix import ALSO_RECORDED, _also_recorded

    def record(*ids):
        return [Disagreement("d", "gdzie", "opis", (PublishedValue("a", "46", ids),), "")]

    rules = {r.rule.id: r.rule for r in _results(1, 0, 0, ok=2)}
    assert _also_recorded(rules["x.k0"], record("x.k0a", "x.k0b"))
    assert not _also_recorded(rules["x.k0"], record("x.k0a"))  # one side only
    assert not _also_recorded(rules["x.k0"], record("x.k0a") + record("x.k0b"))  # a side in each of two records
    assert not _also_recorded(rules["x.k1"], record("x.k0a", "x.k0b"))
    pattern = Rule("p", "sum_equals", ("x.k*",), ("y",), "error", "", "")
    assert _also_recorded(pattern, record("x.k1a", "y")) and not _also_recorded(pattern, [])
    assert "Rozbieżności w danych źródłowych" in ALSO_RECORDED


@pytest.mark.parametrize(
    "titles, said",
    [
        ((), None),
        (
            ("Asystencja osobista",),
            "Sprawozdanie nie zawiera rozdziału „Asystencja osobista”, ponieważ wszystkie jego liczby w danych"
            " źródłowych są równe zeru; ośrodek powinien potwierdzić, że w 2025 r. w tym zakresie nie było działań.",
        ),
        (
            ("A", "B", "C"),
            "Sprawozdanie nie zawiera rozdziałów „A”, „B” i „C”, ponieważ wszystkie ich liczby w danych źródłowych"
            " są równe zeru; ośrodek powinien potwierdzić, że w 2025 r. w żadnym z tych zakresów nie było działań.",
        ),
    ],
)
def test_a_chapter_left_out_without_mention_is_for_the_draft_to_confirm(tmp_path, titles, said):
    """A programme under another act without numbers has no chapter and no mention in the report:
    the draft names it for the office to confirm; the version filed says nothing of it."""
    draft = _text(_results(0, 0, 0), unnamed=titles)
    assert (said in draft) if said else "Sprawozdanie nie zawiera rozdział" not in draft
    params = tmp_path / "params" / "2025.yml"
    params.parent.mkdir()
    params.write_text(
        (ROOT / "params" / "2025.yml").read_text(encoding="utf-8").replace("  final: false", "  final: true"),
        encoding="utf-8",
    )
    assert "Sprawozdanie nie zawiera rozdział" not in _text(_results(0, 0, 0), params=params, unnamed=titles)


def test_the_numbers_not_counted_are_named_as_the_scan_leaves_them_out():
    """ "Kontrola obliczeń" (to which the introduction refers) says which printed numbers have no
    row in the register; each kind the published scan (NOT_RESULTS) leaves out is named."""
    from sprawozdanie.render.appendix import NOT_COUNTED_PL

    from ..published.test_ledger_and_provenance import NOT_RESULTS

    named = {
        "numer tabeli lub wykresu": ("tabel", "wykresów"),
        "data": ("datami",),
        "okres": ("datami",),
        "pozycja aktu": ("przepisów",),
        "artykuł": ("przepisów",),
        "ustęp": ("przepisów",),
        "wiek określony": ("określeniach z przepisów",),
        "kwota w nazwie": ("w nazwach",),
        "numer uchwały": ("w nazwach",),
        "numer w nazwie": ("w nazwach",),
        "kod pocztowy": ("adresami",),
        "telefon": ("telefonów",),
        "adres": ("adresami",),
        "godzina": ("godzinami",),
        "rok": ("datami",),
        "numer celu": ("celów",),
        "numer zadania": ("zadań programu",),
        "nazwa karty": ("w nazwach",),
        "„3-letnie": ("określeniach z przepisów",),
        "granice przedziału": ("granicach przedziałów",),
    }
    for _pattern, kind in NOT_RESULTS:
        words = next(w for k, w in named.items() if kind.startswith(k))
        assert all(w in NOT_COUNTED_PL for w in words), kind
