"""The ingest pipeline: documents -> chunks -> embeddings -> index, incrementally.

Unchanged documents (same content hash) are skipped without loading the model; changed ones are replaced, removed
ones deleted. Everything is read, chunked and embedded before the index is touched, and the manifest is written
last for each document (see bot.core.index), so a failure part way leaves the previous index usable.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from bot.core.embedder import Embedder
from bot.core.index import FORMAT_VERSION, DocEntry, IndexState, KnowledgeIndex
from ingest.chunking import CHUNKER_VERSION, DraftChunk, chunk_document, chunk_metadata
from ingest.loaders import LoadError, SourceDoc, is_candidate, load
from ingest.metadata import sidecar_path

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)
EMBED_BATCH = 256  # chunks per progress step; the model batches (32) and length-sorts within it


class Progress(Protocol):
    def stage(self, name: str, total: int) -> Any: ...
    def advance(self, task: Any, amount: int = 1) -> None: ...


class NoProgress:
    def stage(self, name: str, total: int) -> None:
        return None

    def advance(self, task: Any, amount: int = 1) -> None:
        return None


@dataclass
class FileProblem:
    file: str
    reason: str


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    chunks_written: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0  # encoding alone, after the model has loaded
    model_load_seconds: float = 0.0
    rebuilt: bool = False
    errors: list[FileProblem] = field(default_factory=list)

    def summary(self) -> str:
        line = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {self.removed} removed, "
            f"{self.chunks} chunks, {self.seconds:.1f} s"
        )
        if self.errors:
            line += f"; {len(self.errors)} file(s) skipped with errors"
        return line

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("seconds", "embed_seconds", "model_load_seconds"):
            data[key] = round(data[key], 3)
        return data


@dataclass
class _Pending:
    doc: SourceDoc
    rel: str
    hash: str
    chunks: list[DraftChunk]
    previous: DocEntry | None


class IngestFailed(Exception):
    """Ingest could not run at all (nothing was changed)."""


def content_hash(path: Path) -> str:
    digest = hashlib.sha256(f"{FORMAT_VERSION}|{CHUNKER_VERSION}|".encode())
    digest.update(path.read_bytes())
    side = sidecar_path(path)
    if side != path and side.exists():
        digest.update(b"|sidecar|")
        digest.update(side.read_bytes())
    return digest.hexdigest()


def source_files(knowledge_dir: Path) -> list[Path]:
    root = knowledge_dir / "sources"
    if not root.is_dir():
        raise IngestFailed(f"no sources folder at {root}: put the documents in knowledge/sources/")
    return sorted(p for p in root.rglob("*") if is_candidate(p))


@contextmanager
def _timer(report: IngestReport) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        report.seconds = time.perf_counter() - start


def run_ingest(
    index: KnowledgeIndex,
    knowledge_dir: Path,
    embedder_factory: Callable[[], Embedder],
    *,
    embedder_name: str,
    embedder_dim: int,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Brings the index up to date with `knowledge_dir/sources`. The embedder is created only if needed."""
    progress = progress or NoProgress()
    report = IngestReport(rebuilt=rebuild)
    with _timer(report):
        state = index.state()
        if state is not None and not rebuild:
            index.check_embedder(embedder_name, embedder_dim)
        fresh = rebuild or state is None
        previous = index.documents() if state is not None else {}
        pending, kept_ids = _read(source_files(knowledge_dir), knowledge_dir, previous, report, progress, fresh)
        vectors = _embed(pending, embedder_factory, progress, report)

        target = IndexState(
            collection=index.new_generation_name() if fresh or state is None else state.collection,
            embedder=embedder_name,
            dim=embedder_dim,
        )
        collection = index.chunk_collection(target.collection)
        entries = _write(index, collection, pending, vectors, report, commit_each=not fresh)
        if fresh:
            entries += _carry_over(index, state, target, collection, kept_ids, previous, report)
            for entry in entries:
                index.commit_document(entry)
            for source_id in set(previous) - {e.source_id for e in entries}:
                index.forget_document(source_id)
                report.removed += 1
            index.set_state(target)
            index.drop_other_generations(keep=target.collection)
        else:
            for source_id in set(previous) - kept_ids - {e.source_id for e in entries}:
                index.forget_document(source_id)
                index.delete_stale(collection, source_id, keep_hash=None)
                report.removed += 1
            index.purge_orphans(collection, index.documents())
        report.chunks = sum(e.chunks for e in index.documents().values())
    return report


def _write(
    index: KnowledgeIndex,
    collection: Collection,
    pending: list[_Pending],
    vectors: np.ndarray,
    report: IngestReport,
    *,
    commit_each: bool,
) -> list[DocEntry]:
    """Writes the new chunks. An incremental update commits document by document (the manifest is the commit)."""
    offset = 0
    entries: list[DocEntry] = []
    for item in pending:
        count = len(item.chunks)
        ids = [f"{item.doc.source_id}:{item.hash[:16]}:{i}" for i in range(count)]
        metas = [chunk_metadata(item.doc, c, i, item.hash) for i, c in enumerate(item.chunks)]
        index.add_chunks(collection, ids, [c.text for c in item.chunks], metas, vectors[offset : offset + count])
        offset += count
        entry = DocEntry(
            source_id=item.doc.source_id,
            hash=item.hash,
            path=item.rel,
            chunks=count,
            title=item.doc.meta.title,
            superseded_by=item.doc.meta.superseded_by or "",
        )
        entries.append(entry)
        if commit_each:
            index.commit_document(entry)
            index.delete_stale(collection, entry.source_id, keep_hash=entry.hash)
        report.chunks_written += count
        if item.previous is None or not commit_each:
            report.added += 1
        else:
            report.updated += 1
    return entries


def _carry_over(
    index: KnowledgeIndex,
    state: IndexState | None,
    target: IndexState,
    collection: Collection,
    kept_ids: set[str],
    previous: dict[str, DocEntry],
    report: IngestReport,
) -> list[DocEntry]:
    """On a rebuild, a document whose file could not be read this time keeps its indexed version, when the
    embedder is the same (its vectors can be reused); otherwise it is dropped, and the report says so."""
    if state is None or not kept_ids:
        return []
    if (state.embedder, state.dim) != (target.embedder, target.dim):
        for source_id in sorted(kept_ids):
            report.errors.append(FileProblem(previous[source_id].path, "dropped: the rebuild changes the embedder"))
        return []
    old = index.chunk_collection(state.collection)
    carried = []
    for source_id in sorted(kept_ids):
        entry = previous[source_id]
        got = old.get(
            where={"$and": [{"source_id": source_id}, {"doc_hash": entry.hash}]},
            include=["documents", "metadatas", "embeddings"],
        )
        if not got["ids"]:
            continue
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        metas = [dict(meta) for meta in got["metadatas"] or []]
        index.add_chunks(collection, got["ids"], got["documents"] or [], metas, vectors)
        carried.append(entry)
    return carried


def _read(
    files: list[Path],
    root: Path,
    previous: dict[str, DocEntry],
    report: IngestReport,
    progress: Progress,
    rebuild: bool = False,
) -> tuple[list[_Pending], set[str]]:
    """Hashes every file; loads and chunks the changed ones. Returns them and the ids of documents kept as is.

    Unchanged documents claim their ids first, so a new file reusing one of them is reported as a duplicate
    instead of silently replacing the indexed document, whatever the order of the file names.
    """
    by_path = {entry.path: entry for entry in previous.values()}
    task = progress.stage("Reading", len(files))
    kept: set[str] = set()
    owners: dict[str, str] = {}
    changed: list[tuple[Path, str, str]] = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            digest = content_hash(path)
        except OSError as exc:
            _skip(report, rel, f"{path.name}: {exc.strerror or exc}", by_path, kept)
            progress.advance(task)
            continue
        indexed = by_path.get(rel)
        if indexed is not None and indexed.hash == digest and not rebuild:
            report.unchanged += 1
            kept.add(indexed.source_id)
            owners[indexed.source_id] = rel
            progress.advance(task)
        else:
            changed.append((path, rel, digest))
    pending: list[_Pending] = []
    for path, rel, digest in changed:
        try:
            doc = load(path)
            if doc.source_id in owners:
                raise LoadError(f"{path.name}: duplicate id {doc.source_id!r} (also used by {owners[doc.source_id]})")
            chunks = chunk_document(doc)
            if not chunks:
                raise LoadError(f"{path.name}: no text to index")
            owners[doc.source_id] = rel
            pending.append(_Pending(doc, rel, digest, chunks, previous.get(doc.source_id)))
        except (LoadError, OSError) as exc:
            reason = str(exc) if isinstance(exc, LoadError) else f"{path.name}: {exc.strerror or exc}"
            _skip(report, rel, reason, by_path, kept)
        finally:
            progress.advance(task)
    # A document whose id is now in another file is an update of that id, not a removal.
    return pending, kept - {p.doc.source_id for p in pending}


def _skip(report: IngestReport, rel: str, reason: str, by_path: dict[str, DocEntry], kept: set[str]) -> None:
    report.errors.append(FileProblem(rel, reason))
    log.warning("skipped %s", reason)
    if rel in by_path:  # keep the version already indexed rather than lose it
        kept.add(by_path[rel].source_id)


def _embed(
    pending: list[_Pending],
    embedder_factory: Callable[[], Embedder],
    progress: Progress,
    report: IngestReport,
) -> np.ndarray:
    texts = [c.text for item in pending for c in item.chunks]
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    started = time.perf_counter()
    embedder = embedder_factory()
    load = getattr(embedder, "load", None)
    if callable(load):
        load()
    report.model_load_seconds = time.perf_counter() - started
    task = progress.stage("Embedding", len(texts))
    parts = []
    started = time.perf_counter()
    for start in range(0, len(texts), EMBED_BATCH):
        batch = texts[start : start + EMBED_BATCH]
        parts.append(embedder.embed(batch))
        progress.advance(task, len(batch))
    report.embed_seconds = time.perf_counter() - started
    return np.concatenate(parts)
