"""Loads the engine's parts once: the embedder, the index, the knowledge files, and what is built on them."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from bot.core.answering import Answerer
from bot.core.checkpost import PostChecker
from bot.core.citations import QuoteLocator
from bot.core.embedder import Embedder, make_embedder
from bot.core.faq import FaqMatcher, verified_entries
from bot.core.index import IndexMissing, KnowledgeIndex
from bot.core.knowledge import Knowledge, load_knowledge
from bot.core.retrieval import Retriever
from bot.core.scope import ScopeMatcher
from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Parts:
    knowledge: Knowledge
    embedder: Embedder
    retriever: Retriever
    checker: PostChecker
    answerer: Answerer
    fingerprint: str = ""


KNOWLEDGE_FILES = ("faq.yaml", "signals.yaml", "scope.yaml")


def fingerprint(settings: Settings, index: KnowledgeIndex | None = None) -> str:
    """Changes whenever an ingest changes the index or a knowledge file changes: what `Engine.refresh` watches."""
    index = index or KnowledgeIndex.open(settings)
    state = index.state()
    digest = hashlib.sha256((state.collection if state else "").encode())
    for source_id, entry in sorted(index.documents().items()):
        digest.update(f"|{source_id}:{entry.hash}".encode())
    for name in KNOWLEDGE_FILES:
        path = settings.knowledge_dir / name
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


def load_parts(settings: Settings, *, embedder: Embedder | None = None) -> Parts:
    started = time.perf_counter()
    embedder = embedder or make_embedder(settings.embedder)
    index = KnowledgeIndex.open(settings)
    state = index.check_embedder(embedder.name, embedder.dim)
    version = fingerprint(settings, index)
    chunks, vectors = index.live_chunks(state)
    if not chunks:
        raise IndexMissing("The index is empty. Build it with: policybot ingest")
    from langchain_chroma import Chroma

    store = Chroma(client=index.client, collection_name=state.collection, create_collection_if_not_exists=False)
    knowledge = load_knowledge(settings.knowledge_dir)
    retriever = Retriever(chunks=chunks, vectors=vectors, store=store, embedder=embedder)
    checker = PostChecker(
        signals=knowledge.signals,
        rules=knowledge.rules,
        retriever=retriever,
        embedder=embedder,
        contact=settings.contact,
    )
    composer = None
    if settings.llm:
        from bot.core.llm import LlmComposer

        composer = LlmComposer.from_settings(settings)
    locator = QuoteLocator(chunks)
    knowledge.faq = verified_entries(knowledge.faq, locator)
    answerer = Answerer(
        faq=FaqMatcher(knowledge.faq, embedder),
        scope=ScopeMatcher(knowledge.topics, embedder),
        retriever=retriever,
        checker=checker,
        embedder=embedder,
        locator=locator,
        default_where=knowledge.default_where,
        composer=composer,
    )
    log.info(
        "engine ready: %d chunks, %d FAQ entries, %d signals in %.1f s",
        len(chunks),
        len(knowledge.faq),
        len(knowledge.signals),
        time.perf_counter() - started,
    )
    return Parts(knowledge, embedder, retriever, checker, answerer, version)
