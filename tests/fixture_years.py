"""Fixture years: small variations of a real year, described in ``tests/fixtures/years/<name>/``.

A fixture folder holds ``fixture.yml`` and, optionally, ``data/`` and ``params.yml``.
Building one starts from a copy of the project, then:

- ``base``: the year whose ``data/`` and ``params/`` are copied (default 2025);
- ``from_scratch``: ``true`` for a municipality that owes nothing to the project's data: its
  ``data/`` and ``params/`` are replaced by the fixture's own, as an analyst starts a first
  year: ``params/<base>.yml`` is the fixture's ``params.yml`` as a whole file (not merged),
  ``data/<base>/`` holds the empty templates ``new-year`` writes (every table's header row)
  and ``gmina.yml`` from the params, then the fixture's ``data/`` files fill them;
- ``remove``: data files deleted (e.g. an optional file the municipality does not keep);
- ``set_counts``: ``{glob: n}`` sets every count and money value of the matching input files
  to ``n`` (0 or 1 exercise the narrative's plural and empty forms);
- ``empty``: data files cut to their header row (a register with no rows);
- ``keep_rows``: ``{file: n}`` keeps the first ``n`` data rows of a file (a one-row table);
- ``append``: ``{file: [row, …]}`` rows (column: value) added at the end of a file;
- ``set_columns``: ``{file: {column: value}}`` one value for a whole column (e.g. every case
  led by one assistant);
- ``data/``: files copied over the year's data (e.g. a new institution, a one-row table);
- ``params.yml``: deep-merged over the year's params (another municipality's names), or the
  whole params file with ``from_scratch``;
- ``prior``: ``keep`` (default) or ``drop`` (no prior-year folder at all);
- ``chapters``: the ids of the chapters built (``sprawozdanie chapters``), when not all of them;
- ``expect``: what the rendered text must ``contain`` and must not (``absent``; regexes), and
  ``figures``: the captions of the charts drawn, in order.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import yaml

from sprawozdanie.build import Project
from sprawozdanie.schema import registry

from .conftest import copy_project, use_chapters

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "years"


def fixture_names() -> list[str]:
    return sorted(d.name for d in FIXTURES.iterdir() if (d / "fixture.yml").is_file())


def spec_of(name: str) -> dict:
    return yaml.safe_load((FIXTURES / name / "fixture.yml").read_text(encoding="utf-8")) or {}


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _set_counts(path: Path, value: int) -> None:
    """Every count and money column of a declared input file set to ``value`` (blanks kept)."""
    table = next((t for t in registry().tables.values() if t.file == path.name), None)
    if table is None:
        return
    df = pd.read_csv(path, dtype="string", keep_default_na=False)
    for col in table.columns:
        if registry().fields[col].type in ("count", "money"):
            df[col] = df[col].where(df[col] == "", str(value))
    df.to_csv(path, index=False, lineterminator="\n")


def _start_from_scratch(dest: Path, folder: Path, year: int) -> None:
    """The project's own years removed; the fixture's params and ``new-year``'s empty
    templates (header rows, ``gmina.yml``) in their place. ``new_year()`` itself is not
    called: it starts from an earlier year's params, which a first year does not have."""
    from sprawozdanie import owner
    from sprawozdanie.newyear import _template
    from sprawozdanie.params import load_params

    for path in (dest / "data").iterdir():
        if path.is_dir():
            shutil.rmtree(path)
    for path in (dest / "params").glob("*.yml"):
        path.unlink()
    (dest / "structure.yml").unlink(missing_ok=True)  # a first year: the tool's default chapters
    params_file = dest / "params" / f"{year}.yml"
    shutil.copyfile(folder / "params.yml", params_file)
    params = load_params(params_file, year)
    data = params.data_path(dest)
    if data != dest / "data" / str(year):
        raise ValueError(f"{folder.name}/params.yml: data_dir must be data/{year}")
    data.mkdir(parents=True)
    (data / owner.FILE).write_text(owner.text(params.municipality.teryt, params.municipality.name), encoding="utf-8")
    for table in registry().tables.values():
        _template(data / table.file, table.columns)


def make_fixture_project(name: str, dest: Path) -> tuple[Project, int, dict]:
    """A project in ``dest`` holding fixture ``name``; returns it, the year to build and the spec."""
    spec = spec_of(name)
    folder = FIXTURES / name
    project = copy_project(dest)
    # Built as the base year itself: the registers' dates belong to it.
    year = int(spec.get("base", 2025))
    data = dest / "data" / str(year)
    if spec.get("from_scratch"):
        _start_from_scratch(dest, folder, year)
    if spec.get("prior", "keep") == "drop":
        shutil.rmtree(dest / "data" / str(year - 1), ignore_errors=True)
    for pattern, value in (spec.get("set_counts") or {}).items():
        for path in sorted(data.glob(pattern)):
            _set_counts(path, int(value))
    cuts = {**{file: 0 for file in spec.get("empty", [])}, **(spec.get("keep_rows") or {})}
    for file, n in cuts.items():
        path = data / file
        df = pd.read_csv(path, dtype="string", keep_default_na=False)
        df.head(int(n)).to_csv(path, index=False, lineterminator="\n")
    for file, rows in (spec.get("append") or {}).items():
        path = data / file
        df = pd.read_csv(path, dtype="string", keep_default_na=False)
        extra = pd.DataFrame([{k: str(v) for k, v in row.items()} for row in rows], columns=df.columns).fillna("")
        pd.concat([df, extra]).to_csv(path, index=False, lineterminator="\n")
    for file, columns in (spec.get("set_columns") or {}).items():
        path = data / file
        df = pd.read_csv(path, dtype="string", keep_default_na=False)
        for column, value in columns.items():
            df[column] = str(value)
        df.to_csv(path, index=False, lineterminator="\n")
    for file in spec.get("remove", []):
        if (data / file).is_dir():  # e.g. teksty/: an office that wrote no texts of its own
            shutil.rmtree(data / file)
        else:
            (data / file).unlink()
    if (folder / "data").is_dir():
        shutil.copytree(folder / "data", data, dirs_exist_ok=True)
    if (folder / "params.yml").is_file() and not spec.get("from_scratch"):
        params_file = dest / "params" / f"{year}.yml"
        params = yaml.safe_load(params_file.read_text(encoding="utf-8"))
        over = yaml.safe_load((folder / "params.yml").read_text(encoding="utf-8"))
        params_file.write_text(yaml.safe_dump(_merge(params, over), allow_unicode=True), encoding="utf-8")
    if spec.get("chapters"):
        if not all(isinstance(c, str) for c in spec["chapters"]):
            raise ValueError(f"{name}: list the chapters' ids in fixture.yml, {spec['chapters']}")
        use_chapters(dest, lambda c: c == "index.qmd" or Path(c).stem in spec["chapters"])
    return project, year, spec
