"""The shape the project keeps: Streamlit only in resnet_viz/ui/, pages that only call it."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

LIBRARY = ROOT / "resnet_viz"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved against its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
    return found


def test_streamlit_is_imported_only_by_the_ui_package() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in LIBRARY.rglob("*.py")
        if "ui" not in path.relative_to(LIBRARY).parts[:1]
        and any(name.split(".")[0] == "streamlit" for name in imported_modules(path))
    ]
    assert offenders == []


def test_pages_call_the_ui_package_and_import_no_torch() -> None:
    pages = sorted((ROOT / "app_pages").glob("*.py"))
    assert [page.name for page in pages] == [
        "architecture.py",
        "compare.py",
        "glossary.py",
        "home.py",
        "inference.py",
        "lab.py",
    ]
    for page in pages:
        modules = imported_modules(page)
        assert not {m for m in modules if m.split(".")[0] in ("torch", "torchvision")}, page
        assert all(m.startswith("resnet_viz.ui") for m in modules if m.startswith("resnet_viz"))


def test_no_pages_folder() -> None:
    """A folder named pages/ would switch Streamlit into its legacy multipage mode."""
    assert not (ROOT / "pages").exists()


def test_library_modules_stay_small_enough_to_read() -> None:
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in LIBRARY.rglob("*.py")
    }
    assert {name: n for name, n in lengths.items() if n > 320} == {}
