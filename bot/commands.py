"""The terminal commands: ask, checkpost, chat and eval. They build the engine once and render its results."""

from __future__ import annotations

import argparse
import json
import sys

from chromadb.errors import ChromaError

from bot.app import build_engine
from bot.core.engine import Engine
from bot.core.index import IndexError_, IndexMissing
from bot.core.knowledge import KnowledgeError
from bot.settings import Settings
from ingest.pipeline import IngestFailed


def ensure_index(settings: Settings) -> None:
    """`ask` and `chat` build the index first when there is none."""
    from bot.core.index import KnowledgeIndex

    if KnowledgeIndex.open(settings).state() is not None:
        return
    from ingest.cli import ingest

    print("policybot: no index yet; building it (policybot ingest)...", file=sys.stderr)
    report = ingest(settings)
    print(f"ingest: {report.summary()}", file=sys.stderr)


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.command in {"ask", "chat", "checkpost", "eval"}:
            ensure_index(settings)
        engine = build_engine(settings)
        if args.command == "ask":
            return _ask(engine, args)
        if args.command == "checkpost":
            return _checkpost(engine, args)
        if args.command == "chat":
            from bot.console.chat import run_chat

            return run_chat(engine, settings)
        if args.command == "eval":
            from bot.evaluate import run_eval

            return run_eval(engine, args.file, as_json=args.json, knowledge_dir=settings.knowledge_dir)
    except (IndexMissing, IndexError_, KnowledgeError, IngestFailed, ValueError) as exc:
        print(f"policybot {args.command}: {exc}", file=sys.stderr)
        return 2
    except (OSError, ChromaError) as exc:  # an unreadable or read-only index folder, a broken store
        print(f"policybot {args.command}: the index could not be used ({exc.__class__.__name__}: {exc})",
              file=sys.stderr)
        return 2
    raise AssertionError(args.command)


def _ask(engine: Engine, args: argparse.Namespace) -> int:
    answer = engine.ask(args.question, jurisdiction=args.jurisdiction)
    if args.json:
        print(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False))
    else:
        from bot.console.render import print_answer

        print_answer(answer)
    return 0


def _checkpost(engine: Engine, args: argparse.Namespace) -> int:
    draft = sys.stdin.read() if args.draft == "-" else args.draft
    check = engine.checkpost(draft, jurisdiction=args.jurisdiction)
    if args.json:
        print(json.dumps(check.model_dump(mode="json"), ensure_ascii=False))
    else:
        from bot.console.render import print_check

        print_check(check)
    return 0
