"""Two languages, one lookup: English and Simplified Chinese texts by key.

Every user-facing text lives in one catalogue per language (the folders ``en/`` and ``zh/``
beside this file, a TOML file per area), looked up by a dotted key (``"arch.title"``). A key
missing in Chinese falls back to English, so a page never shows a bare key; the tests fail on
any key missing in either.

Everything that words things (pages, chart titles, the diagram legend, error messages) calls
the one ``t(key)`` and gets the current language: inside ``with use(lang):`` that language
(functions whose results are cached take it as an argument, so a cache never serves one
language's text to the other), else the one the registered source names (the app registers
the visitor's choice with ``follow``, read afresh on every call, so callbacks and fragment
reruns word things right too), else English.
The glossary (``TERMS``) pairs the terms of residual networks in both languages.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from ._glossary import TERMS, Term

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "TERMS",
    "Deferred",
    "Language",
    "Term",
    "catalogue",
    "current_language",
    "follow",
    "language_for_locale",
    "parse_language",
    "t",
    "t_count",
    "use",
]

Language = Literal["en", "zh"]
#: Each language by its own name, as the language picker shows it.
LANGUAGES: dict[Language, str] = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE: Language = "en"
_HERE = Path(__file__).resolve().parent
_CHOSEN: ContextVar[Language | None] = ContextVar("resnet_viz_language", default=None)
_SOURCES: list[Callable[[], Language | None]] = []


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat |= _flatten(value, key + ".")
        else:
            flat[key] = str(value)
    return flat


@cache
def catalogue(language: Language) -> dict[str, str]:
    """Every text of one language by dotted key, read once from its folder: one TOML file
    per area, whose name is the key's first part (``en/arch.toml`` holds ``arch.*``)."""
    texts: dict[str, str] = {}
    for part in sorted((_HERE / language).glob("*.toml")):
        with part.open("rb") as file:
            texts |= _flatten(tomllib.load(file), part.stem + ".")
    return texts


def current_language() -> Language:
    """The language of ``use``, else of the registered source, else English."""
    chosen = _CHOSEN.get()
    if chosen is None and _SOURCES:
        chosen = _SOURCES[-1]()
    return chosen or DEFAULT_LANGUAGE


def follow(source: Callable[[], Language | None]) -> None:
    """Take the current language from ``source`` (None: it has none to give), asked on
    every lookup outside ``use``. The latest source wins; one is enough for a process."""
    _SOURCES.append(source)


@contextmanager
def use(language: Language) -> Iterator[None]:
    """Word everything inside in ``language`` (for cached work that takes it as an argument)."""
    token = _CHOSEN.set(language)
    try:
        yield
    finally:
        _CHOSEN.reset(token)


def t(key: str, language: Language | None = None, /, **params: Any) -> str:
    """The text for ``key`` in the given (else the current) language, English where missing,
    with ``{name}`` fields filled from ``params``. An unknown key shows itself, never crashes."""
    chosen = language or current_language()
    text = catalogue(chosen).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**params) if params else text


def t_count(key: str, count: int, language: Language | None = None, /, **params: Any) -> str:
    """``t`` for a sentence about ``count`` things: the ``<key>_one`` wording when there is
    one thing and the catalogues word it apart ("1 basic block"), else ``key``."""
    if count == 1 and f"{key}_one" in catalogue(DEFAULT_LANGUAGE):
        key = f"{key}_one"
    return t(key, language, count=count, **params)


@dataclass(frozen=True)
class Deferred:
    """A text worded when it is shown, not when it is made: for descriptions kept in objects
    that every session shares (a cached model's "where the weights came from")."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: Any) -> Deferred:
        return cls(key, tuple(params.items()))

    def __str__(self) -> str:
        return t(self.key, **dict(self.params))


def parse_language(value: object) -> Language | None:
    """A language code from a link (``lang=zh``), or None when it names no language we have."""
    text = str(value).strip().lower()[:8]
    for language in get_args(Language):
        if text == language:
            return language
    return None


def language_for_locale(locale: str | None) -> Language:
    """The app's language for a browser locale: Chinese for any ``zh`` locale, else English."""
    if locale and locale.strip().lower().replace("_", "-").split("-")[0] == "zh":
        return "zh"
    return DEFAULT_LANGUAGE
