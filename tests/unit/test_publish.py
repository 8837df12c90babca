"""Crash-safe output: any kill leaves a whole report, one build per year, nothing stale kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sprawozdanie import publish
from sprawozdanie.errors import ReportError


def _report(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "report.html").write_text(text, encoding="utf-8")
    return folder


def test_exchange_is_one_step_a_reader_never_finds_no_report(tmp_path):
    if not publish.exchange(_report(tmp_path / "a", "a"), _report(tmp_path / "b", "b")):
        pytest.skip("this file system cannot exchange folders (the fallback is tested below)")
    target = _report(tmp_path / "2025", "0")
    seen, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                seen.append((target / "report.html").read_text(encoding="utf-8"))
            except FileNotFoundError:
                seen.append(None)

    t = threading.Thread(target=reader)
    t.start()
    for i in range(1, 200):
        publish.swap_into_place(_report(tmp_path / f".2025.staging-{i}", str(i)), target)
    stop.set()
    t.join()
    assert None not in seen and len(seen) > 200
    assert (target / "report.html").read_text(encoding="utf-8") == "199"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".2025")] == []


def test_fallback_without_exchange_and_a_kill_between_its_two_renames(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    target = _report(tmp_path / "2025", "old")
    publish.swap_into_place(_report(tmp_path / ".2025.staging-1", "new"), target)
    assert (target / "report.html").read_text(encoding="utf-8") == "new"
    # What a kill between the renames leaves: the old report set aside, none in place.
    target.rename(tmp_path / ".2025.old-4242")
    _report(tmp_path / ".2025.staging-2", "half")
    removed = publish.recover(tmp_path, 2025)
    assert (target / "report.html").read_text(encoding="utf-8") == "new"
    assert [p.name for p in removed] == [".2025.staging-2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025"]


def test_recover_touches_only_its_own_year(tmp_path):
    _report(tmp_path / "2025", "2025")
    _report(tmp_path / ".2025.staging-abc", "dead build")
    _report(tmp_path / ".2026.staging-abc", "another year's build")
    publish.recover(tmp_path, 2025)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2026.staging-abc", "2025"]


def test_a_second_build_of_the_year_stops_with_a_message(tmp_path):
    with publish.year_lock(tmp_path, 2025):
        with pytest.raises(ReportError, match=r"rok 2025: trwa już inne polecenie \(budowa raportu, proces \d+"):
            with publish.year_lock(tmp_path, 2025):
                pass
        with publish.year_lock(tmp_path, 2026):  # another year builds beside it
            pass
    with publish.year_lock(tmp_path, 2025):  # released
        pass


def test_the_lock_holds_across_processes(tmp_path):
    code = (
        "import sys, time; from pathlib import Path; from sprawozdanie import publish\n"
        "with publish.year_lock(Path(sys.argv[1]), 2025):\n"
        "    print('held', flush=True); time.sleep(30)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(ReportError, match=f"proces {holder.pid}"):
            with publish.year_lock(tmp_path, 2025):
                pass
    finally:
        holder.kill()
        holder.wait()
    with publish.year_lock(tmp_path, 2025):  # a killed holder's lock is gone with it
        pass


def _build_process(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sprawozdanie.cli", "build", "2025", "--format", "html", "--fresh"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )  # its own process group: kernels are killed with it


def test_a_kill_at_any_moment_leaves_a_whole_report(warm):
    """SIGKILL of the whole build (kernels too) at moments spread over a build: afterwards the
    old report is whole, and the next build cleans up and finishes."""
    out = warm.output_dir(2025)
    state = (out / ".build-state.json").read_text(encoding="utf-8")
    started = time.perf_counter()
    full = _build_process(warm.root)
    full.communicate(timeout=300)
    seconds = time.perf_counter() - started
    assert full.returncode == 0
    for fraction in (0.3, 0.6, 0.85, 0.97):
        proc = _build_process(warm.root)
        time.sleep(seconds * fraction)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert (out / "report.html").stat().st_size > 1000 and (out / ".build-state.json").is_file()
    assert len(state) > 0
    again = _build_process(warm.root)
    output, _ = again.communicate(timeout=300)
    assert again.returncode == 0, output
    assert "Traceback" not in output
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".2025.")] == []


def test_sigterm_cleans_up_like_ctrl_c(warm):
    proc = _build_process(warm.root)
    for line in proc.stdout:  # wait until the build has begun writing
        if line.startswith("[1/"):
            break
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)  # the build process only, as a closed terminal would
    output, _ = proc.communicate(timeout=120)
    assert proc.returncode == 130, output
    assert "Przerwano; poprzedni wynik pozostał bez zmian." in output and "Traceback" not in output
    out = warm.output_dir(2025)
    assert (out / "report.html").is_file()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".2025.")] == []
