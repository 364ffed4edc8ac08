"""Fixtures for ingest tests: a small knowledge folder of real documents, and an index handle on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.embedder import HashEmbedder
from bot.core.index import KnowledgeIndex
from bot.settings import Settings
from ingest.pipeline import IngestReport, run_ingest
from tests.helpers import KNOWLEDGE

SAMPLE = [
    "nsw-ombudsman-social-media.md",
    "apsc-public-comment.md",
    "nsw-ombudsman-article.txt",
    "nsw-ombudsman-article.meta.yaml",
]


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    (folder / "sources").mkdir(parents=True)
    for name in SAMPLE:
        shutil.copy(KNOWLEDGE / "sources" / name, folder / "sources" / name)
    for name in ("faq.yaml", "signals.yaml", "scope.yaml"):
        shutil.copy(KNOWLEDGE / name, folder / name)
    return folder


@pytest.fixture
def settings(tmp_path: Path, knowledge: Path) -> Settings:
    return Settings(
        POLICYBOT_INDEX_DIR=tmp_path / "index", POLICYBOT_KNOWLEDGE_DIR=knowledge, POLICYBOT_EMBEDDER="hash"
    )


class Ingester:
    """Runs the pipeline in process with the deterministic embedder, counting embedder loads."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.loads = 0

    def index(self) -> KnowledgeIndex:
        return KnowledgeIndex.open(self.settings)

    def run(self, *, rebuild: bool = False, embedder: object | None = None) -> IngestReport:
        def factory():  # type: ignore[no-untyped-def]
            self.loads += 1
            return embedder or HashEmbedder()

        probe = HashEmbedder()
        return run_ingest(
            self.index(),
            self.settings.knowledge_dir,
            factory,
            embedder_name=probe.name,
            embedder_dim=probe.dim,
            rebuild=rebuild,
        )

    def chunks(self):  # type: ignore[no-untyped-def]
        index = self.index()
        state = index.state()
        assert state is not None
        return index.live_chunks(state)[0]


@pytest.fixture
def ingester(settings: Settings) -> Ingester:
    return Ingester(settings)
