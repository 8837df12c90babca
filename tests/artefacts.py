"""Where tests leave files for a person to look at (screenshots, PDF pages)."""

from pathlib import Path

ARTEFACTS = Path(__file__).resolve().parents[1] / "output" / "test-artefacts"


def artefact_dir(name: str) -> Path:
    path = ARTEFACTS / name
    path.mkdir(parents=True, exist_ok=True)
    return path
