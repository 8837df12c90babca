"""Where the report's templates are, by name: what the build's no-change check hashes and
the provenance lists, without importing the template engine (Jinja, the ledger's markup and,
through it, numpy), which a rebuild with nothing to do never needs."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

TEMPLATES = "templates"
LEXICON = "lexicon.yml"
SUFFIX = ".md"
# Templates the build fills itself (not a notebook): the council's "Kontrola obliczeń", the
# auditors' annex (render/appendix.py), the passage on tasks not carried out, an own chapter.
DOCUMENT_TEMPLATES = ("kontrola_obliczen", "aneks", "zadania_niezrealizowane", "wlasny_rozdzial")


def template_names(root: Path) -> Iterable[Path]:
    """The chapter templates (named by their chapter's id: ``foster_care_families.md``) and
    the ones the build fills; not the writers' README."""
    documents = [root / TEMPLATES / f"{name}{SUFFIX}" for name in DOCUMENT_TEMPLATES]
    chapters = sorted(p for p in (root / TEMPLATES).glob(f"*{SUFFIX}") if p not in documents and p.name != "README.md")
    return [*chapters, *(p for p in documents if p.is_file())]
