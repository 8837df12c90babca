"""The README's route for a new office, as one test: the wheel that `make wheel` builds,
installed with the pinned versions of requirements.lock into a fresh virtual environment
outside the repository, makes a workspace with `init` and builds its report; provenance
then names the installed package's files and nothing of the checkout.

Slow (a minute or two: pip installs every locked package, from its cache when it has them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow  # builds reports (docs/tests.md, "Tiers")

ROOT = Path(__file__).resolve().parents[2]
RURAL = ROOT / "tests" / "fixtures" / "years" / "gmina_wiejska"


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the locked packages and the project's wheel."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # the wheel is built from a copy, the lock inside the package as `make wheel` does
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "requirements.lock", source / "src" / "sprawozdanie" / "requirements.lock")
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp / "dist"),
            str(source),
        ]
    )
    [wheel] = (tmp / "dist").glob("sprawozdanie-*.whl")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(ROOT / "requirements.lock")])
    run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)])
    return venv


def test_a_new_office_from_the_wheel_to_its_report(installed, tmp_path):
    command = installed / "bin" / "sprawozdanie"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{installed / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    workspace = tmp_path / "gops-modrzewie"
    run(
        [
            str(command),
            "init",
            str(workspace),
            "--teryt",
            "0699012",
            "--name",
            "Gmina Modrzewie",
            "--office",
            "Gminny Ośrodek Pomocy Społecznej w Modrzewiu",
            "--year",
            "2025",
        ],
        cwd=tmp_path,
        env=env,
    )
    shutil.copytree(RURAL / "data", workspace / "data" / "2025", dirs_exist_ok=True)
    for name in yaml.safe_load((RURAL / "fixture.yml").read_text(encoding="utf-8"))["remove"]:
        (workspace / "data" / "2025" / name).unlink()
    run([str(command), "validate", "2025"], cwd=workspace, env=env)
    run([str(command), "build", "2025", "--format", "html"], cwd=workspace, env=env)
    prov = json.loads((workspace / "output" / "2025" / "provenance.json").read_text(encoding="utf-8"))
    site = str(installed)
    assert prov["tool"]["report_folder"].startswith(site) and prov["tool"]["package_folder"].startswith(site)
    names = set(prov["tool"]["files"])
    assert {
        "report/_quarto.yml",
        "report/notebooks/family_assistance.ipynb",
        "report/templates/lexicon.yml",
        "report/templates/family_assistance.md",
        "rules/family_assistance.yml",
    } <= names
    assert str(ROOT) not in json.dumps(prov, ensure_ascii=False)  # nothing of the checkout
    assert prov["lock"]["installed_as_locked"] == "tak"
    assert "Wójt Gminy Modrzewie" in (workspace / "output" / "2025" / "report.html").read_text(encoding="utf-8")
