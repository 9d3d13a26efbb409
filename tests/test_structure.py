"""The shape the project keeps beyond its imports (import-linter's contracts in pyproject.toml,
run by `make lint`, state those): the page files, no pages/ folder, modules short enough to read."""

from __future__ import annotations

from conftest import ROOT

LIBRARY = ROOT / "resnet_viz"


def test_the_pages_are_the_eight_page_files() -> None:
    """What pages may import is import-linter's to say (pyproject.toml, run by `make lint`)."""
    pages = sorted(path for path in (ROOT / "app_pages").glob("*.py") if path.stem != "__init__")
    assert [page.name for page in pages] == [
        "architecture.py",
        "compare.py",
        "glossary.py",
        "home.py",
        "inference.py",
        "lab.py",
        "practice.py",
        "yours.py",
    ]


def test_no_pages_folder() -> None:
    """A folder named pages/ would switch Streamlit into its legacy multipage mode."""
    assert not (ROOT / "pages").exists()


def test_library_modules_stay_small_enough_to_read() -> None:
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in LIBRARY.rglob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > 320} == {}
