"""pyproject.toml (what the package needs), requirements.lock (what pip installs: every
package at one version, with hashes) and environment.yml (the conda route) agree; the
installed packages are the locked ones; the PDF uses only the fonts inside Typst."""

import hashlib
import re
import sys
import tomllib
from importlib import metadata, resources
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from sprawozdanie import provenance

ROOT = Path(__file__).resolve().parents[2]
CONDA_ONLY = {"python", "pip", "quarto"}  # the interpreter, the installer, the renderer


def declared() -> list[Requirement]:
    """pyproject's runtime and dev dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(d) for d in project["dependencies"] + project["optional-dependencies"]["dev"]]


def build_requirements() -> list[Requirement]:
    """What `pip install --no-build-isolation -e .` builds the package with."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(d) for d in pyproject["build-system"]["requires"]]


def lock_text() -> str:
    return (ROOT / provenance.LOCK_FILE).read_text(encoding="utf-8")


def locked() -> dict[str, list[Requirement]]:
    """Normalised name → its pins in the lock (a universal lock may have one per marker)."""
    out: dict[str, list[Requirement]] = {}
    for req in provenance.lock_requirements(lock_text()):
        out.setdefault(canonicalize_name(req.name), []).append(req)
    return out


def pinned_version(req: Requirement) -> Version:
    (spec,) = req.specifier
    assert spec.operator == "==", f"{req} is not pinned to one version"
    return Version(spec.version)


def conda_entries() -> tuple[dict[str, str], dict[str, str], list]:
    """environment.yml's conda and pip sections as name → the whole entry, and all entries."""
    deps = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))["dependencies"]
    conda, pip_section = {}, {}
    for dep in deps:
        if isinstance(dep, dict):
            pip_section |= {canonicalize_name(Requirement(d).name): d for d in dep["pip"] if not d.startswith("-e")}
        else:
            name = re.split(r"[<>=!~ ]", dep, maxsplit=1)[0]
            if name not in CONDA_ONLY:
                conda[canonicalize_name(name)] = dep
    return conda, pip_section, deps


def test_conda_and_pip_dependencies_match():
    conda, pip_section, deps = conda_entries()
    assert set(conda) | set(pip_section) == {canonicalize_name(r.name) for r in declared()}
    assert not set(conda) & set(pip_section)
    assert "quarto" in {re.split(r"[<>=]", str(d))[0] for d in deps}


def test_lock_pins_every_dependency_within_pyprojects_range():
    pins = locked()
    for req in declared() + build_requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in {provenance.LOCK_FILE}: run `make lock`"
        for pin in pins[name]:
            assert req.specifier.contains(pinned_version(pin), prereleases=True), (
                f"{provenance.LOCK_FILE} pins {pin}, outside pyproject.toml's {req}: run `make lock`"
            )
        # whatever the markers, this interpreter installs exactly one version of it
        assert len([p for p in pins[name] if p.marker is None or p.marker.evaluate()]) == 1, name


def test_every_locked_package_has_a_hash():
    """`pip install --require-hashes` refuses a lock with a pin that has none."""
    entries = re.split(r"\n(?=[a-z0-9])", lock_text().split("\n", 2)[2], flags=re.I)
    assert len(entries) == len(provenance.lock_requirements(lock_text())) > 50
    for entry in entries:
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), entry.splitlines()[0]


def test_environment_yml_pins_the_locked_versions():
    conda, pip_section, _ = conda_entries()
    pins = locked()
    for name, entry in (conda | pip_section).items():
        version = entry.split("==", 1)[1] if "==" in entry else None
        assert version, f"environment.yml: {entry} is not pinned with =="
        assert {pinned_version(p) for p in pins[name]} == {Version(version)}, (
            f"environment.yml has {entry}, {provenance.LOCK_FILE} {[str(p) for p in pins[name]]}"
        )


def test_installed_dependencies_are_the_locked_versions():
    """The tests run on what the lock pins (both routes pin the direct dependencies alike)."""
    here = provenance.pinned_here(provenance.lock_requirements(lock_text()))
    for req in declared():
        name = canonicalize_name(req.name)
        assert Version(metadata.version(name)) == here[name], f"{name}: run `make setup`"


def test_lock_state_hashes_the_lock_and_names_what_differs(tmp_path):
    assert provenance.lock_state(tmp_path) == {"file": provenance.LOCK_FILE, "sha256": "brak pliku"}

    pytest_version = metadata.version("pytest")
    lock = tmp_path / provenance.LOCK_FILE
    lock.write_text(
        "# header\n"
        f"pytest=={pytest_version} \\\n    --hash=sha256:{'a' * 64}\n"
        f"pyyaml==0.0.1 \\\n    --hash=sha256:{'b' * 64}\n    # via sprawozdanie\n"
        f"no-such-package==1.0 ; python_version < '3' \\\n    --hash=sha256:{'c' * 64}\n",
        encoding="utf-8",
    )
    state = provenance.lock_state(tmp_path)
    assert state["sha256"] == hashlib.sha256(lock.read_bytes()).hexdigest()
    # only pyyaml differs: the pin whose marker does not hold here is not installed, rightly
    assert state["installed_as_locked"] == f"nie: pyyaml {metadata.version('pyyaml')} (w pliku 0.0.1)"

    lock.write_text(
        f"pytest=={pytest_version} \\\n    --hash=sha256:{'a' * 64}\nno-such-package==1.0\n", encoding="utf-8"
    )
    assert provenance.lock_state(tmp_path)["installed_as_locked"] == "nie: no-such-package brak (w pliku 1.0)"


@pytest.mark.skipif(
    (Path(sys.prefix) / "conda-meta").is_dir(),
    reason="conda environment: conda-forge chooses the dependencies of dependencies",
)
def test_this_environment_is_installed_as_locked():
    """Every package pip installs here is the locked one (`make setup` made it so)."""
    assert provenance.lock_state(ROOT)["installed_as_locked"] == "tak"


# --- fonts: Typst gets only the fonts it carries inside ------------------------------------


def test_template_fonts_are_inside_typst():
    import typst

    template = resources.files("sprawozdanie.render").joinpath("assets/report-template.typ").read_text("utf-8")
    fonts = re.findall(r"font:\s*\(([^)]*)\)", template)
    families = {f for group in fonts for f in re.findall(r'"([^"]+)"', group)}
    assert families, "the template sets no font"
    assert families <= set(typst.Fonts(include_system_fonts=False).families())


def test_pdf_uses_only_typsts_own_fonts(tmp_path, monkeypatch):
    from pypdf import PdfReader

    from sprawozdanie.render import embedded

    calls = []
    compile_ = embedded.typst.compile

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return compile_(*args, **kwargs)

    monkeypatch.setattr(embedded.typst, "compile", spy)
    md = tmp_path / "report.md"
    md.write_text("# Zażółć gęślą jaźń\n\nZAŻÓŁĆ GĘŚLĄ JAŹŃ, *kursywa*, **pogrubienie** i `kod`.\n", encoding="utf-8")
    pdf = embedded._pdf(tmp_path, md, {}, [])

    assert calls and all(c.get("ignore_system_fonts") is True for c in calls)
    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Zażółć gęślą jaźń" in text and "ZAŻÓŁĆ GĘŚLĄ JAŹŃ" in text
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert {f.split("-")[0] for f in fonts} == {"LibertinusSerif", "DejaVuSansMono"}, fonts
