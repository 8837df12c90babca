"""Chapter modules: each turns validated input frames into a ledger of values.

``MODULES`` lists them in report order; ``sprawozdanie check`` computes them in-process,
the build runs them through the notebooks.
"""

from . import family_assistance

MODULES = (family_assistance,)
