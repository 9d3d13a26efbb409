"""The photos one run classifies: uploads, a camera shot and the bundled samples, named uniquely."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

__all__ = ["DEMO_SAMPLE", "SAMPLES_DIR", "NamedFile", "collect_files", "sample_names"]

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
#: Shown when nothing is chosen yet, so the page is never empty.
DEMO_SAMPLE = "puppies.jpg"


class NamedFile(Protocol):
    """An uploaded file as Streamlit hands it over: a name and its bytes."""

    name: str

    def getvalue(self) -> bytes: ...


def sample_names() -> list[str]:
    """The bundled sample photos, by file name."""
    return sorted(path.name for path in SAMPLES_DIR.glob("*.jpg"))


def collect_files(
    uploaded: Sequence[NamedFile] | None, camera: NamedFile | None, samples: list[str]
) -> list[tuple[str, bytes]]:
    """Every chosen image as (unique name, bytes): uploads, the camera shot, sample photos.

    Sample names are checked against the bundled files, so no path from outside is read.
    """
    files = [(upload.name, upload.getvalue()) for upload in uploaded or []]
    if camera is not None:
        files.append(("camera.jpg", camera.getvalue()))
    known = set(sample_names())
    files += [(name, (SAMPLES_DIR / name).read_bytes()) for name in samples if name in known]
    seen: dict[str, int] = {}
    unique = []
    for name, data in files:
        seen[name] = seen.get(name, 0) + 1
        unique.append((name if seen[name] == 1 else f"{name} ({seen[name]})", data))
    return unique
