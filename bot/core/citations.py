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
    """Finds where a quote sits in its source (for its section, locator, title and URL), verbatim or not at all.

    Each source's text is put back together from its chunks (they carry their start offsets), so a quote that
    spans two chunks is still found; it is attributed to the chunk where it starts.
    """

    def __init__(self, chunks: list[Chunk]) -> None:
        by_source: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            by_source.setdefault(chunk.source_id, []).append(chunk)
        self._chunks = {
            sid: sorted(found, key=lambda c: int(c.meta.get("start", 0))) for sid, found in by_source.items()
        }
        self._texts = {sid: _reassemble(found) for sid, found in self._chunks.items()}

    def find(self, source_id: str, quote: str) -> Chunk | None:
        text = self._texts.get(source_id)
        if text is None:
            return None
        position = squash_with_offsets(text, squash(quote))
        if position is None:
            return None
        holder = None
        for chunk in self._chunks[source_id]:
            if int(chunk.meta.get("start", 0)) <= position:
                holder = chunk
        return holder


def _reassemble(chunks: list[Chunk]) -> str:
    """The source text covered by its chunks, at the chunks' own offsets (gaps, e.g. headings, become spaces)."""
    end = max(int(c.meta.get("start", 0)) + len(c.text) for c in chunks)
    buffer = [" "] * end
    for chunk in chunks:
        start = int(chunk.meta.get("start", 0))
        buffer[start : start + len(chunk.text)] = chunk.text
    return "".join(buffer)


def squash_with_offsets(text: str, needle: str) -> int | None:
    """The offset in `text` where `needle` (whitespace collapsed) starts, comparing with whitespace collapsed."""
    squashed: list[str] = []
    offsets: list[int] = []
    previous_space = True
    for index, char in enumerate(text):
        if char.isspace():
            if not previous_space:
                squashed.append(" ")
                offsets.append(index)
            previous_space = True
        else:
            squashed.append(char)
            offsets.append(index)
            previous_space = False
    found = "".join(squashed).find(needle)
    return None if found < 0 or not needle else offsets[found]
