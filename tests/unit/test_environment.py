"""environment.yml (conda) and pyproject.toml (pip) declare the same dependencies."""

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CONDA_ONLY = {"python", "pip", "quarto"}  # the interpreter, the installer, the renderer


def test_conda_and_pip_dependencies_match():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_deps = set(project["dependencies"]) | set(project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip_section = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section |= {d for d in dep["pip"] if not d.startswith("-e")}
        elif dep.split(">")[0].split("=")[0] not in CONDA_ONLY:
            conda.add(dep)
    assert conda | pip_section == pip_deps
    assert not conda & pip_section
    assert "quarto" in {str(d).split(">")[0] for d in env["dependencies"]}
