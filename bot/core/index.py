"""The index's format, owned here and used by both the ingest pipeline and the bot.

Two Chroma collections:
- `policybot-manifest` holds one record per indexed document (its content hash, file, chunk count) and one
  `state` record naming the live chunk collection and the embedder that built it. The manifest is the commit
  point: a chunk counts only when the manifest lists its document with the same hash, so a write that fails part
  way leaves the previous version of every document usable.
- `policybot-chunks-<generation>` holds the chunks: verbatim text of the source, explicit embeddings (Chroma's
  default embedding function is never used), and the citation metadata in `CHUNK_FIELDS`.
The lexical (BM25) index is built in memory from the chunk texts when the bot starts (`live_chunks`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

    from bot.settings import Settings

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST_COLLECTION = "policybot-manifest"
CHUNKS_PREFIX = "policybot-chunks-"
STATE_ID = "state"
# Metadata every chunk carries. Chroma metadata values cannot be None, so absent values are stored as "".
CHUNK_FIELDS = (
    "source_id",
    "title",
    "section",
    "locator",
    "jurisdiction",
    "authority",
    "kind",
    "date",
    "url",
    "superseded_by",
    "doc_hash",
    "chunk_index",
    "start",
)
JURISDICTIONS = ("NSW", "Commonwealth", "SA", "VIC", "QLD", "WA", "TAS", "ACT", "NT", "UK", "Canada", "Agency")
_JURISDICTION_ALIASES = {
    "cth": "Commonwealth",
    "aps": "Commonwealth",
    "federal": "Commonwealth",
    "australian government": "Commonwealth",
    "new south wales": "NSW",
    "victoria": "VIC",
    "south australia": "SA",
    "queensland": "QLD",
    "western australia": "WA",
    "tasmania": "TAS",
    "united kingdom": "UK",
    "gb": "UK",
}
_SPACE = {"hnsw:space": "cosine"}


def canonical_jurisdiction(value: str | None) -> str | None:
    """`nsw`, `Cth`, `Victoria` -> the name sources use (NSW, Commonwealth, VIC). Raises ValueError for others:
    a typo must not quietly loosen every verdict."""
    if value is None or not value.strip():
        return None
    key = value.strip().lower()
    for name in JURISDICTIONS:
        if name.lower() == key:
            return name
    if key in _JURISDICTION_ALIASES:
        return _JURISDICTION_ALIASES[key]
    raise ValueError(f"unknown jurisdiction {value.strip()!r}; use one of {', '.join(JURISDICTIONS)}")


_DUMMY = np.ones((1, 1), dtype=np.float32)  # manifest records need a vector; they are never searched


class IndexError_(Exception):
    """A problem with the index that the user can fix; the message says how."""


class EmbedderMismatch(IndexError_):
    pass


class IndexMissing(IndexError_):
    pass


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    meta: dict[str, Any]

    @property
    def source_id(self) -> str:
        return str(self.meta["source_id"])

    def get(self, key: str) -> str | None:
        value = self.meta.get(key)
        return None if value in (None, "") else str(value)


@dataclass
class DocEntry:
    source_id: str
    hash: str
    path: str
    chunks: int
    title: str = ""
    superseded_by: str = ""


@dataclass
class IndexState:
    collection: str
    embedder: str
    dim: int
    format: int = FORMAT_VERSION
    built_at: float = field(default_factory=time.time)


def connect(settings: Settings) -> ClientAPI:
    """The Chroma client: a server when POLICYBOT_CHROMA_URL is set, else the embedded PersistentClient."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise IndexError_(f"POLICYBOT_CHROMA_URL is not a URL: {settings.chroma_url!r}")
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError when the server is away
            raise IndexError_(
                f"could not reach the Chroma server at {settings.chroma_url} ({exc.__class__.__name__}); "
                "is `chroma run` up, and is POLICYBOT_CHROMA_URL right?"
            ) from exc
    path = settings.index_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _clean(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in meta.items()}


class KnowledgeIndex:
    """Reads and writes the index in the format above."""

    def __init__(self, client: ClientAPI) -> None:
        self._client = client
        self._manifest = client.get_or_create_collection(MANIFEST_COLLECTION, metadata=_SPACE, embedding_function=None)

    @classmethod
    def open(cls, settings: Settings) -> KnowledgeIndex:
        return cls(connect(settings))

    @property
    def client(self) -> ClientAPI:
        return self._client

    # -- the manifest -------------------------------------------------------------------------------------------
    def state(self) -> IndexState | None:
        got = self._manifest.get(ids=[STATE_ID], include=["documents"])
        if not got["ids"] or not got["documents"]:
            return None
        data = json.loads(got["documents"][0])
        return IndexState(**data)

    def documents(self) -> dict[str, DocEntry]:
        got = self._manifest.get(where={"type": "doc"}, include=["documents"])
        docs = [DocEntry(**json.loads(text)) for text in got["documents"] or []]
        return {d.source_id: d for d in docs}

    def check_embedder(self, embedder_name: str, dim: int) -> IndexState:
        state = self.state()
        if state is None:
            raise IndexMissing("There is no index yet. Build it with: policybot ingest")
        if state.format != FORMAT_VERSION or state.embedder != embedder_name or state.dim != dim:
            raise EmbedderMismatch(
                f"The index was built by {state.embedder!r} (format {state.format}) but this run uses "
                f"{embedder_name!r} (format {FORMAT_VERSION}). Rebuild it with: policybot ingest --rebuild"
            )
        return state

    def _put_record(self, record_id: str, payload: dict[str, Any], kind: str) -> None:
        self._manifest.upsert(
            ids=[record_id], embeddings=_DUMMY, documents=[json.dumps(payload)], metadatas=[{"type": kind}]
        )

    def set_state(self, state: IndexState) -> None:
        self._put_record(STATE_ID, state.__dict__, "state")

    def commit_document(self, entry: DocEntry) -> None:
        self._put_record(f"doc:{entry.source_id}", entry.__dict__, "doc")

    def forget_document(self, source_id: str) -> None:
        self._manifest.delete(ids=[f"doc:{source_id}"])

    # -- chunk collections --------------------------------------------------------------------------------------
    def chunk_collection(self, name: str) -> Collection:
        return self._client.get_or_create_collection(name, metadata=_SPACE, embedding_function=None)

    @staticmethod
    def new_generation_name() -> str:
        return f"{CHUNKS_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"

    def add_chunks(
        self,
        collection: Collection,
        ids: Sequence[str],
        texts: Sequence[str],
        metas: Sequence[dict[str, Any]],
        embeddings: np.ndarray,
        batch: int = 1000,
    ) -> None:
        for start in range(0, len(ids), batch):
            end = start + batch
            collection.upsert(
                ids=list(ids[start:end]),
                documents=list(texts[start:end]),
                metadatas=[_clean(m) for m in metas[start:end]],
                embeddings=embeddings[start:end],
            )

    def delete_stale(self, collection: Collection, source_id: str, keep_hash: str | None) -> None:
        """Deletes a document's chunks other than those of `keep_hash` (all of them when it is None)."""
        where: dict[str, Any] = {"source_id": source_id}
        if keep_hash is not None:
            where = {"$and": [where, {"doc_hash": {"$ne": keep_hash}}]}
        collection.delete(where=where)

    def drop_other_generations(self, keep: str) -> None:
        for col in self._client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith(CHUNKS_PREFIX) and name != keep:
                self._client.delete_collection(name)

    def purge_orphans(self, collection: Collection, docs: dict[str, DocEntry]) -> None:
        """Deletes chunks that no committed document owns (left by a write that failed part way). A content hash
        names one file's version, so a chunk is live exactly when its doc_hash is a committed one; Chroma does the
        filtering, without reading every chunk."""
        live = sorted({entry.hash for entry in docs.values()})
        where: dict[str, Any] = {"doc_hash": {"$nin": live}} if live else {"doc_hash": {"$ne": ""}}
        collection.delete(where=where)

    # -- reading --------------------------------------------------------------------------------------------------
    def live_chunks(self, state: IndexState) -> tuple[list[Chunk], np.ndarray]:
        """Every chunk of a committed document version, in document order, with its embedding (one row each)."""
        docs = self.documents()
        got = self.chunk_collection(state.collection).get(include=["documents", "metadatas", "embeddings"])
        vectors = got["embeddings"] if got["embeddings"] is not None else []
        rows = [
            (Chunk(cid, text, dict(meta)), vector)
            for cid, text, meta, vector in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], vectors, strict=True
            )
            if (d := docs.get(str(meta.get("source_id")))) is not None and d.hash == meta.get("doc_hash")
        ]
        rows.sort(key=lambda row: (row[0].source_id, int(row[0].meta.get("chunk_index", 0))))
        matrix = np.asarray([v for _, v in rows], dtype=np.float32).reshape(len(rows), state.dim)
        return [c for c, _ in rows], matrix
