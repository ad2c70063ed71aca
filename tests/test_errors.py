"""Generator errors survive pickling whole: an error raised in a forked download worker reaches the
build with its file, line and fix (before, a ValidationError came back as the letters of its text)."""
from __future__ import annotations

import pickle

import pytest

from generator.errors import BuildError, CatalogueError, GeneratorError, Problem, ValidationError


@pytest.mark.parametrize("error", [
    GeneratorError("kapot", "a.yml", 4, "herstel het"),
    GeneratorError("zonder plaats"),
    BuildError("mkdocs faalde", fix="kijk in de log"),
    ValidationError([Problem("b.csv", 2, "x"), Problem("a.csv", 1, "y", "z")]),
    CatalogueError([Problem("indicatoren.yml", 7, "onbekend thema")]),
])
def test_errors_survive_pickling_whole(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error) and back.problem == error.problem
    assert getattr(back, "problems", None) == getattr(error, "problems", None)
