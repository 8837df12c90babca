"""How a path is shown to the analyst and recorded for auditors.

``data_dir`` may be any folder (a shared drive, an absolute path outside the project), so
a path is shown relative to the project only when it lies inside it.
"""

from __future__ import annotations

from pathlib import Path


def shown(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it is inside it, else absolute.

    >>> shown(Path("/p/data/2025/a.csv"), Path("/p")), shown(Path("/mnt/dysk/a.csv"), Path("/p"))
    ('data/2025/a.csv', '/mnt/dysk/a.csv')
    """
    path, root = Path(path), Path(root)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
