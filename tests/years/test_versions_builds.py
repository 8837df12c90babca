"""Versions across builds of a copy of the worked example: what a rebuild records, what the
page of changes lists, byte-identical snapshots elsewhere, and a correction after filing."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sprawozdanie.build import FILED_DIR, build
from sprawozdanie.versions import diff, snapshot, store
from tests.conftest import copy_project

CELL = ("support_groups_projects.csv", "GW-01")  # a project's number of participants, +1
SENTENCE = ("support_groups.md", "Przedsięwzięcia te opisano poniżej", "Przedsięwzięcia te przedstawiono poniżej")


def _add_one_participant(data: Path, key: str) -> None:
    path = data / CELL[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(key + ","))
    head, last = lines[at].rsplit(",", 1)
    lines[at] = f"{head},{int(last) + 1}"
    path.write_text("\n".join(lines), encoding="utf-8")


def _set_final(root: Path) -> None:
    params = root / "params" / "2025.yml"
    text = params.read_text(encoding="utf-8")
    assert re.search(r"^  final: false", text, flags=re.M)
    params.write_text(re.sub(r"^  final: false", "  final: true", text, flags=re.M), encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> dict:
    """Five builds of one copy: first; again with nothing changed; one input cell and one
    template sentence changed; made final; another cell changed after filing."""
    proj = copy_project(tmp_path_factory.mktemp("wersje"))
    where = store.folder(proj.root, 2025)
    out = proj.output_dir(2025)
    steps: dict[str, dict] = {}

    def run(name: str) -> None:
        lines: list[str] = []
        build(2025, proj, say=lines.append)
        steps[name] = {
            "said": lines,
            "versions": store.read(where),
            "values": {r["id"]: r["shown"] for r in json.loads((out / "values.json").read_text(encoding="utf-8"))},
            "html": (out / "report.html").read_text(encoding="utf-8"),
            "files": sorted(p.name for p in out.iterdir()),
        }

    run("first")
    run("again")
    _add_one_participant(proj.root / "data" / "2025", CELL[1])
    template = proj.root / "templates" / SENTENCE[0]
    text = template.read_text(encoding="utf-8")
    assert SENTENCE[1] in text
    template.write_text(text.replace(SENTENCE[1], SENTENCE[2]), encoding="utf-8")
    run("changed")
    steps["changed"]["page"] = (out / "zmiany.html").read_text(encoding="utf-8")
    _set_final(proj.root)
    run("final")
    steps["final"]["output"] = _files(out)
    _add_one_participant(proj.root / "data" / "2025", "GW-02")
    run("correction")
    steps["correction"]["output"] = _files(out)
    steps["correction"]["annex"] = (out / "aneks" / "aneks.html").read_text(encoding="utf-8")
    return {"project": proj, "where": where, **steps}


def test_a_rebuild_with_nothing_changed_records_no_version_and_says_so(history):
    assert [v.number for v in history["first"]["versions"]] == [1]
    assert history["again"]["versions"] == history["first"]["versions"]
    assert any("nie zapisano nowej wersji" in line for line in history["again"]["said"])


def test_one_cell_and_one_sentence_list_exactly_those_changes(history):
    v1, v2 = history["changed"]["versions"]
    changes = diff.compare(store.load(history["where"], v1), store.load(history["where"], v2))
    before, after = history["first"]["values"], history["changed"]["values"]
    moved = {i for i in after if before.get(i) != after[i]}
    assert moved and all(i.startswith("support_groups.") or i.startswith("sum.") for i in moved)
    numbers = [c for c in changes if c.kind == diff.NUMBER]
    assert {c.value_id for c in numbers} == moved  # the number, everything computed from it, no more
    assert all(c.rows == {CELL[0]: (CELL[1],)} for c in numbers)
    (sentence,) = [c for c in changes if c.kind != diff.NUMBER]
    assert (sentence.kind, sentence.what, sentence.chapter) == (diff.SENTENCE, diff.CHANGED, "support_groups")
    assert [(op, t) for op, t in sentence.words if op != "="] == [("-", "opisano"), ("+", "przedstawiono")]


def test_a_draft_links_its_page_of_changes_which_links_each_change(history):
    html, page = re.sub(r"\s+", " ", history["changed"]["html"]), history["changed"]["page"]
    assert 'href="zmiany.html">Zmiany względem wersji nr 1</a>' in html
    assert 'class="projekt"' in html
    links = re.findall(r'<a class="do-miejsca" href="([^"]+)"', page)
    assert links and all(h.startswith(("report.html#", "aneks/aneks.html#")) for h in links)
    ids = set(re.findall(r'id="([^"]+)"', history["changed"]["html"]))
    assert all(h.split("#", 1)[1] in ids for h in links if h.startswith("report.html#"))


def test_snapshots_are_byte_identical_built_in_another_folder_and_time_zone(history, tmp_path):
    (tmp_path / "gdzie indziej").mkdir()
    other = copy_project(tmp_path / "gdzie indziej")
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Kiritimati"  # UTC+14: another date than Warsaw's for hours a day
    time.tzset()
    try:
        build(2025, other, say=lambda _: None)
    finally:
        if zone is None:
            os.environ.pop("TZ")
        else:
            os.environ["TZ"] = zone
        time.tzset()
    (first,) = history["first"]["versions"]
    ours = (history["where"] / first.file).read_bytes()
    theirs = (store.folder(other.root, 2025) / first.file).read_bytes()
    assert ours == theirs
    # the version's date is Poland's, whatever the machine's zone: the same as the test's own
    (recorded,) = store.read(store.folder(other.root, 2025))
    assert recorded.date == store.today().isoformat() and recorded.digest == first.digest
    assert str(history["project"].root).encode() not in ours and b"tmp" not in ours


def test_the_final_version_has_no_mark_and_no_page_of_changes(history):
    versions = history["final"]["versions"]
    assert [v.status for v in versions] == [store.DRAFT, store.DRAFT, store.FINAL]
    assert 'class="projekt"' not in history["final"]["html"] and "zmiany.html" not in history["final"]["files"]
    # made final, "Kontrola obliczeń" says what holds of the differences still open, not what is
    # to be done before filing (a new version's content)
    final, draft = (" ".join(history[k]["html"].split()) for k in ("final", "changed"))
    assert "Różnice te należy wyjaśnić przed złożeniem sprawozdania." in draft
    assert "Różnic tych nie wyjaśniono." in final and "przed złożeniem sprawozdania" not in final
    # and nothing else: the rest of the report is the draft's, word for word
    assert _text_but_control(history["final"]["html"]) == _text_but_control(history["changed"]["html"])


def _text_but_control(html: str) -> str:
    """The report's words but those of "Kontrola obliczeń" (and its headings in the contents) and
    of the draft's mark."""
    soup = BeautifulSoup(html, "html.parser")
    for el in soup.select("section#sec-kontrola, nav, .projekt, script, style"):  # nav: its heading in the contents
        el.decompose()
    return " ".join(soup.get_text(" ").split())


def test_a_correction_keeps_the_filed_version_bit_for_bit(history):
    versions = history["correction"]["versions"]
    assert [v.status for v in versions][-1] == store.CORRECTION and versions[-1].correction == 1
    filed = history["final"]["output"]
    kept = {n[len(FILED_DIR) + 1 :]: b for n, b in history["correction"]["output"].items() if n.startswith(FILED_DIR)}
    for name in ("report.pdf", "report.docx", "report.html", "values.json", "aneks/aneks.pdf"):
        assert kept[name] == filed[name], name
    folder = history["where"] / versions[2].files_folder
    assert _files(folder)["report.pdf"] == filed["report.pdf"]


def test_a_correction_is_listed_at_the_report_s_end_and_in_the_annex(history):
    html, annex = history["correction"]["html"], history["correction"]["annex"]
    html = re.sub(r"\s+", " ", html)
    assert "Korekty sprawozdania po jego złożeniu" in html and "Korekta nr 1 z dnia" in html
    assert 'class="projekt"' not in html
    assert "Korekty po złożeniu sprawozdania" in re.sub(r"\s+", " ", annex) and "GW-02" in annex


def test_snapshot_holds_no_input_row(history):
    (first,) = history["first"]["versions"]
    data = (history["where"] / first.file).read_text(encoding="utf-8")
    raw = (history["project"].root / "data" / "2025" / "family_assistance_cases.csv").read_text(encoding="utf-8")
    row = raw.split("\n")[1]
    assert row.split(",", 1)[0] in data  # its key, to name it
    assert row not in data and json.loads(data)["format"] == snapshot.FORMAT
