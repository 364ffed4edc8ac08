"""Hybrid retrieval: dense (the Chroma index, through langchain-chroma) and lexical (BM25 with bm25s) fused.

Jurisdiction-aware: the asker's jurisdiction ranks its own sources first, and general sources stay eligible.
Superseded sources are never returned. Passages are narrowed to the sentences that answer the query (`quote`).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import bm25s
import numpy as np

from bot.core.embedder import Embedder
from bot.core.index import Chunk
from bot.core.text import sentence_spans

if TYPE_CHECKING:
    from langchain_chroma import Chroma

log = logging.getLogger(__name__)

RRF_K = 20
JURISDICTION_BOOST = 1.3
AGENCY_BOOST = 1.15  # an agency's own policy applies wherever it is deployed
EXAMPLE_PENALTY = 0.6  # the shipped template policy is an example, not guidance
PRECOMPUTE_LIMIT = 3000  # chunks whose sentence vectors are computed when the engine warms up
QUOTE_MIN_CHARS = 70
QUOTE_MAX_CHARS = 420


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    score: float  # fused rank score, boosted by jurisdiction
    dense: float  # cosine similarity of the chunk to the query
    lexical: float  # BM25 score
    quote: str  # the sentences of the chunk that best answer the query, verbatim
    quote_similarity: float


def _tokenize(texts: Sequence[str]) -> list[list[str]]:
    return bm25s.tokenize(list(texts), stopwords="en", return_ids=False, show_progress=False)


class Retriever:
    def __init__(self, *, chunks: list[Chunk], vectors: np.ndarray, store: Chroma, embedder: Embedder) -> None:
        keep = [i for i, c in enumerate(chunks) if not c.get("superseded_by")]
        self._chunks = [chunks[i] for i in keep]
        self._vectors = vectors[keep]
        self._by_id = {c.id: c for c in self._chunks}
        self._row = {c.id: i for i, c in enumerate(self._chunks)}
        self._per_source = Counter(c.source_id for c in self._chunks)
        self._store = store
        self._embedder = embedder
        self._bm25 = bm25s.BM25()
        self._bm25.index(_tokenize([self._lexical_text(c) for c in self._chunks]), show_progress=False)
        self._degraded = False
        self._sentences: dict[str, tuple[list[tuple[int, int]], np.ndarray, list[set[str]]]] = {}
        self._lock = threading.Lock()

    @property
    def chunks(self) -> list[Chunk]:
        return self._chunks

    @staticmethod
    def _lexical_text(chunk: Chunk) -> str:
        return f"{chunk.get('title') or ''} {chunk.get('section') or ''} {chunk.text}"

    def warm(self) -> None:
        if len(self._chunks) <= PRECOMPUTE_LIMIT:
            self._sentence_vectors(self._chunks)

    # -- search ---------------------------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        query_vec: np.ndarray,
        *,
        k: int = 5,
        jurisdiction: str | None = None,
        sources: Collection[str] | None = None,
        pool: int = 20,
    ) -> list[Passage]:
        allowed = len(self._chunks) if sources is None else sum(self._per_source.get(s, 0) for s in set(sources))
        if not allowed:
            return []
        dense = self._dense(query_vec, min(pool, allowed), sources)
        lexical = self._lexical(query, min(pool * 2, len(self._chunks)), sources)
        fused: dict[str, float] = {}
        for ranking in (dense, lexical):
            for rank, (chunk_id, _) in enumerate(ranking):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        dense_score = dict(dense)
        lexical_score = dict(lexical)
        missing = [cid for cid in fused if cid not in dense_score]
        if missing:
            for cid, sim in zip(missing, self._cosines(query_vec, missing), strict=True):
                dense_score[cid] = sim
        scored = sorted(
            ((self._boost(self._by_id[cid], jurisdiction) * value, cid) for cid, value in fused.items()),
            reverse=True,
        )[:k]
        passages = []
        for score, cid in scored:
            chunk = self._by_id[cid]
            quote, quote_sim = self.best_quote(chunk, query, query_vec)
            passages.append(Passage(chunk, score, dense_score[cid], lexical_score.get(cid, 0.0), quote, quote_sim))
        return passages

    def _boost(self, chunk: Chunk, jurisdiction: str | None) -> float:
        factor = 1.0
        if jurisdiction and chunk.get("jurisdiction") == jurisdiction:
            factor *= JURISDICTION_BOOST
        if chunk.get("jurisdiction") == "Agency" and chunk.get("authority") == "agency-policy":
            factor *= AGENCY_BOOST
        if chunk.get("authority") == "example":
            factor *= EXAMPLE_PENALTY
        return factor

    def _dense(self, query_vec: np.ndarray, k: int, sources: Collection[str] | None) -> list[tuple[str, float]]:
        where: dict = {"superseded_by": ""}
        if sources is not None:
            where = {"$and": [where, {"source_id": {"$in": list(sources)}}]}
        try:
            hits = self._store.similarity_search_by_vector_with_relevance_scores(
                [float(x) for x in query_vec], k=k, filter=where
            )
        except Exception as exc:  # the collection was rebuilt under us, or the Chroma server is away
            if not self._degraded:
                log.warning(
                    "dense search in Chroma failed (%s); searching the vectors loaded at start instead. "
                    "Restart to load a rebuilt index.",
                    exc.__class__.__name__,
                )
                self._degraded = True
            return self._dense_in_memory(query_vec, k, sources)
        # With cosine space Chroma returns a distance: similarity = 1 - distance.
        return [(doc.id, 1.0 - float(dist)) for doc, dist in hits if doc.id in self._by_id]

    def _dense_in_memory(
        self, query_vec: np.ndarray, k: int, sources: Collection[str] | None
    ) -> list[tuple[str, float]]:
        """Exact cosine search over the vectors loaded from the index at start (the same vectors Chroma holds)."""
        sims = self._vectors @ query_vec
        order = np.argsort(-sims)
        picked = [int(i) for i in order if sources is None or self._chunks[int(i)].source_id in sources][:k]
        return [(self._chunks[i].id, float(sims[i])) for i in picked]

    def _lexical(self, query: str, k: int, sources: Collection[str] | None) -> list[tuple[str, float]]:
        tokens = _tokenize([query])
        if not tokens or not tokens[0]:
            return []
        results, scores = self._bm25.retrieve(tokens, k=k, show_progress=False)
        out = []
        for position, score in zip(results[0], scores[0], strict=True):
            chunk = self._chunks[int(position)]
            if score > 0 and (sources is None or chunk.source_id in sources):
                out.append((chunk.id, float(score)))
        return out

    def _cosines(self, query_vec: np.ndarray, chunk_ids: list[str]) -> list[float]:
        rows = [self._row[cid] for cid in chunk_ids]
        return [float(v) for v in self._vectors[rows] @ query_vec]

    # -- narrowing to sentences ----------------------------------------------------------------------------------
    def _sentence_vectors(self, chunks: Sequence[Chunk]) -> None:
        todo = [c for c in chunks if c.id not in self._sentences]
        if not todo:
            return
        spans = [
            [s for s in sentence_spans(c.text) if _is_prose(c.text[s[0] : s[1]])] or [(0, len(c.text))] for c in todo
        ]
        flat = [c.text[a:b] for c, chunk_spans in zip(todo, spans, strict=True) for a, b in chunk_spans]
        vectors = self._embedder.embed(flat)
        terms = [set(tokens) for tokens in _tokenize(flat)]
        offset = 0
        with self._lock:
            for chunk, chunk_spans in zip(todo, spans, strict=True):
                end = offset + len(chunk_spans)
                self._sentences[chunk.id] = (chunk_spans, vectors[offset:end], terms[offset:end])
                offset = end

    def best_quote(self, chunk: Chunk, query: str, query_vec: np.ndarray) -> tuple[str, float]:
        """The one or two consecutive sentences of the chunk closest to the query: verbatim text of the chunk."""
        self._sentence_vectors([chunk])
        spans, vectors, terms = self._sentences[chunk.id]
        query_terms = set(_tokenize([query])[0])
        scores = vectors @ query_vec
        for i, sentence_terms in enumerate(terms):
            scores[i] += 0.03 * len(query_terms & sentence_terms)
        best = int(np.argmax(scores))
        start, end = spans[best]
        if end - start < QUOTE_MIN_CHARS and best + 1 < len(spans):
            next_end = spans[best + 1][1]
            if next_end - start <= QUOTE_MAX_CHARS:
                end = next_end
        return chunk.text[start:end], float(scores[best])


def _is_prose(sentence: str) -> bool:
    """Skips headings and fragments: a quote should be a sentence a reader can take on its own."""
    return len(sentence) >= 40 or sentence.rstrip().endswith((".", "!", "?", '"', "”"))
