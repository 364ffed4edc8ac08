"""Builds numbered citations from passages, removing duplicates; finds where an FAQ quote sits in the index."""

from __future__ import annotations

from bot.core.index import Chunk
from bot.core.models import Citation
from bot.core.text import squash


def citation_from_chunk(n: int, chunk: Chunk, quote: str) -> Citation:
    return Citation(
        n=n,
        source_id=chunk.source_id,
        title=chunk.get("title") or chunk.source_id,
        section=chunk.get("section"),
        locator=chunk.get("locator"),
        url=chunk.get("url"),
        quote=quote,
        authority=chunk.get("authority"),
        date=chunk.get("date"),
        jurisdiction=chunk.get("jurisdiction"),
    )


class CitationList:
    """Numbers citations in the order they are first used; the same passage cited twice keeps one number."""

    def __init__(self, start: int = 1) -> None:
        self._items: list[Citation] = []
        self._keys: dict[tuple[str, str], int] = {}
        self._next = start

    def add(self, chunk: Chunk, quote: str) -> int:
        key = (chunk.source_id, squash(quote))
        if key in self._keys:
            return self._keys[key]
        for cited in self._items:  # a quote inside one already cited reuses its number
            if cited.source_id == chunk.source_id and (key[1] in squash(cited.quote) or squash(cited.quote) in key[1]):
                return cited.n
        n = self._next
        self._next += 1
        self._items.append(citation_from_chunk(n, chunk, quote))
        self._keys[key] = n
        return n

    @property
    def items(self) -> list[Citation]:
        return list(self._items)

    @property
    def next_number(self) -> int:
        return self._next


class QuoteLocator:
    """Finds the chunk of a source that holds a quote (for its section, locator, title and URL)."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self._by_source: dict[str, list[tuple[Chunk, str]]] = {}
        for chunk in chunks:
            self._by_source.setdefault(chunk.source_id, []).append((chunk, squash(chunk.text)))

    def find(self, source_id: str, quote: str) -> Chunk | None:
        needle = squash(quote)
        candidates = self._by_source.get(source_id, [])
        for chunk, text in candidates:
            if needle in text:
                return chunk
        # A quote that spans two chunks: fall back to the chunk holding its first part.
        head = needle[: max(40, len(needle) // 2)]
        return next((chunk for chunk, text in candidates if head in text), None)

    def sources(self) -> set[str]:
        return set(self._by_source)
