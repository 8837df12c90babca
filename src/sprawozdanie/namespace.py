"""What runs inside a warm kernel between two notebooks (``execute.PROLOGUE``)."""

from __future__ import annotations

import gc


def fresh() -> None:
    """The namespace as a new kernel has it, and no file recorded as read: IPython's
    ``%reset -f`` without the full garbage collection it ends with (0.1 s per notebook on a
    heap that holds pandas; Python still collects on its own schedule, and what a notebook
    left is released by reference counting as the names go)."""
    from IPython import get_ipython

    from . import cache

    collect = gc.collect
    gc.collect = lambda generation=2: 0  # (only for the reset below: displayhook.flush calls it)
    try:
        get_ipython().reset(new_session=True)
    finally:
        gc.collect = collect
    cache.READS.clear()
