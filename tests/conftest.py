"""Shared fixtures: the boundary files, the catalogue, small data folders."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import make_data_dir

from generator import paths
from generator.catalogue import Catalogue, load_catalogue
from generator.divisions import Divisions, load_divisions


@pytest.fixture(scope="session")
def divisions() -> Divisions:
    return load_divisions(paths.SHARED_GEODATA)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def data_dir(tmp_path, divisions, catalogue):
    """Factory: ``data_dir({"x.csv": "D1,2025,..."})`` → a complete small data folder."""
    def factory(rows: dict[str, str] | None = None, name: str = "data") -> Path:
        return make_data_dir(tmp_path / name, divisions, catalogue, rows)
    return factory
