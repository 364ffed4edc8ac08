"""The `policybot` command: builds everything once and hands it down."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest import cli as ingest_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policybot",
        description="Checks social media conduct against the guidance that binds public servants, with sources.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest",
        help="build or update the knowledge index",
        epilog=ingest_cli.EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ingest_cli.add_arguments(ingest)

    ask = commands.add_parser("ask", help="answer a question, with sources")
    ask.add_argument("question", metavar="QUESTION")
    ask.add_argument("--jurisdiction", metavar="J", help="e.g. NSW or Commonwealth (default: the deployment's)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")

    check = commands.add_parser("checkpost", help="check a draft post ('-' reads standard input)")
    check.add_argument("draft", metavar="DRAFT")
    check.add_argument("--jurisdiction", metavar="J", help="e.g. NSW or Commonwealth (default: the deployment's)")
    check.add_argument("--json", action="store_true", help="print one JSON object")

    commands.add_parser("chat", help="a console chat: questions, /checkpost TEXT, /help")
    commands.add_parser("serve", help="the Slack and Teams server (HOST, PORT)")

    evaluate = commands.add_parser("eval", help="run an evaluation set (JSON lines) and print the metrics")
    evaluate.add_argument("file", type=Path, metavar="FILE.jsonl")
    evaluate.add_argument("--json", action="store_true", help="print metrics and per-row results as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from pydantic import ValidationError

    from bot.logs import configure_logging
    from bot.settings import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"policybot: invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)

    if args.command == "ingest":
        return ingest_cli.run(args, settings)
    if args.command == "serve":
        from bot.app import ConfigError, build_services
        from bot.commands import ensure_index
        from bot.core.index import IndexError_
        from bot.server import serve
        from ingest.pipeline import IngestFailed

        try:
            ensure_index(settings)
            serve(settings, build_services(settings))
        except (ConfigError, IndexError_, IngestFailed) as exc:
            print(f"policybot serve: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:  # e.g. a read-only index folder, or the port is taken
            print(f"policybot serve: {exc.__class__.__name__}: {exc}", file=sys.stderr)
            return 2
        return 0
    from bot import commands

    return commands.run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
