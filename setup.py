"""Packaging beyond pyproject.toml: the app's own files travel inside the package.

``app.py``, ``app_pages/`` and ``.streamlit/config.toml`` stay at the top of the checkout,
where ``make run`` and Streamlit expect them; a built package carries copies of them under
``resnet_viz/serving/site/``, so ``resnet-viz serve`` works from an installed copy too.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: What the server runs, relative to the checkout (and to the site inside the package).
SITE_FILES = ("app.py", "app_pages", ".streamlit/config.toml")


class BuildWithSite(build_py):
    """``build_py``, then the app's files copied beside the built package."""

    def run(self) -> None:
        super().run()
        site = Path(self.build_lib) / "resnet_viz" / "serving" / "site"
        for name in SITE_FILES:
            source, target = ROOT / name, site / name
            if source.is_dir():
                shutil.copytree(
                    source,
                    target,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)


setup(cmdclass={"build_py": BuildWithSite})
