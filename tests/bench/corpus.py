"""A generated corpus for the ingest benchmark: Markdown documents whose sections chunk to ~200-token pieces."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "public servants must remain impartial when they use social media in a personal capacity and agencies "
    "should explain how official accounts are approved recorded moderated and kept as State records while "
    "staff avoid praising or criticising ministers policies or parties in ways that could compromise their "
    "capacity to serve the government of the day professionally and without fear or favour"
).split()
SECTIONS_PER_DOC = 20


def _paragraph(rng: random.Random) -> str:
    sentences = []
    while sum(len(s) for s in sentences) < 700:
        words = rng.sample(WORDS, 14)
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def write_corpus(folder: Path, chunks: int, seed: int = 7) -> Path:
    """Writes about `chunks` chunks' worth of documents (one chunk per section) and returns the folder."""
    rng = random.Random(seed)
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    docs = max(1, chunks // SECTIONS_PER_DOC)
    for d in range(docs):
        body = [f"# Generated policy {d}\n"]
        for s in range(SECTIONS_PER_DOC):
            body.append(f"## Section {s}\n\n{_paragraph(rng)}\n")
        front = (
            f"---\nid: generated-{d:05d}\ntitle: Generated policy {d}\npublisher: Benchmark\n"
            f"jurisdiction: Agency\ndate: 2026-01-01\nurl: null\nkind: agency-policy\n"
            f"authority: agency-policy\nverified: generated for the benchmark\n---\n"
        )
        (sources / f"generated-{d:05d}.md").write_text(front + "\n".join(body))
    return folder
