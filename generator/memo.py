"""Reuse of a pure step's result across builds, keyed on everything the step reads.

A stage whose step is a pure function of its arguments (``maps._figures``, ``embed.indicator_svg``)
takes a ``Memo``: ``memo(function, *args)`` returns ``function(*args)``, from an earlier build when
the function and every argument are the same (``buildcache.BuildCache.memo``: the key is also the
code version, so a changed line of code or template is another key). The key is made of the very
arguments the function gets, so no input can be left out of it, as long as the function reads
nothing else (no globals that change between builds, no files). ``fingerprint`` says what "the
same" means: a DataFrame by its cells, index, column names and types; containers element by
element; anything else by its ``repr`` (frozen dataclasses such as ``catalogue.Indicator`` list
every field). Tests and one-off calls use ``compute``, which always calls the function.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar

import pandas as pd

T = TypeVar("T")


class Memo(Protocol):
    """``memo(function, *args)``: ``function(*args)``, or its stored value for the same function and args."""

    def __call__(self, function: Callable[..., T], *args: object) -> T: ...


def compute(function: Callable[..., T], *args: object) -> T:
    """The memo that remembers nothing."""
    return function(*args)


def name_of(function: Callable) -> str:
    """``module.qualname`` of a module-level function (the kind of its stored results)."""
    name = f"{function.__module__}.{function.__qualname__}"
    if "<" in name:  # a lambda or a nested function may close over inputs the key would not see
        raise ValueError(f"{name}: alleen functies op moduleniveau kunnen onthouden worden")
    return name


def fingerprint(value: object) -> bytes:
    """A sha256 of ``value`` that changes when anything a function could read of it changes."""
    h = hashlib.sha256()
    _feed(h, value)
    return h.digest()


def _feed(h: hashlib._Hash, value: object) -> None:
    if isinstance(value, pd.DataFrame):
        cells = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        _feed(h, ("DataFrame", list(map(str, value.columns)), list(value.dtypes.astype(str)), len(value)))
        h.update(hashlib.sha256(cells).digest())
    elif isinstance(value, Mapping):
        h.update(f"{type(value).__name__}{{{len(value)}".encode())
        for key, item in value.items():
            _feed(h, key)
            _feed(h, item)
    elif isinstance(value, (list, tuple)):
        h.update(f"{type(value).__name__}[{len(value)}".encode())
        for item in value:
            _feed(h, item)
    else:
        text = f"{type(value).__qualname__}:{value!r}".encode()
        h.update(f"{len(text)}\0".encode() + text)
