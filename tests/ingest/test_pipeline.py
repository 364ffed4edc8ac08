"""The ingest pipeline: incremental by content hash, verbatim chunks, a failure never half-writes the index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.core.embedder import HashEmbedder
from bot.core.index import EmbedderMismatch, KnowledgeIndex
from ingest.loaders import load
from ingest.pipeline import run_ingest
from tests.ingest.conftest import Ingester


def test_first_run_indexes_every_document_with_citation_metadata(ingester: Ingester) -> None:
    report = ingester.run()
    assert (report.added, report.updated, report.unchanged, report.removed) == (3, 0, 0, 0)
    assert report.errors == []
    chunks = ingester.chunks()
    assert report.chunks == len(chunks) > 3
    assert {c.source_id for c in chunks} == {
        "nsw-ombudsman-social-media",
        "apsc-public-comment",
        "nsw-ombudsman-article",
    }
    paper = [c for c in chunks if c.source_id == "nsw-ombudsman-social-media"]
    assert all(c.get("jurisdiction") == "NSW" and c.get("authority") == "regulator-guidance" for c in paper)
    assert any(c.get("section") and "lawful and reasonable" in c.get("section") for c in paper)
    assert all(
        c.get(
            "url",
        )
        and c.get("title")
        and c.get("date")
        for c in paper
    )


def test_every_chunk_is_verbatim_text_of_its_source(ingester: Ingester, knowledge: Path) -> None:
    ingester.run()
    docs = {load(p).source_id: load(p) for p in (knowledge / "sources").iterdir() if not p.name.endswith(".yaml")}
    for chunk in ingester.chunks():
        text = docs[chunk.source_id].text
        start = int(chunk.meta["start"])
        assert text[start : start + len(chunk.text)] == chunk.text


def test_unchanged_documents_are_skipped_without_loading_the_model(ingester: Ingester) -> None:
    ingester.run()
    assert ingester.loads == 1
    report = ingester.run()
    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 0, 3, 0)
    assert ingester.loads == 1  # the embedder was never created


def test_changed_document_is_replaced_and_removed_one_deleted(ingester: Ingester, knowledge: Path) -> None:
    ingester.run()
    paper = knowledge / "sources" / "apsc-public-comment.md"
    paper.write_text(paper.read_text() + "\n## Added later\n\nA new paragraph that says something new entirely.\n")
    (knowledge / "sources" / "nsw-ombudsman-article.txt").unlink()
    report = ingester.run()
    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 1, 1, 1)
    chunks = ingester.chunks()
    assert "nsw-ombudsman-article" not in {c.source_id for c in chunks}
    apsc = [c for c in chunks if c.source_id == "apsc-public-comment"]
    assert any("something new entirely" in c.text for c in apsc)
    assert len({c.get("doc_hash") for c in apsc}) == 1  # the old version's chunks are gone
    # Nothing orphaned is left in the collection either.
    index = ingester.index()
    state = index.state()
    assert state is not None
    assert index.chunk_collection(state.collection).count() == len(chunks)


def test_rebuild_starts_clean(ingester: Ingester) -> None:
    ingester.run()
    first = ingester.index().state()
    report = ingester.run(rebuild=True)
    assert report.added == 3 and report.rebuilt
    second = ingester.index().state()
    assert first is not None and second is not None and first.collection != second.collection
    names = [c.name for c in ingester.index().client.list_collections()]
    assert first.collection not in names


def test_embedder_mismatch_is_reported_with_the_fix(ingester: Ingester) -> None:
    ingester.run()
    index = ingester.index()
    with pytest.raises(EmbedderMismatch, match="policybot ingest --rebuild"):
        run_ingest(
            index,
            ingester.settings.knowledge_dir,
            HashEmbedder,
            embedder_name="another-model",
            embedder_dim=384,
        )


class FailingEmbedder(HashEmbedder):
    def embed(self, texts):  # type: ignore[no-untyped-def]
        raise RuntimeError("the model crashed")


def test_a_failure_part_way_leaves_the_previous_index_usable(ingester: Ingester, knowledge: Path) -> None:
    ingester.run()
    before = sorted((c.id, c.text) for c in ingester.chunks())
    paper = knowledge / "sources" / "nsw-ombudsman-social-media.md"
    paper.write_text(paper.read_text().replace("lawful", "lawful and fair"))
    with pytest.raises(RuntimeError, match="the model crashed"):
        ingester.run(embedder=FailingEmbedder())
    assert sorted((c.id, c.text) for c in ingester.chunks()) == before
    report = ingester.run()  # and the next run repairs it
    assert report.updated == 1


def test_a_write_that_stops_part_way_keeps_the_old_version_live(ingester: Ingester, knowledge: Path) -> None:
    """Chunks written for a new version count only once the manifest commits that version."""
    ingester.run()
    index = ingester.index()
    state = index.state()
    assert state is not None
    collection = index.chunk_collection(state.collection)
    old = [c for c in ingester.chunks() if c.source_id == "apsc-public-comment"]
    stray_meta = {**old[0].meta, "doc_hash": "not-committed", "chunk_index": 0}
    index.add_chunks(
        collection,
        ["apsc-public-comment:stray:0"],
        ["half-written text"],
        [stray_meta],
        np.zeros((1, HashEmbedder().dim), dtype=np.float32),
    )
    live = [c for c in ingester.chunks() if c.source_id == "apsc-public-comment"]
    assert [c.id for c in live] == [c.id for c in old]
    ingester.run()
    assert "apsc-public-comment:stray:0" not in collection.get()["ids"]


def test_manifest_records_the_embedder(ingester: Ingester) -> None:
    ingester.run()
    state = KnowledgeIndex.open(ingester.settings).state()
    assert state is not None and state.embedder == HashEmbedder().name and state.dim == HashEmbedder().dim


def test_a_running_engine_keeps_answering_through_a_rebuild(ingester: Ingester) -> None:
    from bot.core.parts import load_parts

    ingester.run()
    parts = load_parts(ingester.settings)
    before = parts.answerer.ask("Can I like a minister's post?", jurisdiction="NSW")
    ingester.run(rebuild=True)  # drops the collection the engine was searching
    after = parts.answerer.ask("Can I like a minister's post?", jurisdiction="NSW")
    assert after.verdict == before.verdict and after.citations


def test_a_rebuild_keeps_a_document_whose_file_cannot_be_read_this_time(ingester: Ingester, knowledge: Path) -> None:
    ingester.run()
    before = sorted(c.text for c in ingester.chunks() if c.source_id == "apsc-public-comment")
    paper = knowledge / "sources" / "apsc-public-comment.md"
    paper.write_text("---\nid: apsc-public-comment\n---\nbroken front matter\n")
    report = ingester.run(rebuild=True)
    assert len(report.errors) == 1 and report.removed == 0
    assert sorted(c.text for c in ingester.chunks() if c.source_id == "apsc-public-comment") == before


def test_a_crash_while_writing_keeps_every_uncommitted_document_at_its_old_version(
    ingester: Ingester, knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingester.run()
    old = {c.source_id: c.get("doc_hash") for c in ingester.chunks()}
    for name in ("apsc-public-comment.md", "nsw-ombudsman-social-media.md"):
        path = knowledge / "sources" / name
        path.write_text(path.read_text() + "\n\nA sentence added to this version.\n")
    calls = []
    real_add = KnowledgeIndex.add_chunks

    def add_then_crash(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_add(self, *args, **kwargs)

    monkeypatch.setattr(KnowledgeIndex, "add_chunks", add_then_crash)
    with pytest.raises(OSError, match="disk full"):
        ingester.run()
    monkeypatch.undo()
    live = ingester.chunks()
    hashes: dict[str, set[str | None]] = {}
    for chunk in live:
        hashes.setdefault(chunk.source_id, set()).add(chunk.get("doc_hash"))
    assert all(len(h) == 1 for h in hashes.values())  # never a mix of two versions of one document
    changed = [sid for sid in ("apsc-public-comment", "nsw-ombudsman-social-media") if hashes[sid] != {old[sid]}]
    assert len(changed) == 1  # the first was committed, the second kept its old version
    assert hashes["nsw-ombudsman-article"] == {old["nsw-ombudsman-article"]}
    report = ingester.run()
    assert report.updated == 1 and report.unchanged == 2
