"""Reports built from the fixture years of ``tests/fixtures/years/`` (see ``tests/fixture_years.py``).

Each fixture is a year an analyst may meet: zeros, ones, one-row tables, optional files left
out, no prior year, a new institution, another municipality. The build must succeed, and the
rendered text must say what the fixture expects and nothing it forbids.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup

from sprawozdanie.build import build

from ..conftest import ROOT, TOOL
from ..fixture_years import FIXTURES, fixture_names, make_fixture_project


def prose_of(html: str) -> list[str]:
    """The report's sentences: paragraphs and list items outside tables, figures and navigation."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["table", "figure", "style", "script", "nav", "figcaption"]):
        tag.decompose()
    return [
        " ".join(el.get_text(" ").replace("\xa0", " ").replace("\u2060", "").split())
        for el in soup.find_all(["p", "li"])
        if not el.find(["p", "li"])
    ]


def text_of(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["style", "script"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").replace("\xa0", " ").replace("\u2060", "").split())


@pytest.fixture(scope="module", params=fixture_names())
def built(request, tmp_path_factory):
    project, year, spec = make_fixture_project(request.param, tmp_path_factory.mktemp(request.param))
    written = build(year, project, say=lambda _: None, formats=("html",))
    html = written["html"].read_text(encoding="utf-8")
    return {
        "name": request.param,
        "spec": spec,
        "html": html,
        "project": project,
        "text": text_of(html),
        "prose": prose_of(html),
        "out": written["html"].parent,
    }


def test_fixture_says_what_it_should(built):
    expect = built["spec"].get("expect", {})
    for phrase in expect.get("contain", []):
        assert phrase in built["text"], f"{built['name']}: missing {phrase!r}"
    if "figures" in expect:  # the captions of the charts drawn, in order (charts of zeros are not drawn)
        captions = [
            re.sub(r"^Wykres nr \d+\. ", "", " ".join(f.get_text().replace("\xa0", " ").split()))
            for f in BeautifulSoup(built["html"], "html.parser").find_all("figcaption")
        ]
        assert captions == expect["figures"], f"{built['name']}: figures drawn {captions}"
    for pattern in expect.get("absent", []):
        hit = re.search(pattern, built["text"])
        assert not hit, (
            f"{built['name']}: forbidden {hit.group(0)!r} in …{built['text'][max(0, hit.start() - 80) : hit.end() + 40]}…"
        )


def test_fixture_prose_has_no_bare_zero_or_wrong_plural(built):
    patterns = built["spec"].get("expect", {}).get("prose_absent", [])
    hits = [
        f"{m.group(0)!r} in …{s[max(0, m.start() - 80) : m.end() + 30]}…"
        for s in built["prose"]
        for p in patterns
        for m in re.finditer(p, s)
    ]
    assert not hits, f"{built['name']}:\n" + "\n".join(hits)


def test_another_municipality_names_nothing_of_mielec(built):
    if built["name"] != "another_municipality":
        pytest.skip("only the fictional municipality")
    mielec = re.compile(r"(?i)\bmiel(ec|c[aeiuy]|eck)")
    for name in ("values.csv", "checks.csv", "provenance.json"):
        text = (built["out"] / name).read_text(encoding="utf-8")
        assert not mielec.search(text), f"{name} names Mielec: {mielec.search(text).group(0)}"
    # Its own programme: two goals, four tasks, six indicators (one without data).
    values = {r.split(",")[0]: r.split(",")[1] for r in (built["out"] / "values.csv").read_text().splitlines()[1:]}
    assert (
        values["support_programme.goals"],
        values["support_programme.tasks"],
        values["support_programme.indicators"],
    ) == ("2", "4", "6")
    assert values["daily_centres.centres"] == "0"
    assert "liczba porad dla rodziców" in built["text"] and "brak danych" in built["text"]


def test_rural_municipality_from_scratch_owes_nothing_to_mielec(built):
    """Gmina Modrzewie (``gmina_wiejska``): made from new-year's empty templates and its own
    params, its report, ledger, rules, provenance and annex name nothing of Mielec and count
    what its own files hold."""
    if built["name"] != "gmina_wiejska":
        pytest.skip("only the rural municipality made from scratch")
    root = built["project"].root
    assert sorted(p.name for p in (root / "data").iterdir() if p.is_dir()) == ["2025"]
    assert [p.name for p in (root / "params").glob("*.yml")] == ["2025.yml"]
    assert (root / "params" / "2025.yml").read_bytes() == (FIXTURES / "gmina_wiejska" / "params.yml").read_bytes()
    assert yaml.safe_load((root / "data" / "2025" / "gmina.yml").read_text(encoding="utf-8"))["teryt"] == "0699012"
    mielec = re.compile(r"(?i)\bmiel(ec|c[aeiuy]|eck)")
    for name in ("values.csv", "checks.csv", "provenance.json", "aneks/aneks.html"):
        text = (built["out"] / name).read_text(encoding="utf-8")
        assert not mielec.search(text), f"{name} names Mielec: {mielec.search(text).group(0)}"
    # no disagreement recorded, no reconstruction: the annex says why it has neither part
    annex = BeautifulSoup((built["out"] / "aneks" / "aneks.html").read_text(encoding="utf-8"), "html.parser")
    assert "aneks nie zawiera części „Rozbieżności w danych źródłowych” ani „Dane odtworzone”" in " ".join(
        annex.get_text(" ").split()
    )
    values = {r.split(",")[0]: r.split(",")[1] for r in (built["out"] / "values.csv").read_text().splitlines()[1:]}
    assert (values["family_assistance.assistants"], values["family_assistance.families"]) == ("1", "6")
    assert (
        values["support_programme.goals"],
        values["support_programme.tasks"],
        values["support_programme.indicators"],
    ) == ("2", "3", "5")
    assert values["daily_centres.centres"] == "0"
    # its indicators that restate a chapter's number are checked against it (from its own data)
    verdicts = {
        r["rule"]: r["verdict"]
        for r in csv.DictReader(io.StringIO((built["out"] / "checks.csv").read_text(encoding="utf-8")))
    }
    assert (
        verdicts["support_programme.indicator_restates.2_1_a"],
        verdicts["support_programme.indicator_restates.2_2_a"],
    ) == ("ok", "ok")
    inputs = json.loads((built["out"] / "provenance.json").read_text(encoding="utf-8"))["inputs"]
    assert inputs["data/2025/funding_grants.csv"] == "brak pliku"
    assert inputs["data/2025/daily_centres.csv"] == "brak pliku"


def test_rural_municipality_validates_without_building(tmp_path, capsys):
    """validate alone, without a build: the templates new-year writes, filled by the office's
    files, with the optional ones it does not keep left out."""
    from sprawozdanie.cli import _validate

    project, year, spec = make_fixture_project("gmina_wiejska", tmp_path)
    data = project.root / "data" / str(year)
    for name in spec["remove"]:
        assert not (data / name).exists()
    assert (data / "social_work_team.csv").read_text(encoding="utf-8").count("\n") == 1  # the header row alone
    _validate(year, project)
    assert "Dane za 2025 są poprawne" in capsys.readouterr().out


def test_rural_municipality_files_are_its_own():
    """No name in the rural fixture's files is copied from Mielec's 2025 files (codes,
    numbers and task numbers may coincide; names may not)."""
    from sprawozdanie.schema import registry

    reg = registry()
    own = FIXTURES / "gmina_wiejska" / "data"
    copied = []
    for table in reg.tables.values():
        if not (own / table.file).is_file() or not (ROOT / "data" / "2025" / table.file).is_file():
            continue
        ours, theirs = (
            pd.read_csv(folder / table.file, dtype="string", keep_default_na=False)
            for folder in (own, ROOT / "data" / "2025")
        )
        for column in set(ours.columns) & set(theirs.columns):  # optional columns may be left out
            if reg.fields[column].type == "text" and column != "programme_indicator_restates":  # a value id
                same = {v for v in set(ours[column]) & set(theirs[column]) if not re.fullmatch(r"[\d.,\s]*", v)}
                copied += [f"{table.file}: {column} = {v!r}" for v in sorted(same)]
    assert not copied, "\n".join(copied)


GLOSSARY = yaml.safe_load((TOOL / "templates" / "glossary.yml").read_text(encoding="utf-8"))


def test_no_phrase_of_the_glossary_is_used(built):
    """Colloquial or wrong phrases once fixed stay fixed (``templates/glossary.yml``)."""
    for entry in GLOSSARY:
        hit = re.search(entry["pattern"], built["text"], re.IGNORECASE)
        assert not hit, (
            f"{built['name']}: {hit.group(0)!r} – use: {entry['use']} "
            f"(…{built['text'][max(0, hit.start() - 80) : hit.end() + 40]}…)"
        )


def test_an_office_without_texts_gets_no_other_office_s_words(built):
    """A municipality that wrote no texts of its own reads none of Mielec's: no sentence of
    data/2025/teksty/ and nothing about the organisation of a team it may not have."""
    if (built["project"].root / "data" / "2025" / "teksty").is_dir():
        pytest.skip("this fixture keeps the office's texts")
    for path in sorted((ROOT / "data" / "2025" / "teksty").glob("*.md")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            start = " ".join(paragraph.split()[:6])
            assert start not in built["text"], f"{built['name']}: {path.name} printed: {start!r}"
    for phrase in (
        "Tworzą go",
        "świetlice profilaktyczno-wychowawcze",
        "konsultant prawny",
        "pije alkohol",
        "nadużywało alkoholu",
    ):
        assert phrase not in built["text"], f"{built['name']}: {phrase!r}"


def test_missing_optional_files_are_recorded_as_absent(built):
    if built["name"] != "missing_optional_files":
        pytest.skip("only the fixture without optional files")
    inputs = json.loads((built["out"] / "provenance.json").read_text(encoding="utf-8"))["inputs"]
    assert inputs["data/2025/daily_centres.csv"] == "brak pliku"
    assert len(inputs["data/2025/family_assistance_cases.csv"]) == 64  # a SHA-256 of a file that is there
    # the annex says so in words; only a digest is set as one (the PDF sets it whole, without spaces)
    annex = BeautifulSoup((built["out"] / "aneks" / "aneks.html").read_text(encoding="utf-8"), "html.parser")
    assert "brak pliku" in annex.get_text()
    digests = [span.get_text() for span in annex.select("span.hash")]
    assert digests and all(re.fullmatch(r"[0-9a-f]{64}", d.replace("\u200b", "")) for d in digests), digests[:3]
