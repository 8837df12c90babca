"""Chapter modules: each turns validated input frames into a ledger of values.

A chapter module (named by its chapter's id in ``report/chapters.yml``) defines ``PREFIX`` (its
ledger prefix: the same id),
``TABLES`` (the input tables it reads), ``HEADLINES`` (keys shown in the summary) and
``build(data_dir, year)``; a chapter that follows an office's choice in its params lists the
fields in ``OPTIONS`` and takes them as keywords. ``MODULES`` finds them all; ``sprawozdanie check`` computes them
in-process, the build runs them through the notebooks.
"""

import importlib
import pkgutil


def _discover():
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "PREFIX") and hasattr(module, "build"):
            found.append(module)
    from ..structure import tool_order  # the registry's order

    return tuple(sorted(found, key=lambda m: tool_order(m.PREFIX)))


MODULES = _discover()


def build(module, data_dir, year: int, params=None):
    """Compute ``module``'s chapter as its notebook does: with the params' fields it declares in
    ``OPTIONS`` (e.g. chapter 1's ``end_reason_groups``)."""
    options = {name: getattr(params, name) for name in getattr(module, "OPTIONS", ())} if params else {}
    return module.build(data_dir, year, **options)
