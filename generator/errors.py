"""The generator's exception tree.

Every error the user can cause is a ``GeneratorError``. Validation does not
stop at the first problem: it collects ``Problem`` records (file, line,
message, fix) and raises one ``ValidationError`` carrying all of them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, pointing at where it is."""

    path: str
    line: int  # 0 when the problem concerns the whole file
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        hint = f" ({self.fix})" if self.fix else ""
        return f"{where}: {self.message}{hint}"


class GeneratorError(Exception):
    """Base of every error the generator reports to its user."""

    def __init__(self, message: str, path: str | Path | None = None, line: int = 0, fix: str = ""):
        self.problem = Problem(str(path) if path else "", line, message, fix)
        super().__init__(str(self.problem) if path else message + (f" ({fix})" if fix else ""))

    def __reduce__(self) -> tuple:
        """Pickled with its problem: an error raised in a download worker reaches the build with its file,
        line and fix."""
        p = self.problem
        return type(self), (p.message, p.path or None, p.line, p.fix)


class ValidationError(GeneratorError):
    """The input data or catalogue break the data contract; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        self.problem = self.problems[0] if self.problems else Problem("", 0, "ongeldige invoer")
        Exception.__init__(self, "\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple:
        return type(self), (self.problems,)


class CatalogueError(ValidationError):
    """``indicatoren.yml`` does not match its schema."""


class GeodataError(GeneratorError):
    """Boundary files are missing, corrupt or inconsistent."""


class BuildError(GeneratorError):
    """A later stage (pages, downloads, MkDocs) failed."""


def raise_if(problems: list[Problem], error: type[ValidationError] = ValidationError) -> None:
    """Raise ``error`` carrying all ``problems`` when there are any."""
    if problems:
        raise error(problems)
