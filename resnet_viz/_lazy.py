"""Names a package re-exports from modules that import torch, loaded on first use.

Importing a package (as every page does) must not wait for torch, which takes seconds; a
package's ``__getattr__`` (PEP 562) made here imports the defining module when a name of it is
first asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, defined_in: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name in ``defined_in`` comes from the
    module named beside it (relative to the package)."""

    def attribute(name: str) -> Any:
        module = defined_in.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module, package), name)

    return attribute
