"""The files a year's report is made from and where each came from: the year's data folder
and the prior year's (checked to be this municipality's), every input the build read (the
office's tables, texts, structure and rules, this year's and the prior year's), and the tool's
own files; recorded in ``provenance.json``, which the annex prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import structure
from .params import Params
from .paths import shown
from .project import Project


def data_folders(p: Params, project: Project) -> tuple[Path, Path | None]:
    """The year's data folder and the prior year's one to compare with (None: no prior
    year named, or no folder for it), each checked to be this municipality's."""
    from . import owner

    data_dir = p.data_path(project.root)
    name, teryt = p.municipality.name, p.municipality.teryt
    if data_dir.is_dir():  # (a missing folder is reported with the inputs)
        owner.check_year_folder(data_dir, teryt, name, shown(data_dir, project.root))
    prior = p.prior_data_path(project.root)
    if prior is None or not prior.is_dir():
        return data_dir, None
    owner.check_prior_folder(prior, teryt, name, shown(prior, project.root))
    return data_dir, prior


def report_inputs(project: Project, data_dir: Path, prior_dir: Path | None, texts) -> list[Path]:
    """Every input file a build read (``data_dir``, ``prior_dir``: as ``data_folders`` gives
    them): the registry's tables, the own chapters' tables, structure.yml, the year's rules,
    disagreements and reconstruction manifest, whose data they are (``gmina.yml``), the prior
    year's files that exist, and the office texts (``texts``, as checked in the build's first
    step)."""
    from . import checks, disagreements, own_chapter, owner, reconstructed
    from .schema import registry

    inputs = [data_dir / t.file for t in registry().tables.values()]
    inputs += [data_dir / spec.file for spec in own_chapter.specs(project.root).values() if spec.file]
    if (project.root / structure.FILE).is_file():  # the chapters, their order and titles, own tables' columns
        inputs.append(project.root / structure.FILE)
    inputs += [
        data_dir / f
        for f in (disagreements.FILE, checks.DATA_RULES_FILE, reconstructed.FILE)
        if (data_dir / f).is_file()
    ]
    inputs.append(data_dir / owner.FILE)  # whose data they are
    if prior_dir is not None:  # the prior year's files that exist are read too
        inputs += [prior_dir / t.file for t in registry().tables.values() if (prior_dir / t.file).is_file()]
        inputs.append(prior_dir / owner.FILE)
        if (prior_dir / reconstructed.FILE).is_file():
            inputs.append(prior_dir / reconstructed.FILE)
    return inputs + [t.path for t in texts]


def tool_files(project: Project) -> list[Path]:
    """The tool's own files the build used (its configuration, notebooks, templates)."""
    from .present.template_files import LEXICON, TEMPLATES, template_names

    return [
        project.tool / "_quarto.yml",
        *(project.tool / c for c in project.chapters() if (project.tool / c).is_file()),
        project.tool / TEMPLATES / LEXICON,
        *template_names(project.tool),
    ]


def write_provenance(project: Project, p: Params, inputs: list[Path], texts, renderer: dict, folder: Path) -> dict:
    """``provenance.json`` in ``folder``: the hash of every input (``report_inputs``) and of
    the params, the tool's files and where they came from, the versions (``renderer``: what
    rendered), how each input was written (encoding, separator) and the texts still marked for
    review; returned as written."""
    from . import provenance
    from .load import DIALECTS

    prov = provenance.collect(project.root, project.params_file(p.year), inputs, renderer)
    prov["tool"] = provenance.tool_state(project.tool, tool_files(project))
    built_at = prov.pop("built_at")  # kept last, so that it can be left out when comparing
    # how each input was written (encoding, separator), as detected when it was read
    prov["dialects"] = {
        shown(f, project.root): DIALECTS[str(f.resolve())].describe()
        for f in sorted(inputs)
        if str(f.resolve()) in DIALECTS
    }
    prov["texts_for_review"] = sorted(shown(t.path, project.root) for t in texts if t.for_review)
    prov["built_at"] = built_at
    (folder / "provenance.json").write_text(json.dumps(prov, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return prov
