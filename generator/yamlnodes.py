"""YAML read with its line marks: the data and the node tree from one parse.

The catalogue, the Swing mapping and the importers' source list all need both: the data to
use and the nodes to say on which line a problem is. This module parses once for both.
"""
from __future__ import annotations

from typing import Any

import yaml

from .errors import Problem


def compose(text: str) -> tuple[Any, yaml.Node | None]:
    """(data, root node) of one YAML document; raises ``yaml.YAMLError`` on bad YAML."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        return (loader.construct_document(root) if root is not None else None), root
    finally:
        loader.dispose()


def error_line(err: yaml.MarkedYAMLError) -> int:
    """The 1-based line a YAML error points at (0 when it points nowhere)."""
    mark = err.problem_mark or err.context_mark
    return mark.line + 1 if mark else 0


def yaml_problem(err: yaml.MarkedYAMLError, shown: str) -> Problem:
    """A YAML syntax error as a problem at its line."""
    return Problem(shown, error_line(err), f"ongeldige YAML: {err.problem or err.context}")
