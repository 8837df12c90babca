"""`make system-deps` (its installer is written in the Makefile) on a machine of the project's kind, with apt-get and the tools as stubs:
each missing tool is asked for by itself, a package apt could only install by replacing
what is installed is never installed, and the message names it with apt's reason."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFLICT = "nodejs : Conflicts: npm"

APT_GET = f"""#!/bin/sh
echo "$*" >> "$APT_LOG"
case "$*" in
  *-s*npm*) echo " {CONFLICT}"; echo "E: Unable to correct problems, you have held broken packages."; exit 100;;
esac
exit 0
"""


def stub(folder: Path, name: str, text: str = "#!/bin/sh\nexit 0\n") -> None:
    path = folder / name
    path.write_text(text)
    path.chmod(0o755)


def run(tmp_path: Path, present: list[str], root: bool = True) -> tuple[str, list[str]]:
    """The target's output and apt-get's calls on a PATH holding only ``present`` tools."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ["sh", "grep", "sed", "tail", "make"]:
        os.symlink(
            subprocess.run(
                ["sh", "-c", f"command -v {tool}"], capture_output=True, text=True, check=True
            ).stdout.strip(),
            bin_dir / tool,
        )
    stub(bin_dir, "id", f"#!/bin/sh\necho {0 if root else 1000}\n")
    stub(bin_dir, "apt-get", APT_GET)
    for tool in present:  # fc-list lists the HTML's font
        stub(bin_dir, tool, "#!/bin/sh\necho 'DejaVuSans.ttf: DejaVu Sans:style=Book'\n")
    log = tmp_path / "apt.log"
    log.touch()
    env = {"PATH": str(bin_dir), "APT_LOG": str(log), "TMPDIR": str(tmp_path), "AXE_CORE": "given"}
    out = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "system-deps"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return out.stdout, log.read_text().splitlines()


ALL = ["chromium", "pdftoppm", "pdftotext", "pdfimages", "fc-list", "npm", "npx"]


def test_nothing_missing_asks_apt_nothing(tmp_path):
    stdout, calls = run(tmp_path, ALL)
    assert calls == [] and stdout == "", (stdout, calls)


def test_each_missing_tool_is_installed_by_itself(tmp_path):
    stdout, calls = run(tmp_path, ["fc-list", "npm", "npx"])
    installs = [c for c in calls if c.startswith("install -y")]
    assert installs == ["install -y -qq --no-remove chromium", "install -y -qq --no-remove poppler-utils"], calls
    assert all("--no-remove" in c for c in calls if c.startswith("install")), calls
    assert "installing chromium" in stdout and "installing poppler-utils" in stdout


def test_npm_that_conflicts_with_the_installed_nodejs_is_not_installed_and_named(tmp_path):
    stdout, calls = run(tmp_path, ["chromium", "pdftoppm", "pdftotext", "pdfimages", "fc-list"])
    assert not any(c.startswith("install -y") for c in calls), calls
    assert "npm cannot be installed without changing packages already installed" in stdout
    assert CONFLICT in stdout and "the accessibility test" in stdout and "will be skipped" in stdout


def test_without_root_nothing_is_asked_and_the_tool_named(tmp_path):
    stdout, calls = run(tmp_path, ["fc-list", "npm", "npx"], root=False)
    assert calls == []
    assert "chromium is missing and cannot be installed here (needs root and apt-get)" in stdout
    assert "poppler-utils is missing" in stdout


def test_a_nodejs_from_outside_debian_never_gets_debians_npm_beside_it(tmp_path):
    stdout, calls = run(tmp_path, ["chromium", "pdftoppm", "pdftotext", "pdfimages", "fc-list", "node"])
    assert not any("npm" in c for c in calls), calls
    assert "installed without npm" in stdout and "the accessibility test will be skipped" in stdout


def test_the_target_needs_no_file_but_the_makefile(tmp_path):
    """A machine given the Makefile alone: the installer is in it, and an axe-core folder that is
    not there is named, not handed to npm."""
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "Makefile").write_text((ROOT / "Makefile").read_text(encoding="utf-8"), encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ["sh", "grep", "sed", "tail", "make"]:
        os.symlink(
            subprocess.run(
                ["sh", "-c", f"command -v {tool}"], capture_output=True, text=True, check=True
            ).stdout.strip(),
            bin_dir / tool,
        )
    for tool in ALL:
        stub(bin_dir, tool, "#!/bin/sh\necho 'DejaVuSans.ttf: DejaVu Sans:style=Book'\n")
    out = subprocess.run(
        ["make", "-s", "system-deps"],
        cwd=alone,
        capture_output=True,
        text=True,
        env={"PATH": str(bin_dir), "TMPDIR": str(tmp_path)},
    )
    assert out.returncode == 0 and "cannot open" not in out.stderr, out.stderr
    assert f"{alone}/tests/browser/node/package-lock.json is missing" in out.stdout, out.stdout
