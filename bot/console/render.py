"""Rich rendering of answers and post checks for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from bot.core.models import VERDICT_LABEL, Answer, Citation, PostCheck

COLOUR = {"ok": "green", "caution": "yellow", "avoid": "red", "not_covered": "blue"}


def _sources(console: Console, citations: list[Citation]) -> None:
    if not citations:
        return
    console.print("[bold]Sources[/bold]")
    for c in citations:
        where = ", ".join(part for part in (c.section, c.locator) if part)
        heading = f"[{c.n}] {escape(c.title)}" + (f" — {escape(where)}" if where else "")
        console.print(heading, style="bold")
        if c.url:
            console.print(f"    [link={c.url}]{escape(c.url)}[/link]", style="dim")
        console.print(f"    “{escape(c.quote.strip())}”", style="italic")


def _headline(console: Console, verdict: str, summary: str) -> None:
    """The verdict first, in its colour, with the one-line summary."""
    title = f"[bold]{VERDICT_LABEL[verdict]}[/bold]"
    console.print(Panel(escape(summary), title=title, title_align="left", border_style=COLOUR[verdict]))


def print_answer(answer: Answer, console: Console | None = None) -> None:
    console = console or Console()
    _headline(console, answer.verdict, answer.summary)
    console.print(escape(answer.body))
    if answer.approval:
        console.print(f"✔ {escape(answer.approval)}", style="green")
    _sources(console, answer.used_citations())
    console.print(escape(answer.footer), style="dim")


def print_check(check: PostCheck, console: Console | None = None) -> None:
    console = console or Console()
    if not check.text:  # nothing to check: the summary is the usage help
        console.print(escape(check.summary))
        return
    _headline(console, check.verdict, check.summary)
    for finding in check.findings:
        console.print(
            f"[{COLOUR[finding.severity]}]● {escape(finding.label or finding.signal)} ({finding.severity})[/]"
        )
        console.print(f"  “{escape(finding.excerpt)}”", style="italic")
        console.print(f"  {escape(finding.explanation)}")
        for c in finding.citations:
            console.print(f"  [{c.n}] {escape(c.title)}: “{escape(c.quote.strip())}”", style="dim")
    if check.suggestion:
        console.print(f"[bold]Safer:[/bold] {escape(check.suggestion)}")
    console.print(escape(check.footer), style="dim")
