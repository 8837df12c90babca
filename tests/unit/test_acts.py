"""The acts the report cites: the tool's entry in Dziennik Ustaw (report/acts.yml), which an
office updates in its params; an act without an entry is cited by title and date alone."""

from __future__ import annotations

import pytest
import yaml

from sprawozdanie.errors import ReportError
from sprawozdanie.params import Acts, load_params

from ..conftest import ROOT

TITLE = "ustawa z dnia 9 czerwca 2011 r. o wspieraniu rodziny i systemie pieczy zastępczej"


def test_the_tool_cites_the_act_as_the_published_report_does():
    assert Acts().family_support.citation == f"{TITLE} (Dz. U. z 2025 r. poz. 49 z późn. zm.)"


@pytest.mark.parametrize(
    "given, printed",
    [
        ({"journal": "Dz. U. z 2026 r. poz. 7"}, f"{TITLE} (Dz. U. z 2026 r. poz. 7)"),  # a newer consolidated text
        ({"journal": ""}, TITLE),  # no entry: the title and date alone, never a guessed entry
    ],
)
def test_an_office_updates_the_entry_in_its_params(tmp_path, given, printed):
    raw = yaml.safe_load((ROOT / "params" / "2025.yml").read_text(encoding="utf-8"))
    raw["acts"] = {"family_support": given}
    path = tmp_path / "2025.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert load_params(path, 2025).acts.family_support.citation == printed


def test_an_act_the_report_does_not_cite_is_refused(tmp_path):
    raw = yaml.safe_load((ROOT / "params" / "2025.yml").read_text(encoding="utf-8"))
    raw["acts"] = {"pomoc_spoleczna": {"title": "ustawa o pomocy społecznej"}}
    path = tmp_path / "2025.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReportError, match="pomoc_spoleczna"):
        load_params(path, 2025)


def _params_with(tmp_path, acts: dict):
    raw = yaml.safe_load((ROOT / "params" / "2025.yml").read_text(encoding="utf-8"))
    raw["acts"] = acts
    path = tmp_path / "2025.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_params(path, 2025)


def _introduction(p) -> str:
    """The introduction as printed: index.qmd with the build's variables substituted."""
    from sprawozdanie.render.quarto_md import substitute_vars
    from sprawozdanie.rendering import report_variables

    source = (ROOT / "src" / "sprawozdanie" / "report" / "index.qmd").read_text(encoding="utf-8")
    return substitute_vars(source, report_variables(p), "index.qmd").replace("\\", "")


def test_art_176_is_quoted_only_from_the_office_s_own_copy_of_it(tmp_path):
    text = "Do zadań własnych gminy należy: 1) opracowanie i realizacja 3-letnich gminnych programów"
    quoted = _introduction(_params_with(tmp_path, {"family_support": {"provisions": {"176": text}}}))
    assert f"Art. 176 ustawy stanowi: „{text}”." in quoted
    summary = _introduction(_params_with(tmp_path, {}))
    assert (
        "Zadania własne gminy wymienia art. 176 ustawy" in summary and "(pkt 7)" in summary and "„" not in summary
    )  # cited point by point, never a made-up quote


@pytest.mark.parametrize(
    "provisions, said", [({"art. 176": "Do zadań…"}, "numerem artykułu"), ({"176": "  "}, "brak treści")]
)
def test_a_provision_without_its_article_number_or_text_is_refused(tmp_path, provisions, said):
    with pytest.raises(ReportError, match=said):
        _params_with(tmp_path, {"family_support": {"provisions": provisions}})
