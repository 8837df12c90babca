"""The build cache never serves a stale result, and reuses everything it may."""

from __future__ import annotations

import shutil

import nbformat
from nbformat.v4 import new_code_cell

from sprawozdanie import cache
from sprawozdanie.build import build


def run(project, **kw) -> list[str]:
    lines: list[str] = []
    build(2025, project, say=lines.append, formats=("html",), **kw)
    return lines


def executed(lines: list[str]) -> set[str]:
    return {line.split("notatnik ")[1].split(" (")[0] for line in lines if "notatnik " in line}


def test_nothing_changed_is_a_no_op(warm):
    report = warm.output_dir(2025) / "report.html"
    before = report.stat().st_mtime_ns
    lines = run(warm)
    assert lines == [lines[0]] and lines[0].startswith("Bez zmian")
    assert report.stat().st_mtime_ns == before


def test_changed_input_reruns_only_the_notebooks_that_read_it(warm):
    path = warm.root / "data" / "2025" / "family_assistance_contacts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",180", ",181"), encoding="utf-8")
    lines = run(warm)
    assert executed(lines) == {"notebooks/summary.ipynb", "notebooks/family_assistance.ipynb"}
    assert "181" in (warm.output_dir(2025) / "report.html").read_text(encoding="utf-8")


def test_an_input_change_that_changes_no_value_leaves_the_summary_as_it_was(warm):
    """The summary reads the values the chapters recorded, not their inputs: a chapter that
    runs again and records the same values does not run it again."""
    path = warm.root / "data" / "2025" / "family_assistance_contacts.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a blank line at the end
    lines = run(warm)
    assert executed(lines) == {"notebooks/family_assistance.ipynb"}


def test_changed_params_file_is_picked_up(warm):
    path = warm.params_file(2025)
    path.write_text(path.read_text(encoding="utf-8").replace("Gmina Miejska Mielec", "Gmina Próbna"), encoding="utf-8")
    lines = run(warm)
    assert executed(lines) == {"notebooks/summary.ipynb", "notebooks/family_assistance.ipynb"}


def test_changed_code_cell_reruns_that_notebook(warm):
    path = warm.root / "notebooks" / "99_bez_danych.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(new_code_cell("fmt.md = None  # changed"))
    nbformat.write(nb, path)
    assert executed(run(warm)) == {"notebooks/99_bez_danych.ipynb"}


def test_changed_markdown_is_shown_without_re_execution(warm):
    path = warm.root / "notebooks" / "99_bez_danych.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = "# Zupełnie nowy tytuł {#sec-bez-danych}"
    nbformat.write(nb, path)
    lines = run(warm)
    assert executed(lines) == set() and not lines[0].startswith("Bez zmian")
    assert "Zupełnie nowy tytuł" in (warm.output_dir(2025) / "report.html").read_text(encoding="utf-8")


def test_a_changed_template_of_the_build_s_own_texts_is_rendered_again(warm):
    """Kontrola obliczeń is filled from its template at render time, by no notebook: an edit
    to that template alone makes the report again."""
    template = warm.tool / "templates" / "kontrola_obliczen.md"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "# Kontrola obliczeń {#sec-kontrola .unnumbered}",
            "# Kontrola obliczeń {#sec-kontrola .unnumbered}\n\nZdanie dopisane do szablonu.",
        ),
        encoding="utf-8",
    )
    lines = run(warm)
    assert executed(lines) == set() and not lines[0].startswith("Bez zmian")
    assert "Zdanie dopisane do szablonu." in (warm.output_dir(2025) / "report.html").read_text(encoding="utf-8")


def test_changed_package_code_reruns_everything(warm, monkeypatch):
    monkeypatch.setattr(cache, "package_hash", lambda: "another version of the package")
    assert len(executed(run(warm))) == 3


def test_package_hash_follows_every_source_file(tmp_path):
    shutil.copytree(cache.PACKAGE_ROOT, tmp_path / "pkg", ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.tree_hash(tmp_path / "pkg")
    module = tmp_path / "pkg" / "present" / "fmt.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    assert cache.tree_hash(tmp_path / "pkg") != before


def test_summary_depends_on_the_absent_prior_year_files(warm, tmp_path):
    import json

    entries = list((warm.root / "output" / ".cache" / "2025" / "summary.ipynb").glob("*.json"))
    reads = json.loads(entries[0].read_text(encoding="utf-8"))["reads"]
    prior = {path: digest for path, digest in reads.items() if "/data/2024/" in path and digest == cache.ABSENT}
    assert prior  # the prior year's files the summary looked for and did not find
    # the moment such a file appears, the recorded reads no longer hold
    appearing = next(iter(prior))
    assert cache.reads_unchanged(prior)
    (warm.root / "data" / "2024").mkdir(exist_ok=True)
    shutil.copy(warm.root / "data" / "2025" / appearing.rsplit("/", 1)[1], appearing)
    assert not cache.reads_unchanged(prior)


def test_fresh_ignores_the_cache(warm):
    assert len(executed(run(warm, fresh=True))) == 3


def test_a_deleted_or_altered_output_file_is_made_again(warm):
    out = warm.output_dir(2025)
    (out / "values.csv").unlink()
    lines = run(warm)
    assert not lines[0].startswith("Bez zmian") and (out / "values.csv").is_file()
    report = out / "report.html"
    report.write_text(report.read_text(encoding="utf-8").replace("</body>", "<p>dopisane</p></body>"), encoding="utf-8")
    assert not run(warm)[0].startswith("Bez zmian")
    assert "dopisane" not in report.read_text(encoding="utf-8")
    assert run(warm)[0].startswith("Bez zmian")


def test_a_table_read_again_is_the_file_as_it_now_is_and_a_copy_of_its_own(project):
    """load keeps a table it validated for the next chapter that reads the same file version;
    a saved file is read anew, and no chapter's change to a frame reaches another chapter."""
    from sprawozdanie.load import load_inputs

    data = project.root / "data" / "2025"
    contacts = data / "family_assistance_contacts.csv"
    first = load_inputs(data, 2025, ["family_assistance_contacts"])["family_assistance_contacts"]
    cache.READS.clear()
    again = load_inputs(data, 2025, ["family_assistance_contacts"])["family_assistance_contacts"]
    assert str(contacts.resolve()) in cache.READS  # still recorded for the build's cache
    assert first.equals(again) and first is not again
    first.loc[0, "contacts"] = -1
    assert load_inputs(data, 2025, ["family_assistance_contacts"])["family_assistance_contacts"].equals(again)
    text = contacts.read_text(encoding="utf-8")
    contacts.write_text(text.replace(",180", ",181", 1), encoding="utf-8")
    changed = load_inputs(data, 2025, ["family_assistance_contacts"])["family_assistance_contacts"]
    assert 181 in set(changed["contacts"]) and 181 not in set(again["contacts"])


def _reworded(warm, n: int) -> None:
    template = warm.tool / "templates" / "family_assistance.md"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("\n\n", f"\n\nZdanie nowe nr {n}.\n\n", 1), encoding="utf-8")


def test_the_annex_is_kept_when_only_words_change_and_made_again_when_a_number_or_its_file_does(warm):
    annex = warm.output_dir(2025) / "aneks" / "aneks.html"
    before = annex.read_bytes()
    _reworded(warm, 1)

    def annex_line(lines: list[str]) -> str:
        return next(line for line in lines if "aneks: " in line)

    lines = run(warm)
    assert annex_line(lines).endswith("aneks/ (bez zmian od poprzedniej budowy)")
    assert annex.read_bytes() == before
    contacts = warm.root / "data" / "2025" / "family_assistance_contacts.csv"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(",180", ",181"), encoding="utf-8")
    lines = run(warm)
    assert "bez zmian" not in annex_line(lines) and annex.read_bytes() != before
    annex.write_text(annex.read_text(encoding="utf-8").replace("</body>", "<p>dopisane</p></body>"), encoding="utf-8")
    _reworded(warm, 2)
    lines = run(warm)
    assert "bez zmian" not in annex_line(lines) and "dopisane" not in annex.read_text(encoding="utf-8")


def test_compacted_charts_are_kept_by_their_hash_and_the_oldest_dropped(tmp_path, monkeypatch):
    import io

    from PIL import Image

    from sprawozdanie.render import quarto_md

    def png(colour) -> bytes:
        buf = io.BytesIO()
        Image.new("RGB", (30, 10), colour).save(buf, "PNG")
        return buf.getvalue()

    made: list[bytes] = []
    original = quarto_md.compact_png.__wrapped__
    monkeypatch.setattr(quarto_md, "compact_png", lambda data: made.append(data) or original(data))
    monkeypatch.setattr(quarto_md, "PNG_KEEP", 2)
    store = tmp_path / "png"
    first = quarto_md.compacted(png((1, 2, 3)), store)
    assert quarto_md.compacted(png((1, 2, 3)), store) == first and len(made) == 1  # the second from the store
    for colour in ((4, 5, 6), (7, 8, 9)):
        quarto_md.compacted(png(colour), store)
    assert len(list(store.glob("*.png"))) == 2
    assert quarto_md.compacted(png((1, 2, 3)), None) == first  # no store: compacted each time, the same bytes


def test_a_cache_that_cannot_take_the_chapters_values_leaves_the_summary_to_compute_them(warm, monkeypatch):
    from sprawozdanie import build as build_module

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "write_chapter_ledgers", full)
    path = warm.root / "data" / "2025" / "family_assistance_contacts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",180", ",181"), encoding="utf-8")
    lines = run(warm)
    assert any(
        "nie można zapisać pamięci podręcznej" in line and "podsumowanie liczy rozdziały samo" in line for line in lines
    )
    assert executed(lines) == {"notebooks/summary.ipynb", "notebooks/family_assistance.ipynb"}
    assert "181" in (warm.output_dir(2025) / "report.html").read_text(encoding="utf-8")


def test_fresh_makes_the_annex_again_and_a_failed_stamp_does_not_fail_the_build(warm, monkeypatch):
    from sprawozdanie import build as build_module
    from sprawozdanie import stamp

    def broken(*_args, **_kwargs):
        raise ValueError("params saved half-edited during the build")

    monkeypatch.setattr(build_module, "restamp", broken)
    lines = run(warm, fresh=True)
    assert "bez zmian" not in next(line for line in lines if "aneks: " in line)
    assert lines[-1].startswith("Przed złożeniem")  # finished as usual
    assert not (warm.cache_dir(2025) / stamp.FILE).exists()


def test_a_reworded_office_text_runs_its_chapter_again_and_keeps_the_annex(warm):
    text = warm.root / "data" / "2025" / "teksty" / "family_assistance_zespol.md"
    text.write_text(
        text.read_text(encoding="utf-8").rstrip("\n") + " Zdanie dopisane przez ośrodek.\n", encoding="utf-8"
    )
    lines = run(warm)
    assert executed(lines) == {"notebooks/family_assistance.ipynb"}
    assert next(line for line in lines if "aneks: " in line).endswith("(bez zmian od poprzedniej budowy)")
    page = " ".join((warm.output_dir(2025) / "report.html").read_text(encoding="utf-8").replace("\u00a0", " ").split())
    assert "Zdanie dopisane przez ośrodek." in page
