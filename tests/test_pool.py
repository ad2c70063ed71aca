"""The forked open data process (downloads/pool.py ``Forked``): its result, its errors and its end
reach the build, which goes on meanwhile."""
from __future__ import annotations

import os
import pickle
import signal
import time
from pathlib import Path

import pytest

from generator.downloads.pool import Forked
from generator.errors import BuildError, GeneratorError, Problem, ValidationError


def write_two(folder: Path) -> list[str]:
    paths = [folder / "a.csv", folder / "b.csv"]
    for p in paths:
        p.write_text(f"{os.getpid()}\n", encoding="utf-8")
    return [str(p) for p in paths]


def test_result_comes_from_another_process(tmp_path):
    child = Forked(lambda: write_two(tmp_path))
    assert child.join() == [str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]
    assert int((tmp_path / "a.csv").read_text()) != os.getpid()


def fail() -> list[str]:
    raise ValidationError([Problem("x.csv", 3, "jaar 20x5 is geen jaartal")])


def test_error_of_the_child_is_raised_in_the_build():
    with pytest.raises(ValidationError, match="x.csv:3") as raised:
        Forked(fail).join()
    assert raised.value.problems == [Problem("x.csv", 3, "jaar 20x5 is geen jaartal")]


@pytest.mark.parametrize("error", [
    GeneratorError("kapot", "a.yml", 4, "herstel het"),
    GeneratorError("zonder plaats"),
    BuildError("mkdocs faalde", fix="kijk in de log"),
    ValidationError([Problem("b.csv", 2, "x"), Problem("a.csv", 1, "y", "z")]),
])
def test_errors_survive_pickling_whole(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error) and back.problem == error.problem


class Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a}/{b}")


def raise_unpicklable() -> list[str]:
    raise Unpicklable(1, 2)


def test_error_that_cannot_be_pickled_keeps_its_text():
    with pytest.raises(RuntimeError, match="Unpicklable: 1/2"):
        Forked(raise_unpicklable).join()


def test_killed_child_is_an_error_not_a_hang():
    child = Forked(lambda: time.sleep(60) or [])
    os.kill(child.process.pid, signal.SIGKILL)
    with pytest.raises(RuntimeError, match="stopte onverwacht"):
        child.join()


def test_cancel_stops_the_child():
    child = Forked(lambda: time.sleep(60) or [])
    start = time.monotonic()
    child.cancel()
    assert not child.process.is_alive() and time.monotonic() - start < 10
