"""Fixtures shared by every test package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import base_env, run_cli


@pytest.fixture(scope="session")
def hash_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the shipped knowledge base built with the deterministic embedder (fast, no model)."""
    folder = tmp_path_factory.mktemp("hash-index")
    result = run_cli(["ingest"], base_env(folder))
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def index_copy(hash_index: Path, tmp_path: Path) -> Path:
    """A private copy of the hash index, for a test that writes feedback, usage or server logs."""
    target = tmp_path / "index"
    shutil.copytree(hash_index, target)
    return target


@pytest.fixture
def env(index_copy: Path) -> dict[str, str]:
    return base_env(index_copy)
