"""`policybot ingest` and `python -m ingest`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from bot.core.embedder import HashEmbedder, MiniLMEmbedder, make_embedder
from bot.core.index import IndexError_, KnowledgeIndex
from bot.settings import Settings
from ingest.pipeline import IngestFailed, IngestReport, NoProgress, Progress, run_ingest

log = logging.getLogger(__name__)

EXIT_HELP = """exit status:
  0  the index is up to date with every document
  1  the index was updated, but some files were skipped (each is named with the reason)
  2  nothing was changed: the index or the knowledge folder could not be used (the message says why)
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--knowledge", type=Path, metavar="DIR", help="knowledge folder (default: the settings')")
    parser.add_argument("--rebuild", action="store_true", help="start the index afresh")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")


class RichProgress:
    """A rich progress bar on the terminal (stderr)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def stage(self, name: str, total: int) -> Any:
        return self._progress.add_task(name, total=total)

    def advance(self, task: Any, amount: int = 1) -> None:
        self._progress.advance(task, amount)


def embedder_identity(kind: str) -> tuple[str, int]:
    """The embedder's name and dimension, known without loading the model."""
    probe = HashEmbedder() if kind == "hash" else MiniLMEmbedder()
    return probe.name, probe.dim


def ingest(
    settings: Settings,
    *,
    knowledge: Path | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    name, dim = embedder_identity(settings.embedder)
    index = KnowledgeIndex.open(settings)
    return run_ingest(
        index,
        knowledge or settings.knowledge_dir,
        lambda: make_embedder(settings.embedder),
        embedder_name=name,
        embedder_dim=dim,
        rebuild=rebuild,
        progress=progress,
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    show_bar = sys.stderr.isatty() and not args.json
    try:
        with RichProgress() if show_bar else nullcontext(NoProgress()) as progress:
            report = ingest(settings, knowledge=args.knowledge, rebuild=args.rebuild, progress=progress)
    except (IngestFailed, IndexError_) as exc:
        return _failed(args, str(exc))
    except Exception as exc:  # Chroma unreachable, disk full: say so plainly, change nothing more
        return _failed(args, f"could not update the index: {exc.__class__.__name__}: {exc}")
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        for problem in report.errors:
            print(f"skipped {problem.reason}", file=sys.stderr)
        print(f"ingest: {report.summary()}")
    return 1 if report.errors else 0


def _failed(args: argparse.Namespace, message: str) -> int:
    if args.json:
        print(json.dumps({"error": message}))
    print(f"policybot ingest: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest",
        description="Build or update policybot's knowledge index.",
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    from bot.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_level)
    return run(args, settings)
