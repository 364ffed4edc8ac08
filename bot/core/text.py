"""Text handling shared by the core: platform markup, sentence spans, whitespace-insensitive matching."""

from __future__ import annotations

import html
import re

MAX_DRAFT_CHARS = 4000  # a draft longer than this is cut, with a note (Slack messages are at most 4,000 chars)

_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]+))?>")
_SLACK_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]+))?>")
_SLACK_CHANNEL = re.compile(r"<#(C[A-Z0-9]+)(?:\|([^>]*))?>")
_SLACK_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_SLACK_SUBTEAM = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|([^>]+))?>")
_TEAMS_AT = re.compile(r"</?at>")
_WS = re.compile(r"\s+")
# Zero-width characters hide words from matching ("dis\u200bgrace") and show nothing to a reader: dropped.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and whitespace, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")


def clean_markup(text: str) -> str:
    """Turns Slack and Teams markup into the plain text a person sees."""
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_USER.sub(lambda m: "@" + (m.group(2) or "someone"), text)
    text = _SLACK_CHANNEL.sub(lambda m: "#" + (m.group(2) or "channel"), text)
    text = _SLACK_SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = _SLACK_SUBTEAM.sub(lambda m: m.group(1) or "@team", text)
    text = _TEAMS_AT.sub("", text)
    return html.unescape(text).translate(_INVISIBLE)


def squash(text: str) -> str:
    """Collapses whitespace, for comparisons that ignore it."""
    return _WS.sub(" ", text).strip()


def contains_verbatim(haystack: str, needle: str) -> bool:
    return squash(needle) in squash(haystack)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line, trimmed of surrounding whitespace and list bullets."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_span(text, start, match.start() + len(match.group(0).rstrip()), spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and (text[start].isspace() or text[start] in "-*•>#"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2:
        spans.append((start, end))


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]
