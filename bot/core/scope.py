"""What the guidance does not cover: topics (expenses, leave, defamation...) and where those questions go."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bot.core.embedder import Embedder
from bot.core.knowledge import ScopeTopic


@dataclass(frozen=True)
class ScopeHit:
    topic: ScopeTopic
    similarity: float  # best cosine similarity to one of the topic's example questions
    lexical: bool  # one of the topic's phrases appears in the question


class ScopeMatcher:
    def __init__(self, topics: list[ScopeTopic], embedder: Embedder) -> None:
        self._topics = topics
        self._patterns: list[list[re.Pattern[str]]] = [t.cues.regexes() for t in topics]
        examples = [(i, ex) for i, t in enumerate(topics) for ex in t.cues.examples]
        self._owner = np.array([i for i, _ in examples], dtype=int)
        self._vectors = (
            embedder.embed([ex for _, ex in examples]) if examples else np.zeros((0, embedder.dim), dtype=np.float32)
        )

    def best(self, question: str, query_vec: np.ndarray) -> ScopeHit | None:
        if not self._topics:
            return None
        per_topic = np.full(len(self._topics), -1.0)
        if len(self._owner):
            np.maximum.at(per_topic, self._owner, self._vectors @ query_vec)
        lexical = [any(p.search(question) for p in patterns) for patterns in self._patterns]
        # A phrase hit counts as strong evidence for that topic.
        ranked = sorted(range(len(self._topics)), key=lambda i: (lexical[i], per_topic[i]), reverse=True)
        top = ranked[0]
        return ScopeHit(self._topics[top], float(per_topic[top]), lexical[top])
