"""Fixtures shared by every test package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import KNOWLEDGE, base_env, run_cli


@pytest.fixture(scope="session")
def hash_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the shipped knowledge base built with the deterministic embedder (fast, no model)."""
    folder = tmp_path_factory.mktemp("hash-index")
    result = run_cli(["ingest"], base_env(folder))
    assert result.returncode == 0, result.stderr
    return folder


def _copy_index(hash_index: Path, folder: Path) -> Path:
    target = folder / "index"
    shutil.copytree(hash_index, target)
    return target


@pytest.fixture
def index_copy(hash_index: Path, tmp_path: Path) -> Path:
    """A private copy of the hash index, for a test that writes feedback, usage or server logs."""
    return _copy_index(hash_index, tmp_path)


@pytest.fixture(scope="module")
def module_index(hash_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the hash index for one module's server (it writes usage, feedback and its log)."""
    return _copy_index(hash_index, tmp_path_factory.mktemp("module-index"))


@pytest.fixture
def env(index_copy: Path) -> dict[str, str]:
    return base_env(index_copy)


@pytest.fixture(scope="session")
def model_settings(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Settings for an index of the shipped knowledge base built with the real embedding model (once a run)."""
    from bot.settings import Settings
    from ingest.cli import ingest

    folder = tmp_path_factory.mktemp("model-index")
    settings = Settings(POLICYBOT_INDEX_DIR=folder, POLICYBOT_KNOWLEDGE_DIR=KNOWLEDGE)
    report = ingest(settings)
    assert report.errors == [], report.errors
    return settings


@pytest.fixture(scope="session")
def engine(model_settings):  # type: ignore[no-untyped-def]
    """The real engine on the real model, loaded once for the run."""
    from bot.app import build_engine

    built = build_engine(model_settings)
    built.parts()
    return built
