"""Chapter templates render, without a kernel, for the 2025 data and for years in which
every value is 0, 1 or many; the Polish they print agrees in number."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from sprawozdanie.params import load_params
from sprawozdanie.present.template_files import TEMPLATES
from sprawozdanie.present.text import check_template_source
from sprawozdanie.preview import chapter_markdown, chapter_namespace

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "src" / "sprawozdanie" / "report"  # the report's own files, as installed
NOTEBOOKS = sorted((TOOL / "notebooks").glob("*.ipynb"))
TEMPLATED = [nb for nb in NOTEBOOKS if (TOOL / TEMPLATES / f"{nb.stem}.md").is_file()]
# Phrases a number must never be printed with (wrong plural after 0, 1 or 5).
WRONG_AFTER = {
    0: re.compile(r"\b0\xa0(rodzina|dziecko|osoba|asystent rodziny|wniosek|rodzinę)\b"),
    1: re.compile(r"\b1\xa0(rodzin|dzieci|osób|wniosków|rodzinami|rodzinach|asystentów)\b"),
    7: re.compile(r"\b7\xa0(rodzina|dziecko|osoba|rodziny|rodzinę|rodziną|wniosek|wnioski)\b"),
}


def _plain(markdown: str) -> str:
    """The text as read: tagged values reduced to their number."""
    return re.sub(r"\[([^\]]*)\]\{\.val [^}]*\}", r"\1", markdown)


@pytest.fixture(scope="module")
def namespaces():
    params_file = ROOT / "params" / "2025.yml"
    p = load_params(params_file, 2025)
    cache = {}

    def get(nb: Path) -> dict:
        if nb not in cache:
            import matplotlib

            matplotlib.use("Agg")
            cache[nb] = chapter_namespace(nb, 2025, p.data_path(ROOT), p.prior_data_path(ROOT), params_file)
        return cache[nb]

    return get


@pytest.mark.slow
@pytest.mark.parametrize("nb", TEMPLATED, ids=lambda p: p.stem)
@pytest.mark.parametrize("value", [None, 0, 1, 7], ids=["2025", "zero", "one", "many"])
def test_template_renders_for_zero_one_and_many(namespaces, nb, value):
    ns = dict(namespaces(nb))
    if value is not None:
        ns["text"] = ns["text"].with_values(value)
    text = _plain(chapter_markdown(nb, ns))
    assert text.strip(), "the chapter printed no text"
    assert "{{" not in text and "{%" not in text
    if value is not None:
        wrong = WRONG_AFTER[value].search(text)
        assert not wrong, f"{wrong.group(0)!r} in:\n{text}"


@pytest.mark.parametrize("nb", TEMPLATED, ids=lambda p: p.stem)
def test_every_part_of_the_template_is_shown_by_its_notebook(nb):
    source = (TOOL / TEMPLATES / f"{nb.stem}.md").read_text(encoding="utf-8")
    parts = check_template_source(source, nb.stem)
    notebook = nb.read_text(encoding="utf-8")
    for part in parts:
        assert re.search(rf"text\.(show|table)\(\\\"{part}\\\"\)", notebook), f"part {part} is never shown"


@pytest.mark.parametrize("given", [True, False])
@pytest.mark.parametrize("written", [None, "Gmina nie występowała w {{ year }} r. o środki zewnętrzne na te zadania."])
def test_funding_without_programmes_prints_the_office_text_else_the_office_s_none(tmp_path, written, given):
    """With no programme in the funding file, the office's own sentence, if it wrote one,
    replaces the report's; else the gmina received nothing, whether the file has no rows or
    the office left it out (an optional file left out is its "none"). The report never says why."""
    import shutil

    import matplotlib

    matplotlib.use("Agg")
    data = tmp_path / "2025"
    shutil.copytree(ROOT / "data" / "2025", data)
    grants = data / "funding_grants.csv"
    if given:
        grants.write_text(grants.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    else:
        grants.unlink()
    if written:
        (data / "teksty" / "funding_brak_dofinansowania.md").write_text(written + "\n", encoding="utf-8")
    nb = TOOL / "notebooks" / "funding.ipynb"
    text = " ".join(
        _plain(chapter_markdown(nb, chapter_namespace(nb, 2025, data, None, ROOT / "params" / "2025.yml"))).split()
    )
    none = "W 2025 r. gmina nie otrzymała ze środków zewnętrznych dofinansowania zadań własnych z zakresu wspierania rodziny."
    if written:
        assert "Gmina nie występowała w 2025 r. o środki zewnętrzne na te zadania." in text
        assert none not in text
    else:
        assert none in text
    assert "ponieważ" not in text and "z powodu" not in text


def test_line_breaks_in_cells_come_from_one_filter():
    """A cell's lines are broken by the `lines` filter, which breaks them in every format;
    a template writing its own break would miss one (Word's, before it had one)."""
    for path in (TOOL / TEMPLATES).glob("*.md"):
        source = path.read_text(encoding="utf-8")
        assert not any(f"{{={fmt}}}" in source for fmt in ("html", "typst", "openxml")), path.name


@pytest.mark.slow
@pytest.mark.parametrize("ended, excess_said", [(22, True), (23, False)])
def test_the_sum_of_ended_and_open_families_is_said_only_when_it_is_the_families_in_both(
    namespaces, ended, excess_said
):
    # 22 ended + 25 open = 47 = 46 families + 1 in both; with 23 ended the excess (2) is not
    # the 1 family in both (a family with two ended cases): the sentence would misstate it.
    # (Mielec's register is a reconstruction, of which the sentence is never said: as the
    # office's own register here.)
    nb = TOOL / "notebooks" / "family_assistance.ipynb"
    ns = dict(namespaces(nb))
    text = ns["text"].with_values(ended, only="family_assistance.ended")
    data = dataclasses.replace(text.base_context["data"], register_reconstructed=False)
    text.base_context = {**text.base_context, "data": data}
    text._bind()  # the context again, with the office's own register
    ns["text"] = text
    text = " ".join(_plain(chapter_markdown(nb, ns)).replace("\xa0", " ").split())
    assert ("Jedną rodzinę ujęto zarówno wśród rodzin, z którymi zakończono pracę" in text) == excess_said


@pytest.mark.slow
@pytest.mark.parametrize("both, said", [(2, "były ich 2."), (5, "było ich 5."), (22, "były ich 22.")])
def test_several_families_in_both_groups_agree_with_their_number(namespaces, both, said):
    """22 + 25 - 46 = 1 family in both; with more ended, more in both: "ujęto te same rodziny;
    były ich 2" (not "było ich 2")."""
    nb = TOOL / "notebooks" / "family_assistance.ipynb"
    ns = dict(namespaces(nb))
    text = ns["text"].with_values(21 + both, only="family_assistance.ended")
    text = text.with_values(both, only="family_assistance.families_restarted")
    data = dataclasses.replace(text.base_context["data"], register_reconstructed=False)
    text.base_context = {**text.base_context, "data": data}
    text._bind()
    ns["text"] = text
    text = " ".join(_plain(chapter_markdown(nb, ns)).replace("\xa0", " ").split())
    assert "ujęto te same rodziny; " + said in text
