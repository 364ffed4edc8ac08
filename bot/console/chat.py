"""`policybot chat`: a console chat taking the same inputs as Slack: a question, `/checkpost TEXT`, `/help`."""

from __future__ import annotations

from rich.console import Console

from bot.console.render import print_answer, print_check
from bot.core.engine import Engine
from bot.settings import Settings

HELP = """Ask me about something you are about to do on social media, e.g. "Can I like my minister's post?"
  /checkpost TEXT   check a draft post before you publish it
  /jurisdiction J   apply another jurisdiction's guidance (e.g. NSW, Commonwealth); /jurisdiction alone resets
  /help             this help
  /quit             leave (or Ctrl-D)"""


def run_chat(engine: Engine, settings: Settings, console: Console | None = None) -> int:
    console = console or Console()
    jurisdiction = settings.jurisdiction
    console.print("[bold]policybot[/bold]: guidance on social media for public servants, with sources.")
    console.print(f"Jurisdiction applied: {jurisdiction or 'none set (all jurisdictions)'}. Type /help for help.")
    engine.start_warming()
    while True:
        try:
            line = console.input("[bold cyan]you>[/bold cyan] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return 0
        if not line:
            continue
        command, _, rest = line.partition(" ")
        command = command.lower()
        try:
            if command in {"/quit", "/exit"}:
                return 0
            if command == "/help":
                console.print(HELP)
            elif command == "/jurisdiction":
                jurisdiction = rest.strip() or settings.jurisdiction
                console.print(f"Jurisdiction applied: {jurisdiction or 'none set (all jurisdictions)'}.")
            elif command == "/checkpost":
                with console.status("Checking…"):
                    check = engine.checkpost(rest, jurisdiction=jurisdiction)
                print_check(check, console)
            elif command.startswith("/"):
                console.print(f"Unknown command {command}. Type /help for help.")
            else:
                with console.status("Checking…"):
                    answer = engine.ask(line, jurisdiction=jurisdiction)
                print_answer(answer, console)
        except Exception as exc:  # tell the user, keep the chat going
            console.print(f"[red]Sorry, that failed: {exc.__class__.__name__}: {exc}[/red]")
