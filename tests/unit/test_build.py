"""The build: progress output, all-or-nothing output, clear errors on the command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sprawozdanie import execute
from sprawozdanie.build import build
from sprawozdanie.errors import InputError, ReportError


def test_progress_has_one_line_per_step_and_a_summary(built_2025):
    lines = built_2025["progress"]
    steps = [line for line in lines if re.match(r"\[\d+/\d+\] ", line)]
    n = len(steps)
    assert re.match(
        rf"\[1/{n}\] walidacja danych: \d+\s(plik|pliki|plików) i \d+\s(tekst|teksty|tekstów) ośrodka", steps[0]
    )
    notebooks = [
        re.match(r" +notatnik (notebooks/\S+\.ipynb) \(\d+\.\d s\)$", line) for line in lines if "notatnik " in line
    ]
    expected = [c for c in built_2025["project"].chapters() if c.endswith(".ipynb")]
    assert all(notebooks) and sorted(m.group(1) for m in notebooks) == sorted(expected)
    assert re.match(rf"\[2/{n}\] notatniki: wykonane {len(expected)}, z pamięci podręcznej 0 ", steps[1])
    assert re.match(
        rf"\[3/{n}\] kontrola obliczeń: \d+\s(liczba|liczby|liczb), \d+\s(reguła|reguły|reguł), ostrzeżeń: \d+",
        steps[2],
    )
    assert steps[3].startswith(f"[4/{n}] render HTML") and steps[4].startswith(f"[5/{n}] render PDF")
    summary = lines.index(next(line for line in lines if line.startswith("Gotowe w")))
    assert any("output/2025/report.pdf" in line for line in lines[summary:])
    assert any("output/2025/values.csv" in line for line in lines[summary:])


def test_outputs_are_written(built_2025):
    out = built_2025["project"].output_dir(2025)
    assert (out / "report.html").stat().st_size > 10_000
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "notebooks" / "family_assistance.ipynb").exists()
    assert not list(out.parent.glob(".*staging*"))


def _previous_output(project) -> Path:
    out = project.output_dir(2025)
    out.mkdir(parents=True)
    (out / "report.html").write_text("previous report", encoding="utf-8")
    return out


def test_bad_input_writes_nothing_and_keeps_previous_output(project):
    out = _previous_output(project)
    cases = project.root / "data" / "2025" / "family_assistance_cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8").replace("false,", "nope,", 1), encoding="utf-8")
    with pytest.raises(InputError):
        build(2025, project, say=lambda _: None)
    assert (out / "report.html").read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in out.parent.iterdir() if p.name != ".cache") == ["2025"]


@pytest.mark.slow
def test_failure_after_writing_started_keeps_previous_output(project, monkeypatch):
    out = _previous_output(project)

    def failing(job, km, seconds, kc=None):
        Path(job.dst).write_text("half-written", encoding="utf-8")
        raise ReportError("notebook failed")

    monkeypatch.setattr(execute, "execute_one", failing)
    with pytest.raises(ReportError, match="notebook failed"):
        build(2025, project, say=lambda _: None)
    assert (out / "report.html").read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in out.parent.iterdir() if p.name != ".cache") == ["2025"]


def test_wrong_params_year_is_refused(project):
    params = project.params_file(2025)
    params.write_text(params.read_text(encoding="utf-8").replace("year: 2025", "year: 2024", 1), encoding="utf-8")
    with pytest.raises(ReportError, match="year"):
        build(2025, project, say=lambda _: None)


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("sprawozdanie")
    return subprocess.run(
        [str(exe), *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}
    )


@pytest.mark.slow
def test_cli_reports_bad_input_without_traceback(project):
    cases = project.root / "data" / "2025" / "family_assistance_cases.csv"
    lines = cases.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",false,", ",niewiadomo,", 1)
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli(project.root, "validate", "2025")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("BŁĄD: Błędne dane wejściowe (1):")
    assert "family_assistance_cases.csv, wiersz 4, kolumna" in proc.stderr
    assert "znaleziono 'niewiadomo'" in proc.stderr


def test_cli_missing_params_file(project):
    proc = run_cli(project.root, "build", "2031")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "params/2031.yml" in proc.stderr


@pytest.mark.slow
def test_cli_validate_ok(project):
    proc = run_cli(project.root, "validate", "2025")
    assert proc.returncode == 0, proc.stderr
    assert "poprawne" in proc.stdout


@pytest.mark.slow
def test_an_error_in_a_chapters_code_is_a_bug_and_its_notebook_is_kept(project, monkeypatch, capfd):
    import nbformat

    from sprawozdanie import cli
    from tests.conftest import write_notebook

    write_notebook(
        project.root / "notebooks" / "98_blad.ipynb", "# Błąd {#sec-blad}", "shares = {}\nshares['asystent'] / 0"
    )
    from tests.conftest import use_chapters

    use_chapters(project.root, ["index.qmd", "notebooks/98_blad.ipynb"])
    monkeypatch.chdir(project.root)
    assert cli.main(["build", "2025", "--format", "html"]) == 70
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("BŁĄD PROGRAMU (nie błąd w danych): notebooks/98_blad.ipynb: błąd w komórce 3: KeyError")
    assert "wykonany notatnik z opisem błędu: output/2025.failed/98_blad.ipynb" in err
    kept = nbformat.read(project.root / "output" / "2025.failed" / "98_blad.ipynb", as_version=4)
    assert kept.cells[-1].outputs[0]["ename"] == "KeyError"
    log = next((project.root / "output" / "bledy").glob("blad-*.log")).read_text(encoding="utf-8")
    assert "KeyError" in log and "shares['asystent']" in log
    assert not (project.root / "output" / "2025").exists()


def test_one_print_split_by_a_flush_is_one_output(tmp_path):
    """ipykernel sends a print as two stream messages when it flushes in between (on a loaded
    machine, between a text and its newline): the executed notebook must hold one output either
    way, or a rebuild's notebook differs from the first (seen in CI)."""
    import nbformat

    from sprawozdanie import execute
    from tests.conftest import write_notebook

    nb = write_notebook(
        tmp_path / "07_druk.ipynb",
        "# Druk",
        "import sys\nsys.stdout.write('pierwsza część')\nsys.stdout.flush()\n"
        "import time\ntime.sleep(0.5)\nprint(' i druga')",
    )
    job = execute.Job("notebooks/07_druk.ipynb", nb, tmp_path / "out.ipynb", {"year": 2025})
    execute.run_all([job], 1, lambda job, result: None, execute.Limits(notebook=60))
    outputs = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[-1].outputs
    assert [(o.output_type, o.name, o.text) for o in outputs] == [("stream", "stdout", "pierwsza część i druga\n")]


def _kernels_of_this_process() -> list[int]:
    """The ipykernel processes started by this one (its descendants), from /proc."""
    import os

    parent: dict[int, int] = {}
    command: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    command[int(entry)] = f.read().decode(errors="replace")
            except OSError:
                continue

    def descends(pid: int) -> bool:
        while pid in parent and pid > 1:
            pid = parent[pid]
            if pid == os.getpid():
                return True
        return False

    return [pid for pid, cmd in command.items() if "ipykernel" in cmd and descends(pid)]


@pytest.mark.slow
def test_kernels_started_during_validation_are_stopped_when_an_input_fails(project):
    cases = project.root / "data" / "2025" / "family_assistance_cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8").replace("false,", "nope,", 1), encoding="utf-8")
    with pytest.raises(InputError):
        build(2025, project, say=lambda _: None)
    assert _kernels_of_this_process() == []


@pytest.mark.slow
def test_a_warm_kernel_runs_the_first_notebook_with_the_package_imported_and_the_rest_are_stopped(tmp_path):
    import nbformat

    from sprawozdanie import execute
    from tests.conftest import write_notebook

    nb = write_notebook(
        tmp_path / "08_cieple.ipynb", "# Ciepłe", "import sys\nprint('sprawozdanie.present.text' in sys.modules)"
    )
    warm = execute.Warm(tmp_path, 2)  # two kernels ahead, one notebook: one is never taken
    try:
        job = execute.Job("notebooks/08_cieple.ipynb", nb, tmp_path / "out.ipynb", {"year": 2025})
        execute.run_all([job], 2, lambda job, result: None, execute.Limits(notebook=60), warm)
    finally:
        warm.close()
    outputs = nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[-1].outputs
    assert [o.text for o in outputs] == ["True\n"]  # imported before the notebook ran (%reset keeps modules)
    assert _kernels_of_this_process() == []


@pytest.mark.slow
def test_notebooks_in_one_kernel_share_its_client_but_no_name_and_count_cells_from_one(tmp_path, monkeypatch):
    """The second notebook of a warm kernel sees none of the first's names (its own or those
    IPython keeps: the last outputs), numbers its cells from 1 as a new kernel would, and
    runs through the client the worker connected once (nbclient would connect a new one)."""
    import nbformat
    from jupyter_client.blocking.client import BlockingKernelClient

    from sprawozdanie import execute
    from tests.conftest import write_notebook

    first = write_notebook(tmp_path / "01_a.ipynb", "# A", "tajne = 1\n_ukryte = 2\ntajne + 41")
    second = write_notebook(
        tmp_path / "02_b.ipynb",
        "# B",
        "print(sorted(n for n in ('tajne', '_ukryte', '_2') if n in globals()), len(Out))",
    )
    connected: list[int] = []
    started = BlockingKernelClient.start_channels

    def counted(self, *args, **kwargs):
        connected.append(id(self))
        return started(self, *args, **kwargs)

    monkeypatch.setattr(BlockingKernelClient, "start_channels", counted)
    jobs = [
        execute.Job(f"notebooks/{nb.name}", nb, tmp_path / f"out_{nb.name}", {"year": 2025}) for nb in (first, second)
    ]
    execute.run_all(jobs, 1, lambda job, result: None, execute.Limits(notebook=60))
    out = nbformat.read(tmp_path / "out_02_b.ipynb", as_version=4)
    assert [o.text for o in out.cells[-1].outputs] == ["[] 0\n"]
    assert [c.execution_count for c in out.cells if c.cell_type == "code"] == [1, 2, 3]
    assert len(connected) == 1  # one client for both notebooks and the build's own questions


def test_a_warm_kernel_imports_ahead_what_the_notebooks_to_run_import(tmp_path):
    from sprawozdanie import execute
    from tests.conftest import write_notebook

    plain = write_notebook(
        tmp_path / "01_a.ipynb", "# A", "from sprawozdanie.chapters import legal_help\nimport pandas"
    )
    charted = write_notebook(tmp_path / "02_b.ipynb", "# B", "import sprawozdanie.present.charts as charts")
    code = execute.warm_up_for([plain])
    assert "'sprawozdanie.chapters.legal_help'" in code and "charts" not in code and "pandas" not in code
    assert "'sprawozdanie.present.charts'" in execute.warm_up_for([plain, charted])
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - what the kernel runs: names that are not modules are passed over
    import sys

    assert "sprawozdanie.chapters.legal_help" in sys.modules
    assert execute.warm_up_for([tmp_path / "brak.ipynb"]) == execute.WARM_UP
