"""Chunking: by the document's headings (or pages) first, then by size, keeping every chunk verbatim."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.loaders import SourceDoc

CHUNK_SIZE = 900  # characters; about 200 tokens, under the model's 256-token limit
CHUNK_OVERLAP = 150
CHUNKER_VERSION = f"headings+recursive/{CHUNK_SIZE}/{CHUNK_OVERLAP}"


@dataclass(frozen=True)
class DraftChunk:
    text: str
    start: int
    section: str | None
    locator: str | None


def _splitter() -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE,
        chunk_overlap=CHUNK_OVERLAP,
        add_start_index=True,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
    )


def chunk_document(doc: SourceDoc) -> list[DraftChunk]:
    splitter = _splitter()
    chunks: list[DraftChunk] = []
    for block in doc.blocks:
        span = doc.text[block.start : block.end]
        for piece in splitter.create_documents([span]):
            text = piece.page_content
            offset = int(piece.metadata.get("start_index", -1))
            if offset < 0 or span[offset : offset + len(text)] != text:
                offset = span.find(text)
            if offset < 0 or not text.strip():
                continue
            chunks.append(DraftChunk(text, block.start + offset, block.section, block.locator))
    return chunks


def chunk_metadata(doc: SourceDoc, chunk: DraftChunk, index: int, doc_hash: str) -> dict[str, Any]:
    meta = doc.meta
    return {
        "source_id": meta.id,
        "title": meta.title,
        "section": chunk.section,
        "locator": chunk.locator,
        "jurisdiction": meta.jurisdiction,
        "authority": meta.authority,
        "kind": meta.kind,
        "date": meta.when,
        "url": meta.url,
        "superseded_by": meta.superseded_by,
        "doc_hash": doc_hash,
        "chunk_index": index,
        "start": chunk.start,
    }
