"""The example notebook, run as a user runs it: nbclient drives a real ipykernel from an empty
directory, and each cell's output is checked against the numbers the pages show."""

from __future__ import annotations

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

NOTEBOOK = ROOT / "examples" / "tour.ipynb"


def _shown(cell: nbformat.NotebookNode) -> dict[str, str]:
    """What a cell showed as its result, by MIME type."""
    (result,) = [output for output in cell.outputs if output.output_type == "execute_result"]
    return dict(result["data"])


def _text(cell: nbformat.NotebookNode) -> str:
    """Everything a cell printed or showed as text."""
    parts = []
    for output in cell.outputs:
        assert output.output_type != "error", "\n".join(output.get("traceback", []))
        if output.get("name") != "stderr":  # the build log's lines
            parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@pytest.mark.slow
@pytest.mark.dot
def test_the_tour_notebook_runs_and_shows_the_pages_numbers(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    drawn = _shown(cells[1])
    assert drawn["image/svg+xml"].startswith("<svg") and "layer3" in drawn["image/svg+xml"]
    assert (tmp_path / "resnet18-layer2-block0.png").read_bytes()[:4] == b"\x89PNG"
    assert drawn["text/plain"] == "<Diagram resnet50: blocks>"
    assert "text/html" in _shown(cells[3])  # the stage table, as a DataFrame
    assert _text(cells[4]) == "25,557,032 parameters\n"  # torchvision's resnet50
    assert "- " in _text(cells[5]) and "group" in _text(cells[5])
    said = _text(cells[7])
    assert "the common CIFAR code's names (shortcut, linear)" in said
    assert "The same layers as resnet20, named differently" not in said  # its option is B
    assert "Its outputs equal our build's with its weights" in said
    assert _text(cells[8]) == "(True, (3, 3, 3), 'B')"
    assert "layer2.0.shortcut.0.weight" in _text(cells[9])
    assert _shown(cells[10])["image/svg+xml"].startswith("<svg")
