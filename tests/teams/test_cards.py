"""Adaptive Card rendering and the text Teams sends, without a server."""

from __future__ import annotations

import json

from bot.core.models import Answer, Citation, Finding, PostCheck
from bot.teams import cards
from bot.teams.text import parse_command, plain_text, thread_root

C1 = Citation(
    n=1,
    source_id="apsc-public-comment",
    title="Making public comment",
    section="Likes",
    locator="p. 3",
    url="https://example.gov.au/guidance",
    quote="Liking a post is taken as endorsing it.",
)
C2 = Citation(n=2, source_id="unused", title="Never cited in the text", quote="Not used.")


def _answer(**changes: object) -> Answer:
    fields: dict[str, object] = dict(
        question="Can I like it?",
        verdict="caution",
        summary="A like can be read as endorsement.",
        answer="Caution: ...",
        jurisdiction="NSW",
        faq_id="like-minister-post",
        citations=[C1, C2],
        body="Likes are generally taken as endorsement [1].",
        approval="Approved answer: reviewed by X on 2026-11-24",
        footer="This is guidance, not legal advice. Ask the Integrity Unit.",
    )
    fields.update(changes)
    return Answer.model_validate(fields)


def test_answer_card_order_and_content() -> None:
    card = cards.answer_card(_answer(), ref="act-1")
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    texts = [b.get("text") for b in card["body"]]
    assert "Caution" in texts[0] and "A like can be read as endorsement." in texts[0]
    assert card["body"][0]["color"] == "Warning"
    assert texts[1] == "Likes are generally taken as endorsement [1]."
    assert "Approved answer: reviewed by X" in texts[2]
    assert card["body"][-1]["text"].startswith("This is guidance, not legal advice")
    dumped = json.dumps(card, ensure_ascii=False)
    assert "[Making public comment](https://example.gov.au/guidance) — Likes · p. 3" in dumped
    assert "“Liking a post is taken as endorsing it.”" in dumped
    assert "Never cited in the text" not in dumped  # only the citations the body uses
    data = [a["data"] for a in card["actions"]]
    assert data[0] == {
        "policybot": "feedback",
        "vote": "up",
        "ref": "act-1",
        "verdict": "caution",
        "faq_id": "like-minister-post",
    }
    assert cards.feedback_click(data[1]) == cards.FeedbackClick(
        "down", "act-1", "caution", "like-minister-post"
    )
    assert card["fallbackText"].startswith("Caution: A like can be read as endorsement.")


def test_not_covered_answer_has_no_sources() -> None:
    card = cards.answer_card(
        _answer(verdict="not_covered", citations=[], body="Ask HR.", approval=None, faq_id=None), ref="x"
    )
    assert "Sources" not in json.dumps(card)
    assert "Not covered by the guidance" in card["body"][0]["text"]


def test_postcheck_card() -> None:
    check = PostCheck(
        text="draft",
        verdict="avoid",
        summary="Avoid: harsh criticism of a minister.",
        suggestion="Say less.",
        findings=[
            Finding(
                signal="harsh-criticism",
                severity="avoid",
                excerpt="a disaster",
                label="Harsh criticism",
                explanation="The APSC lists it.",
                citations=[C1],
            )
        ],
        footer="This is guidance, not legal advice.",
    )
    card = cards.postcheck_card(check)
    assert (
        card["body"][0]["text"].count("Avoid") == 1
    )  # a summary already starting with the verdict is not doubled
    finding = card["body"][1]
    assert finding["style"] == "attention"
    dumped = json.dumps(finding, ensure_ascii=False)
    assert "Harsh criticism" in dumped and "“a disaster”" in dumped and "Liking a post" in dumped
    assert any("Say less." == b.get("text") for b in card["body"])
    assert "actions" not in card


def test_feedback_click_ignores_other_data() -> None:
    assert cards.feedback_click(None) is None
    assert cards.feedback_click({"policybot": "feedback", "vote": "maybe"}) is None
    assert cards.feedback_click({"other": 1}) is None


def test_plain_text_and_commands() -> None:
    assert plain_text("<at>policy bot</at> Can I&nbsp;like <b>this</b>?") == "Can I like this?"
    assert plain_text("<p>First</p><p>Second &amp; third</p>") == "First\nSecond & third"
    assert parse_command("CheckPost: Proud of my team") == parse_command("checkpost Proud of my team")
    assert parse_command("checkpost Proud of my team").kind == "checkpost"
    assert parse_command("checkposting is fun?").kind == "ask"
    assert parse_command("help").kind == "help" and parse_command("/help").kind == "help"
    assert parse_command("help me decide whether to share this").kind == "ask"
    assert parse_command("").kind == "help"
    assert thread_root("19:abc@thread.tacv2;messageid=123", "456") == "123"
    assert thread_root("19:abc@thread.tacv2", "456") == "456"


def test_scope_and_mentions_of_real_activities() -> None:
    from botbuilder.schema import Activity

    from bot.teams.text import mentions_me, scope_of
    from tests.teams.connector import FIXTURES

    def load(name: str) -> Activity:
        return Activity().deserialize(json.loads((FIXTURES / name).read_text()))

    personal = load("personal_message.json")
    assert scope_of(personal) == "personal" and not mentions_me(personal)
    assert scope_of(load("channel_mention.json")) == "channel" and mentions_me(load("channel_mention.json"))
    assert not mentions_me(load("channel_faq_message.json"))
