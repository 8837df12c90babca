"""A build with nothing to do is answered from the stamp of the last check, and only then."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sprawozdanie import command, stamp, vcs
from sprawozdanie.build import build

HTML = ("html",)


def age(root: Path, seconds: int = 60) -> None:
    """Every file and folder under ``root`` (and ``root``) made ``seconds`` older: a stamp
    trusts no signature younger than the file system's clock can tell apart."""
    then = (os.stat(root).st_mtime_ns // 10**9 - seconds) * 10**9
    for path in [root, *root.rglob("*")]:
        os.utime(path, ns=(then, then), follow_symlinks=False)


def _key(root: Path, formats=HTML) -> dict:
    return stamp.key(2025, formats, "embedded", root)


def test_the_witness_records_what_was_read_with_the_folders_above_it(tmp_path):
    root = tmp_path / "gmina"
    (root / "data" / "2025").mkdir(parents=True)
    csv = root / "data" / "2025" / "a.csv"
    csv.write_text("x\n1\n", encoding="utf-8")
    (root / "output" / ".cache").mkdir(parents=True)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("a", encoding="utf-8")
    with stamp.Witness(root, root / "output" / ".cache") as seen:
        csv.read_text(encoding="utf-8")
        outside.read_bytes()
        list((root / "data").iterdir())
        (root / "output" / ".cache" / "lock.kto").write_text("ja", encoding="utf-8")  # the cache's own: not counted
    assert seen.seen[str(csv)] == stamp.signature(str(csv))
    assert {str(root / "data" / "2025"), str(root / "data"), str(root)} <= set(seen.seen)
    # outside the workspace: the file and its folder, not the folders above
    assert {str(outside), str(tmp_path)} <= set(seen.seen) and str(tmp_path.parent) not in seen.seen
    assert not seen.wrote and not any(".cache" in p for p in seen.seen)
    with stamp.Witness(root, root / "output" / ".cache") as writing:
        (root / "data" / "b.csv").write_text("y\n", encoding="utf-8")
    assert writing.wrote == [str(root / "data" / "b.csv")]
    assert not stamp.write(root / "stamp.json", writing, {}, [])  # a check that wrote leaves no stamp


def test_a_stamp_holds_until_a_file_changes_a_file_appears_or_the_command_differs(tmp_path):
    root = tmp_path
    data = root / "data"
    data.mkdir()
    csv = data / "a.csv"
    csv.write_text("x\n1\n", encoding="utf-8")
    (root / "cache").mkdir()
    file = root / "cache" / stamp.FILE
    with stamp.Witness(root, root / "cache") as seen:
        csv.read_bytes()
    assert not stamp.write(file, seen, _key(root), []) and seen.racy()  # just written: its time may not tell
    age(root)
    with stamp.Witness(root, root / "cache") as seen:
        csv.read_bytes()
    assert stamp.write(file, seen, _key(root), ["      uwaga: …"])
    assert stamp.up_to_date(file, _key(root)) == ["      uwaga: …"]
    assert stamp.up_to_date(file, _key(root, ("html", "pdf", "docx"))) is None  # another command
    csv.write_text("x\n2\n", encoding="utf-8")  # same size, another content: a new time
    assert stamp.up_to_date(file, _key(root)) is None
    age(root)
    with stamp.Witness(root, root / "cache") as seen:
        csv.read_bytes()
    assert stamp.write(file, seen, _key(root), [])
    (data / "b.csv").write_text("nowy\n", encoding="utf-8")  # a new input beside the one read
    assert stamp.up_to_date(file, _key(root)) is None
    file.write_text("{nie json", encoding="utf-8")
    assert stamp.up_to_date(file, _key(root)) is None


def test_a_path_looked_for_and_not_opened_voids_the_stamp_when_it_appears(tmp_path):
    """The prior year's folder, an absent input: looked at (``paths.probe``), never opened."""
    from sprawozdanie import cache

    shared = tmp_path / "dysk"  # outside the workspace
    shared.mkdir()
    root = tmp_path / "gmina"
    (root / "cache").mkdir(parents=True)
    age(tmp_path)
    with stamp.Witness(root, root / "cache") as seen:
        assert cache.file_hash(shared / "2024" / "a.csv") == cache.ABSENT
    file = root / "cache" / stamp.FILE
    assert stamp.write(file, seen, _key(root), [])
    assert stamp.up_to_date(file, _key(root)) == []
    (shared / "2024").mkdir()
    assert stamp.up_to_date(file, _key(root)) is None


def test_the_quick_answer_is_only_for_a_plain_build_of_a_year(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no workspace here at all
    said: list[str] = []
    for argv in (["build", "2025"], ["build", "2025", "--fresh"], ["check", "2025"], ["build", "rok"], []):
        assert not command.quick_no_op(argv, said.append)
    assert said == []


def test_git_state_without_git_is_recorded_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an office PC: no git program
    state = vcs.git_state(tmp_path)
    assert state["commit"].startswith("brak") and state["clean"] == "nieznany"


def test_a_build_leaves_the_stamp_a_fresh_check_would_and_a_change_voids_it(warm):
    root = warm.root
    file = warm.cache_dir(2025) / stamp.FILE
    template = root / "templates" / "family_assistance.md"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    age(root)  # (the edit too: the build sees it by its content)
    lines: list[str] = []
    build(2025, warm, say=lines.append, formats=HTML)
    assert not lines[0].startswith("Bez zmian")
    assert stamp.up_to_date(file, _key(root)) == []  # the build's own check, made at its end
    made_by_build = json.loads(file.read_text(encoding="utf-8"))["files"]
    # The same check in a fresh process (no memo of this one): the build's stamp named every file it reads.
    file.unlink()
    code = "from sprawozdanie.build import build, Project; build(2025, Project.at('.'), formats=('html',))"
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True).stdout
    assert out.startswith("Bez zmian")
    fresh = json.loads(file.read_text(encoding="utf-8"))["files"]
    ours = {p for p in fresh if p.startswith((str(root), str(Path(stamp.__file__).parent)))}
    assert ours and ours <= set(made_by_build)
    # A template sentence changed: no quick answer; the build renders it again.
    template.write_text(
        template.read_text(encoding="utf-8").replace("\n\n", "\n\nZdanie nowe.\n\n", 1), encoding="utf-8"
    )
    assert stamp.up_to_date(file, _key(root)) is None
    lines = []
    build(2025, warm, say=lines.append, formats=HTML)
    assert not lines[0].startswith("Bez zmian")


def test_the_console_command_answers_a_no_op_without_importing_the_build(built_2025):
    """Other tests read the shared report's folder (and may touch it): the first command
    then checks in full and stamps; the second must answer from the stamp."""
    root = built_2025["project"].root
    report = built_2025["html"]
    age(root)  # (every signature older than the file system's clock can tell apart)
    before = report.stat().st_mtime_ns
    code = (
        "import sys; from sprawozdanie.command import main; main(['build', '2025']); "
        "print(sorted(m for m in ('pydantic', 'pandas', 'sprawozdanie.build') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def command() -> list[str]:
        run = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stdout + run.stderr
        return run.stdout.splitlines()

    first, second = command(), command()
    assert first[-2].startswith("Bez zmian: output/2025 jest aktualny")
    assert second[-2].startswith("Bez zmian: output/2025 jest aktualny") and second[-1] == "[]"
    assert report.stat().st_mtime_ns == before
