"""Versions of a report: what a snapshot records, what a comparison lists, how versions are
numbered and named, and the page of changes (builds themselves: tests/years/test_versions_builds.py)."""

from __future__ import annotations

import datetime as dt
import json
import re

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from sprawozdanie.errors import ReportError
from sprawozdanie.present.fmt import NBSP
from sprawozdanie.versions import diff, page, snapshot, store, words


def snap(values=None, blocks=None, chapters=("a", "b"), inputs=None) -> dict:
    return {
        "format": snapshot.FORMAT,
        "year": 2025,
        "chapters": [{"id": c, "title": f"Rozdział {c}", "section": f"sec-{c}"} for c in chapters],
        "values": values or {},
        "blocks": blocks or [],
        "inputs": inputs or {},
        "numbers": {"tbl-t": "Tabela nr\u00a03"},
    }


def value(shown, rows=None, chapter="a", label="Rodziny"):
    out = {"label": label, "shown": shown, "value": shown, "chapter": chapter}
    return out | ({"rows": rows} if rows else {})


def text(t, chapter="a", anchor="a/wstep", office=False):
    return {"kind": "text", "chapter": chapter, "anchor": anchor, "text": t} | ({"office": True} if office else {})


def table(rows, chapter="a", anchor="tbl-t", caption="Rodziny"):
    return {"kind": "table", "chapter": chapter, "anchor": anchor, "text": caption, "header": [["Rok", "Liczba"]],
            "rows": rows}  # fmt: skip


def test_the_same_content_has_no_changes():
    s = snap({"a.n": value("3")}, [text("W gminie ⟦a.n⟧ rodziny.")])
    assert diff.compare(s, json.loads(json.dumps(s))) == []


def test_a_changed_number_names_only_its_rows_whose_hash_differs():
    rows = {"cases.csv": ["AR-1", "AR-2", "AR-3"]}
    old = snap({"a.n": value("3", rows), "a.m": value("1", {"cases.csv": ["AR-3"]})}, [text("W gminie ⟦a.n⟧ rodziny.")],
               inputs={"cases.csv": {"AR-1": "h1", "AR-2": "h2", "AR-3": "h3"}})  # fmt: skip
    new = snap({"a.n": value("4", rows), "a.m": value("1", {"cases.csv": ["AR-3"]})}, [text("W gminie ⟦a.n⟧ rodziny.")],
               inputs={"cases.csv": {"AR-1": "h1", "AR-2": "zmieniony", "AR-3": "h3"}})  # fmt: skip
    changes = diff.compare(old, new)
    # the sentence prints the number but is worded the same: one change, the number's
    assert [(c.kind, c.what, c.old, c.new) for c in changes] == [(diff.NUMBER, diff.CHANGED, "3", "4")]
    assert changes[0].rows == {"cases.csv": ("AR-2",)} and not changes[0].annex_only
    assert changes[0].target == "sec-a-w-a-n"  # its first place in the chapter printing it (anchors.lua)


def test_a_number_the_report_does_not_print_is_linked_to_the_annex():
    old, new = snap({"a.total": value("5")}), snap({"a.total": value("6")})
    (change,) = diff.compare(old, new)
    assert change.annex_only and page.place(change) == "aneks/aneks.html#w-a-total"


def test_a_reworded_sentence_is_one_change_marked_word_by_word():
    old = snap(
        blocks=[text("Ala ma kota. Pracę z ⟦a.n⟧ rodzinami prowadzono przez cały rok.")], values={"a.n": value("3")}
    )
    new = snap(
        blocks=[text("Ala ma kota. Pracę z ⟦a.n⟧ rodzinami prowadzono w ciągu roku.")], values={"a.n": value("3")}
    )
    (change,) = diff.compare(old, new)
    assert (change.kind, change.what) == (diff.SENTENCE, diff.CHANGED)
    assert change.new == "Pracę z 3 rodzinami prowadzono w ciągu roku."
    assert [(op, t) for op, t in change.words if op != "="] == [("-", "przez cały rok"), ("+", "w ciągu roku")]
    assert change.target == "sec-a"


def test_office_text_added_and_removed_sentences():
    old = snap(blocks=[text("Pierwsze zdanie.", office=True), text("Stare zdanie o czymś innym.", anchor="a/koniec")])
    new = snap(blocks=[text("Pierwsze zdanie. Drugie, nowe zdanie.", office=True)])
    changes = diff.compare(old, new)
    assert [(c.what, c.office, c.new or c.old) for c in changes] == [
        (diff.ADDED, True, "Drugie, nowe zdanie."),
        (diff.REMOVED, False, "Stare zdanie o czymś innym."),
    ]


def test_a_removed_table_is_one_change_and_a_changed_cell_names_its_row_and_column():
    old = snap(
        blocks=[table([["2024", "⟦a.p⟧"], ["2025", "⟦a.n⟧"]]), table([["x", "1"]], anchor="tbl-u", caption="Inne")]
    )
    new = snap(blocks=[table([["2024", "⟦a.p⟧"], ["2025 r.", "⟦a.n⟧"]])])
    changes = diff.compare(old, new)
    assert [(c.kind, c.what) for c in changes] == [(diff.TABLE, diff.REMOVED), (diff.CELL, diff.CHANGED)]
    assert changes[0].label == "Inne"
    assert changes[1].label == "Tabela nr\u00a03 – Rodziny – wiersz „2025 r.”, kolumna „Rok”"
    assert (changes[1].old, changes[1].new) == (
        "2025",
        "2025 r.",
    )


def test_a_removed_chapter_is_one_change_without_its_numbers_and_sentences():
    old = snap({"b.n": value("2", chapter="b")}, [text("Zdanie.", chapter="b", anchor="b/wstep")])
    new = snap(chapters=("a",))
    assert [(c.kind, c.what, c.label) for c in diff.compare(old, new)] == [(diff.CHAPTER, diff.REMOVED, "Rozdział b")]


def test_references_print_the_number_of_their_table():
    old = snap(blocks=[text("Dane podano w Tabeli nr ⟦@tbl-t⟧.")])
    new = snap(blocks=[text("Dane przedstawiono w Tabeli nr ⟦@tbl-t⟧.")])
    assert diff.compare(old, new)[0].new == "Dane przedstawiono w Tabeli nr 3."


def test_versions_are_numbered_drafts_then_final_then_corrections():
    day = dt.date(2026, 3, 2)
    first = store.decide([], "a", False, day)
    assert first == store.Version(1, store.DRAFT, "2026-03-02", "a")
    assert store.decide([first], "a", False, day) is None  # nothing changed: no version
    final = store.decide([first], "a", True, day)  # the same content made final: a new version
    assert (final.number, final.status) == (2, store.FINAL)
    assert store.decide([first, final], "a", True, day) is None
    k1 = store.decide([first, final], "b", True, day)
    assert (k1.number, k1.status, k1.correction) == (3, store.CORRECTION, 1)
    draft = store.decide([first, final, k1], "c", False, day)  # a draft of the next correction
    assert (draft.status, draft.correction) == (store.DRAFT, 2)
    k2 = store.decide([first, final, k1, draft], "c", True, day)
    assert (k2.number, k2.correction) == (5, 2)
    everything = [first, final, k1, draft, k2]
    assert store.filed(everything) == final
    assert store.previous(everything, k2) == k1 and store.previous(everything, k1) == final
    assert store.previous(everything, draft) == k1


def test_a_recorded_snapshot_is_never_replaced_and_an_orphan_is(tmp_path):
    where = tmp_path / "versions" / "2025"
    v1 = store.Version(1, store.DRAFT, "2026-03-02", store.digest(b"one"))
    store.record(where, [], v1, b"one", tmp_path)
    assert store.read(where) == [v1] and (where / v1.file).read_bytes() == b"one"
    with pytest.raises(ReportError, match="już zapisana"):
        store.record(where, store.read(where), v1, b"other", tmp_path)
    assert store.read(where) == [v1] and (where / v1.file).read_bytes() == b"one"
    v2 = store.Version(2, store.DRAFT, "2026-03-03", store.digest(b"two"))
    (where / v2.file).write_bytes(b"left by a build stopped before its record")
    store.record(where, [v1], v2, b"two", tmp_path)
    assert store.read(where) == [v1, v2] and (where / v2.file).read_bytes() == b"two"


@pytest.mark.parametrize("field", [("date", "7.12.2026"), ("status", "brudnopis"), ("number", 3)])
def test_a_record_with_a_bad_field_is_a_polish_error(tmp_path, field):
    where = tmp_path / "versions" / "2025"
    store.record(where, [], store.Version(1, store.DRAFT, "2026-03-02", "x"), b"one", tmp_path)
    raw = json.loads((where / store.INDEX).read_text(encoding="utf-8"))
    raw["wersje"][0][field[0]] = field[1]
    (where / store.INDEX).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ReportError, match="uszkodzony"):
        store.read(where)


def test_going_back_to_the_filed_content_is_no_correction():
    day = dt.date(2026, 3, 2)
    v1 = store.decide([], "a", True, day)
    v2 = store.decide([v1], "b", False, day)  # a draft of a correction
    assert store.decide([v1, v2], "a", True, day) is None
    assert store.shown_version([v1, v2], None, "a", True) == v1  # the report is the filed version again


def test_a_damaged_record_of_versions_is_a_polish_error(tmp_path):
    where = tmp_path / "versions" / "2025"
    where.mkdir(parents=True)
    (where / store.INDEX).write_text("{", encoding="utf-8")
    with pytest.raises(ReportError, match="uszkodzony"):
        store.read(where)


def test_the_date_is_poland_s_whatever_the_machine_s_zone(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC).timestamp())))
    monkeypatch.setenv("TZ", "America/New_York")
    assert store.today() == dt.date(2026, 3, 2)  # 00:30 in Warsaw


@pytest.mark.parametrize(
    ("n", "said"),
    [(1, "zmieniono 1 liczbę"), (2, "zmieniono 2 liczby"), (5, "zmieniono 5 liczb"), (22, "zmieniono 22 liczby")],
)
def test_the_summary_agrees_with_its_counts(n, said):
    changes = [diff.Change(diff.NUMBER, diff.CHANGED, "a", "x")] * n
    assert words.summary(changes).replace(NBSP, " ") == said


def test_a_summary_of_several_sorts():
    changes = [
        diff.Change(diff.SENTENCE, diff.CHANGED, "a", ""),
        diff.Change(diff.SENTENCE, diff.CHANGED, "a", ""),
        diff.Change(diff.TABLE, diff.REMOVED, "a", "t"),
        diff.Change(diff.CELL, diff.CHANGED, "a", "t"),
    ]
    assert words.summary(changes).replace(NBSP, " ") == "zmieniono 2 zdania, 1 komórkę tabeli; usunięto 1 tabelę"


def test_only_a_draft_carries_the_mark():
    draft = store.Version(3, store.DRAFT, "2026-03-02", "x")
    mark = words.mark(draft, store.Version(2, store.DRAFT, "2026-02-20", "y"))
    assert mark["projekt"].replace(NBSP, " ") == "PROJEKT – wersja nr 3 z dnia 2 marca 2026 r."
    assert mark["changes-href"] == "zmiany.html" and mark["changes-label"] == "Zmiany względem wersji nr 2"
    assert "changes-href" not in words.mark(store.Version(1, store.DRAFT, "2026-03-02", "x"), None)
    assert words.mark(store.Version(4, store.FINAL, "2026-03-02", "x"), draft) == {}
    assert words.mark(store.Version(5, store.CORRECTION, "2026-03-02", "x", 1), draft) == {}


def test_corrections_are_listed_with_their_dates_and_changes():
    k1 = store.Version(3, store.CORRECTION, "2026-05-04", "x", 1)
    change = diff.Change(diff.NUMBER, diff.CHANGED, "a", "Rodziny", old="3", new="4", rows={"cases.csv": ("AR-2",)})
    report = words.corrections_markdown([(k1, [change])]).replace(NBSP, " ")
    assert "Korekta nr 1 z dnia 4 maja 2026 r.: zmieniono 1 liczbę." in report
    assert "wprowadzono w nim korektę wymienioną poniżej" in report
    annex = words.corrections_annex([(k1, [change])])
    assert "| Rodziny | 3 | 4 | cases.csv: AR-2 |" in annex.replace("\\", "")  # (Markdown escapes)
    assert words.corrections_markdown([]) == ""


def test_the_page_of_changes_marks_words_in_text_and_markup_and_links_each_change():
    old = snap({"a.n": value("3")}, [text("Ala ma kota. Kotów jest ⟦a.n⟧.")])
    new = snap({"a.n": value("4")}, [text("Ala ma psa. Kotów jest ⟦a.n⟧.")])
    changes = diff.compare(old, new)
    pair = page.Pair("wersja nr 1", "wersja nr 2", 1, 2, changes)
    html = page.html(pair, {"a": "Rozdział a"}, "Sprawozdanie za rok 2025")
    assert '<html lang="pl">' in html and "Content-Security-Policy" in html
    assert re.search(r"<del><span aria-hidden=\"true\">\[−&nbsp;</span><span class=\"sr\">usunięto: </span>kota", html)
    assert re.search(r"<ins><span aria-hidden=\"true\">\[\+&nbsp;</span><span class=\"sr\">dodano: </span>psa", html)
    links = re.findall(r'<a class="do-miejsca" href="([^"]+)">', html)
    assert links == ["report.html#sec-a", "report.html#sec-a-w-a-n"]
    table = page.csv_text(pair, {"a": "Rozdział a"})
    assert table.startswith("\ufeffnr;rozdział;zmiana") and "Ala ma [− kota][+ psa]." in table
    assert page.lines(pair, {"a": "Rozdział a"})[0].replace(NBSP, " ") == (
        "Zmiany w wersji nr 2 względem wersji nr 1: zmieniono 1 liczbę, 1 zdanie."
    )


def test_row_hashes_follow_each_row_by_its_key():
    frame = pd.DataFrame({"support_group_project_id": ["GW-01", "GW-02"], "support_group_participants": [6, 5]})
    before = snapshot.row_hashes({"support_groups_projects": frame})["support_groups_projects.csv"]
    frame.loc[0, "support_group_participants"] = 7
    after = snapshot.row_hashes({"support_groups_projects": frame}, " (dane za 2024)")
    after = after["support_groups_projects.csv (dane za 2024)"]
    assert set(before) == {"GW-01", "GW-02"} and before["GW-02"] == after["GW-02"] and before["GW-01"] != after["GW-01"]


def test_blocks_are_anchored_by_their_part_not_their_place(tmp_path):
    def notebook(extra: str) -> object:
        nb = new_notebook(
            cells=[
                new_markdown_cell("# Rozdział {#sec-a}"),
                new_code_cell('#| output: asis\ntext.show("wstep")'),
                new_code_cell('#| output: asis\ntext.show("koniec")'),
            ]
        )
        nb.cells[1].outputs = [
            new_output("stream", name="stdout", text=extra + 'W gminie [3]{.val data-id="a.n"} rodziny.\n')
        ]
        nb.cells[2].outputs = [new_output("stream", name="stdout", text="::: {.tekst-osrodka}\nTekst ośrodka.\n:::\n")]
        path = tmp_path / f"a{len(extra)}.ipynb"
        nbformat.write(nb, path)
        return path

    records = [{"id": "a.n", "label_pl": "Rodziny", "shown": "3", "value": "3", "source": "notebooks/a.ipynb"}]
    control = '# Kontrola obliczeń {#sec-kontrola}\n\nPodano [307]{.val data-id="ctl.numbers"} liczb.\n'
    snap = snapshot.take({"a": notebook("")}, records, {}, 2025, parts={"kontrola_obliczen": control})
    assert [(b["anchor"], b["kind"], b["text"], b.get("office", False)) for b in snap["blocks"]] == [
        ("a/tytul", "heading", "Rozdział", False),
        ("a/wstep", "text", "W gminie ⟦a.n⟧ rodziny.", False),  # a ledger value: its id
        ("a/koniec", "text", "Tekst ośrodka.", True),
        ("kontrola_obliczen/tekst", "heading", "Kontrola obliczeń", False),
        ("kontrola_obliczen/tekst", "text", "Podano 307 liczb.", False),  # not the ledger's: as printed
    ]
    assert snap["chapters"] == [
        {"id": "a", "title": "Rozdział", "section": "sec-a"},
        {"id": "kontrola_obliczen", "title": "Kontrola obliczeń", "section": "sec-kontrola"},
    ]
    longer = snapshot.blocks({"a": notebook("Nowy akapit.\n\n")})
    assert [b["anchor"] for b in longer] == ["a/tytul", "a/wstep", "a/wstep", "a/koniec"]


def test_input_rows_that_changed_no_number_are_listed_once_per_file():
    rows = {"cases.csv": ["AR-1"]}
    old = snap(
        {"a.n": value("1", rows)}, inputs={"cases.csv": {"AR-1": "h1", "AR-2": "h2"}, "x.yml": {"(cały plik)": "a"}}
    )
    new = snap(
        {"a.n": value("2", rows)},
        inputs={"cases.csv": {"AR-1": "z", "AR-2": "z", "AR-3": "h3"}, "x.yml": {"(cały plik)": "a"}},
    )
    changes = diff.compare(old, new)
    assert [(c.kind, c.label, c.rows) for c in changes] == [
        (diff.NUMBER, "Rodziny", {"cases.csv": ("AR-1",)}),
        (diff.ROWS, "cases.csv", {"cases.csv": ("AR-2", "AR-3")}),  # AR-1 is the number's, said there
    ]
    pair = page.Pair("wersja nr 1", "wersja nr 2", 1, 2, changes)
    assert "2 wiersze" in page.html(pair, {}, "Sprawozdanie").replace(NBSP, " ")


def test_a_snapshot_changed_by_hand_is_refused(tmp_path):
    where = tmp_path / "versions" / "2025"
    data = snapshot.dumps(snap())
    v1 = store.Version(1, store.DRAFT, "2026-03-02", store.digest(data))
    store.record(where, [], v1, data, tmp_path)
    assert store.load(where, v1) == json.loads(data)
    (where / v1.file).write_bytes(data.replace(b"2025", b"2024"))
    with pytest.raises(ReportError, match="różni się od zapisanego"):
        store.load(where, v1)


def test_a_removed_table_is_named_with_the_number_the_reader_knew():
    old = snap(blocks=[table([["2025", "1"]])])
    (change,) = diff.compare(old, snap())
    assert (change.kind, change.what, change.label) == (diff.TABLE, diff.REMOVED, "Tabela nr\u00a03 – Rodziny")


def test_on_quarto_s_site_the_page_of_changes_links_each_chapter_s_own_page(tmp_path):
    from sprawozdanie.versions.flow import Versioned

    old = snap({"a.n": value("3")}, [text("Było ⟦a.n⟧ rodzin. Ala ma kota.")])
    new = snap({"a.n": value("4")}, [text("Było ⟦a.n⟧ rodzin. Ala ma psa.")])
    v1, v2 = store.Version(1, store.DRAFT, "2026-03-02", "x"), store.Version(2, store.DRAFT, "2026-03-03", "y")
    made = Versioned(tmp_path, b"", [v1], v2, v2, v1, diff.compare(old, new), [], {"a": "Rozdział a"})
    (tmp_path / "html").mkdir()
    written = made.write_pages(tmp_path, "Sprawozdanie", {"a": "notebooks/a.html"})
    assert written == [tmp_path / "html" / "zmiany.html", tmp_path / "html" / "zmiany.csv"]
    links = re.findall(r'<a class="do-miejsca" href="([^"]+)"', written[0].read_text(encoding="utf-8"))
    assert links == ["notebooks/a.html#sec-a", "notebooks/a.html#sec-a-w-a-n"]


def test_the_final_version_writes_no_page_of_changes(tmp_path):
    from sprawozdanie.versions.flow import Versioned

    v1, v2 = store.Version(1, store.DRAFT, "2026-03-02", "x"), store.Version(2, store.FINAL, "2026-03-03", "y")
    made = Versioned(tmp_path, b"", [v1], v2, v2, v1, [diff.Change(diff.NUMBER, diff.CHANGED, "a", "x")], [], {})
    assert made.write_pages(tmp_path, "Sprawozdanie") == [] and not (tmp_path / "zmiany.html").exists()


def goals(n_goals: list[int]) -> list[dict]:
    """A part printing one table per goal (as the programme's chapter does), each with its label."""
    return [
        {"kind": "table", "chapter": "a", "anchor": "a/cele", "id": f"tbl-cel-{g}", "text": f"Cel operacyjny {g}",
         "header": [["Zadanie", "Wskaźnik", "Wartość"]],
         "rows": [[f"{g}.1 Zadanie", f"wskaźnik {g}", str(10 * g)], [f"{g}.2 Zadanie", f"wskaźnik {g}b", str(g)]]}
        for g in n_goals
    ]  # fmt: skip


def test_a_table_removed_among_others_is_the_one_removed_and_no_other_changes():
    changes = diff.compare(snap(blocks=goals([1, 2, 3, 4, 5])), snap(blocks=goals([1, 3, 4, 5])))
    assert [(c.kind, c.what, c.label) for c in changes] == [(diff.TABLE, diff.REMOVED, "Cel operacyjny 2")]


def test_a_column_or_row_removed_changes_no_other_cell():
    old = table([["2024", "5"], ["2025", "6"], ["2026", "7"]])
    old["header"] = [["Rok", "Liczba", "Uwagi"]]
    old["rows"] = [r + ["–"] for r in old["rows"]]
    new = table([["2024", "5"], ["2026", "7"]])
    changes = diff.compare(snap(blocks=[old]), snap(blocks=[new]))
    assert sorted((c.kind, c.what, c.label.split(" – ")[-1]) for c in changes) == [
        (diff.COLUMN, diff.REMOVED, "kolumna „Uwagi”"),
        (diff.ROW, diff.REMOVED, "wiersz „2025”"),
    ]


def test_a_row_or_chapter_that_only_moved_is_said_once_or_not_at_all():
    old = snap(blocks=[table([["a", "1"], ["b", "2"]])], chapters=("a", "b", "c"))
    new = snap(blocks=[table([["b", "2"], ["a", "1"]])], chapters=("a", "c", "b"))
    (change,) = diff.compare(old, new)  # (b after c, or c before b: either is the one move)
    assert (change.kind, change.what) == (diff.CHAPTER, diff.MOVED) and change.chapter in ("b", "c")


def test_a_sentence_removed_leaves_its_neighbours_unchanged():
    old = snap(
        blocks=[
            text(
                "Koordynatorem Zespołu jest kierownik Działu. W pracach uczestniczą pracownicy socjalni prowadzący pracę socjalną z rodziną. Koniec."
            )
        ]
    )
    new = snap(blocks=[text("W pracach uczestniczą pracownicy socjalni prowadzący pracę z rodziną. Koniec.")])
    changes = diff.compare(old, new)
    assert [(c.what, c.old or c.new) for c in changes] == [
        (diff.CHANGED, "W pracach uczestniczą pracownicy socjalni prowadzący pracę socjalną z rodziną."),
        (diff.REMOVED, "Koordynatorem Zespołu jest kierownik Działu."),
    ]


def test_a_changed_caption_is_a_change_and_a_number_printed_the_same_is_not():
    rows = {"cases.csv": ["AR-1"]}
    old = snap({"a.m": value("21", rows)}, [table([["x", "⟦a.m⟧"]], caption="Rodziny w roku")],
               inputs={"cases.csv": {"AR-1": "h1"}})  # fmt: skip
    new = snap({"a.m": value("21", rows) | {"value": "21.04"}}, [table([["x", "⟦a.m⟧"]], caption="Rodziny w ciągu roku")],
               inputs={"cases.csv": {"AR-1": "h2"}})  # fmt: skip
    changes = diff.compare(old, new)
    assert [(c.kind, c.what) for c in changes] == [(diff.TABLE, diff.CHANGED), (diff.ROWS, diff.CHANGED)]
    assert [(op, t) for op, t in changes[0].words if op != "="] == [("+", "ciągu ")] or changes[0].new.endswith(
        "ciągu roku"
    )


def test_a_difference_or_table_renumbered_in_the_control_is_no_change():
    control = {"kind": "text", "chapter": "kontrola_obliczen", "anchor": "kontrola_obliczen/tekst"}
    old = snap(blocks=[control | {"text": "Różnica nr ⟦#5⟧. Liczba w Tabeli nr ⟦#12⟧ różni się."}])
    new = snap(blocks=[control | {"text": "Różnica nr ⟦#6⟧. Liczba w Tabeli nr ⟦#11⟧ różni się."}])
    old["chapters"].append({"id": "kontrola_obliczen", "title": "Kontrola obliczeń", "section": "sec-kontrola"})
    new["chapters"].append({"id": "kontrola_obliczen", "title": "Kontrola obliczeń", "section": "sec-kontrola"})
    assert diff.compare(old, new) == []
    changed = json.loads(json.dumps(new))
    changed["blocks"][0]["text"] = "Różnica nr ⟦#6⟧. Liczba w Tabeli nr ⟦#11⟧ jest inna."
    (change,) = diff.compare(old, changed)
    assert change.new == "Liczba w Tabeli nr 11 jest inna." and change.old == "Liczba w Tabeli nr 12 różni się."


def test_a_correction_names_its_chapters_and_the_annex_only_when_numbers_changed():
    k1 = store.Version(3, store.CORRECTION, "2026-05-04", "x", 1)
    sentence = diff.Change(diff.SENTENCE, diff.CHANGED, "a", "")
    report = words.corrections_markdown([(k1, [sentence])], {"a": "Grupy wsparcia"}).replace(NBSP, " ")
    assert "Korekta nr 1 z dnia 4 maja 2026 r.: zmieniono 1 zdanie (rozdział „Grupy wsparcia”)." in report
    assert "aneksie" not in report  # no number changed: nothing listed there


def test_the_command_compares_only_forwards_and_says_why_in_polish(tmp_path, capsys):
    from sprawozdanie.cli import main

    where = store.folder(tmp_path, 2025)
    for nr, content in ((1, b"{}"), (2, json.dumps(snap()).encode())):
        versions = store.read(where)
        store.record(
            where, versions, store.Version(nr, store.DRAFT, "2026-03-02", store.digest(content)), content, tmp_path
        )
    (tmp_path / "params").mkdir()
    assert main(["--workspace", str(tmp_path), "zmiany", "2025", "--od", "2", "--do", "1"]) == 1
    err = capsys.readouterr().err
    assert "musi wskazywać wersję wcześniejszą" in err and "Traceback" not in err
