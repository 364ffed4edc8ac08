"""Teams activities POSTed to a real `policybot serve`; replies land on a local connector stand-in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.core.models import VERDICT_LABEL
from tests.helpers import KNOWLEDGE, server_log
from tests.teams.conftest import FAQ_CHANNEL
from tests.teams.connector import Call, Connector, activity, post

pytestmark = pytest.mark.server


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _sources_text() -> str:
    files = [p for p in (KNOWLEDGE / "sources").iterdir() if p.is_file()]
    return _norm(" ".join(p.read_text(encoding="utf-8") for p in files))


def _text_blocks(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "TextBlock" else []
        return own + [t for v in node.values() for t in _text_blocks(v)]
    if isinstance(node, list):
        return [t for v in node for t in _text_blocks(v)]
    return []


def _quotes(card: dict[str, Any]) -> list[str]:
    return [t[1:-1] for t in _text_blocks(card) if t.startswith("“") and t.endswith("”")]


def _messages(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.type == "message"]


def _card_reply(calls: list[Call]) -> dict[str, Any]:
    cards = [card for c in _messages(calls) for card in c.cards()]
    assert len(cards) == 1, [c.activity for c in calls]
    return cards[0]


def test_personal_question_gets_typing_then_a_card_with_sources(teams_server: str, connector: Connector,
                                                                 teams_index: Path) -> None:
    conv = "a:personal-question"
    body = activity("personal_message.json", connector, conversation_id=conv)
    status, _ = post(teams_server, body)
    assert status in {200, 201}
    calls = connector.to(conv)
    assert calls[0].type == "typing"
    assert all(c.authorization is None for c in calls)  # anonymous mode: no token on replies
    card = _card_reply(calls)
    reply = next(c for c in _messages(calls) if c.cards())
    assert reply.reply_to == body["id"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    first = card["body"][0]["text"]
    assert any(label in first for label in VERDICT_LABEL.values())
    assert reply.activity["summary"].split(":")[0] in VERDICT_LABEL.values()
    assert card["fallbackText"].startswith(reply.activity["summary"])
    quotes = _quotes(card)
    assert quotes, card
    sources = _sources_text()
    assert all(_norm(q) in sources for q in quotes)
    assert "Sources" in json.dumps(card)
    assert "not legal advice" in card["body"][-1]["text"]
    votes = [a["data"]["vote"] for a in card["actions"]]
    assert votes == ["up", "down"] and card["actions"][0]["type"] == "Action.Submit"
    usage = (teams_index / "usage.jsonl").read_text()
    assert '"platform": "teams"' in usage and '"kind": "ask"' in usage


def test_checkpost_command_gets_findings(teams_server: str, connector: Connector) -> None:
    conv = "a:personal-checkpost"
    status, _ = post(teams_server, activity("checkpost_command.json", connector, conversation_id=conv))
    assert status in {200, 201}
    card = _card_reply(connector.to(conv))
    findings = [b for b in card["body"]
                if b.get("type") == "Container" and b.get("style") in {"warning", "attention"}]
    assert findings, card
    assert "Avoid" in card["body"][0]["text"] or "Caution" in card["body"][0]["text"]
    assert any("minister" in t.lower() for t in _text_blocks(findings[0]))  # the excerpt of the draft


@pytest.mark.parametrize("text", ["checkpost", "CheckPost  ", "/checkpost"])
def test_empty_checkpost_gets_usage_help(teams_server: str, connector: Connector, text: str) -> None:
    conv = f"a:personal-empty-checkpost-{text.strip()}"
    post(teams_server, activity("personal_message.json", connector, conversation_id=conv, text=text))
    messages = _messages(connector.to(conv))
    assert len(messages) == 1 and "checkpost" in messages[0].activity["text"]
    assert not messages[0].cards()


def test_help(teams_server: str, connector: Connector) -> None:
    conv = "a:personal-help"
    post(teams_server, activity("personal_message.json", connector, conversation_id=conv, text="help"))
    (message,) = _messages(connector.to(conv))
    assert "checkpost" in message.activity["text"] and "Check this post" in message.activity["text"]


def test_channel_mention_is_answered_in_its_thread(teams_server: str, connector: Connector) -> None:
    body = activity("channel_mention.json", connector)
    conv = body["conversation"]["id"]
    assert ";messageid=" in conv
    status, _ = post(teams_server, body)
    assert status in {200, 201}
    calls = connector.to(conv)
    assert all(c.type != "typing" for c in calls)  # Teams shows no typing indicator in channels
    card = _card_reply(calls)
    assert all(c.reply_to == body["id"] for c in calls)
    # The mention was removed: the same question asked in a personal chat gets the same answer.
    personal = "a:personal-same-question"
    post(teams_server, activity("personal_message.json", connector, conversation_id=personal))
    assert _card_reply(connector.to(personal))["fallbackText"] == card["fallbackText"]


def test_channel_message_without_mention_elsewhere_is_ignored(teams_server: str,
                                                              connector: Connector) -> None:
    body = activity("channel_faq_message.json", connector)
    general = "19:general-channel@thread.tacv2"
    body["channelData"]["channel"]["id"] = general
    body["conversation"]["id"] = f"{general};messageid={body['id']}"
    status, _ = post(teams_server, body)
    assert status in {200, 201}
    assert connector.to(body["conversation"]["id"]) == []


def test_faq_reply_in_an_enabled_channel_once(teams_server: str, connector: Connector) -> None:
    def channel_post(message_id: str, **changes: Any) -> dict[str, Any]:
        body = activity("channel_faq_message.json", connector, id=message_id, **changes)
        body["conversation"]["id"] = f"{FAQ_CHANNEL};messageid={message_id}"
        return body

    # From a bot: never.
    other_bot = {"id": "28:another-bot", "name": "Other", "role": "bot"}
    from_bot = channel_post("2000000000001", **{"from": other_bot})
    post(teams_server, from_bot)
    assert connector.to(from_bot["conversation"]["id"]) == []
    # Not an FAQ question: silence.
    chatter = channel_post("2000000000002", text="The coffee machine on level 3 is broken again")
    post(teams_server, chatter)
    assert connector.to(chatter["conversation"]["id"]) == []
    # A reply inside a thread: not a top-level question.
    in_thread = channel_post("2000000000003", replyToId="1999999999999")
    in_thread["conversation"]["id"] = f"{FAQ_CHANNEL};messageid=1999999999999"
    post(teams_server, in_thread)
    assert connector.to(in_thread["conversation"]["id"]) == []
    # A human's top-level question matching an entry: one threaded reply with the approved answer.
    question = channel_post("2000000000004")
    status, _ = post(teams_server, question)
    assert status in {200, 201}
    calls = connector.to(question["conversation"]["id"])
    card = _card_reply(calls)
    assert [c.reply_to for c in calls] == [question["id"]]
    assert _quotes(card)
    # The same question again soon after: the cool-down keeps the bot quiet.
    again = channel_post("2000000000005")
    post(teams_server, again)
    assert connector.to(again["conversation"]["id"]) == []


@pytest.mark.parametrize("fixture", ["message_action_fetch_task.json", "message_action_submit.json"])
def test_check_this_post_message_action_answers_privately(teams_server: str, connector: Connector,
                                                          fixture: str) -> None:
    body = activity(fixture, connector)
    body["conversation"]["id"] = conv = f"19:action-channel@thread.tacv2;messageid={fixture}"
    status, response = post(teams_server, body)
    assert status == 200, response
    task = response["task"]
    assert task["type"] == "continue"
    card = task["value"]["card"]["content"]
    assert card["type"] == "AdaptiveCard"
    assert any(b.get("type") == "Container" for b in card["body"]), card
    assert connector.to(conv) == []  # nothing posted where others could see it


def test_feedback_buttons_are_recorded_without_raw_user_ids(teams_server: str, connector: Connector,
                                                            teams_index: Path) -> None:
    conv = "a:personal-feedback"
    submit = activity("feedback_submit.json", connector, conversation_id=conv)
    status, _ = post(teams_server, submit)
    assert status in {200, 201}
    (thanks,) = _messages(connector.to(conv))
    assert "feedback" in thanks.activity["text"].lower()
    status, response = post(teams_server, activity("feedback_invoke.json", connector, conversation_id=conv))
    assert status == 200 and response["statusCode"] == 200, response
    rows = [json.loads(line) for line in (teams_index / "feedback.jsonl").read_text().splitlines()]
    teams_rows = [r for r in rows if r["platform"] == "teams"]
    assert [r["vote"] for r in teams_rows] == ["up", "down"]
    assert teams_rows[0]["faq_id"] == "like-minister-post" and teams_rows[0]["answer"] == "1732418120123"
    raw = (teams_index / "feedback.jsonl").read_text()
    assert submit["from"]["id"] not in raw and submit["from"]["aadObjectId"] not in raw
    assert teams_rows[0]["user"]


def test_installation_gets_a_welcome(teams_server: str, connector: Connector) -> None:
    conv = "a:personal-install"
    status, _ = post(teams_server, activity("conversation_update.json", connector, conversation_id=conv))
    assert status in {200, 201}
    (welcome,) = _messages(connector.to(conv))
    assert "checkpost" in welcome.activity["text"]


def test_unknown_activity_type_is_acknowledged_and_ignored(teams_server: str, connector: Connector) -> None:
    conv = "a:personal-unknown"
    status, _ = post(teams_server, activity("unknown_type.json", connector, conversation_id=conv))
    assert 200 <= status < 300
    assert connector.to(conv) == []


@pytest.mark.parametrize(("raw", "content_type"), [
    (b"this is not json", "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b'{"text": "no type"}', "application/json"),
    (b'{"type": "message", "text": "no serviceUrl"}', "application/json"),
    (b'{"type": "message", "serviceUrl": "http://x/", "from": "not an account"}', "application/json"),
    (b'{"type": "message", "serviceUrl": "http://x/", "from": {"id": "u1"}, "text": "no conversation"}',
     "application/json"),
    (b'{"type": "message", "serviceUrl": "http://x/", "conversation": {"id": "c1"}, "text": "no sender"}',
     "application/json"),
    (b'{"type": "invoke", "name": "composeExtension/fetchTask", "value": "x", "serviceUrl": "http://x/",'
     b' "conversation": {"id": "c1"}, "from": {"id": "u1"}}', "application/json"),
    (b'{"type": "invoke", "name": "composeExtension/submitAction", "value": {"messagePayload": "x"},'
     b' "serviceUrl": "http://x/", "conversation": {"id": "c1"}, "from": {"id": "u1"}}', "application/json"),
    (b'{"type": "message"}', "text/plain"),
    (b"\xff\xfe", "application/json"),
])
def test_malformed_body_gets_4xx(teams_server: str, raw: bytes, content_type: str) -> None:
    status, _ = post(teams_server, None, raw=raw, content_type=content_type)
    assert 400 <= status < 500


def test_connector_failure_is_logged_without_text_and_the_user_is_told(
    teams_server: str, connector: Connector, teams_env: dict[str, str]
) -> None:
    conv = "a:personal-fail-delivery"
    question = "Can I like a minister's post on social media? zebra-7731"
    status, _ = post(teams_server, activity("personal_message.json", connector, conversation_id=conv,
                                            text=question))
    assert status in {200, 201}
    messages = _messages(connector.to(conv))
    assert messages[0].cards()  # the card was tried and refused with a 500
    assert any("could not" in (m.activity.get("text") or "").lower() or "would not" in
               (m.activity.get("text") or "").lower() for m in messages[1:])
    log = server_log(teams_env)
    assert "could not deliver the answer" in log
    assert "zebra-7731" not in log
    assert "minister's post" not in log and "coffee machine" not in log
