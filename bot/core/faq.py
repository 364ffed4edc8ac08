"""Matching a question against the approved FAQ entries (each with its question and paraphrases)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from bot.core.citations import QuoteLocator
from bot.core.embedder import Embedder
from bot.core.knowledge import FaqEntry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FaqMatch:
    entry: FaqEntry
    similarity: float  # the best cosine similarity between the question and one of the entry's phrasings
    runner_up: float  # the best similarity to any other entry


class FaqMatcher:
    def __init__(self, entries: list[FaqEntry], embedder: Embedder) -> None:
        self._entries = entries
        texts = [q for entry in entries for q in entry.questions]
        self._owner = np.array([i for i, entry in enumerate(entries) for _ in entry.questions])
        self._vectors = embedder.embed(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)
        self._by_id = {e.id: e for e in entries}

    @property
    def entries(self) -> list[FaqEntry]:
        return self._entries

    def get(self, entry_id: str) -> FaqEntry | None:
        return self._by_id.get(entry_id)

    def best(self, query_vec: np.ndarray) -> FaqMatch | None:
        if not self._entries:
            return None
        sims = self._vectors @ query_vec
        per_entry = np.full(len(self._entries), -1.0)
        np.maximum.at(per_entry, self._owner, sims)
        order = np.argsort(-per_entry)
        top = int(order[0])
        runner = float(per_entry[order[1]]) if len(order) > 1 else -1.0
        return FaqMatch(self._entries[top], float(per_entry[top]), runner)


def verified_entries(entries: list[FaqEntry], locator: QuoteLocator) -> list[FaqEntry]:
    """The entries whose every quote is verbatim in a current (not superseded) source; the rest are left out.

    An approved answer with a quote that is not its source's text is no longer approved: it is logged, by id, and
    left out until it is fixed (the knowledge tests catch this before it ships).
    """
    kept = []
    for entry in entries:
        problems = []
        for n, cited in enumerate(entry.citations, start=1):
            chunk = locator.find(cited.source_id, cited.quote)
            if chunk is None:
                problems.append(f"quote {n} is not verbatim text of {cited.source_id} (or it is not indexed)")
            elif chunk.get("superseded_by"):
                problems.append(f"quote {n} cites {cited.source_id}, which is superseded")
        if problems:
            log.error("FAQ entry %s is left out: %s", entry.id, "; ".join(problems))
        else:
            kept.append(entry)
    return kept
