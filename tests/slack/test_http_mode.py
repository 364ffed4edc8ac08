"""Slack in HTTP mode from outside: signed requests to a real `policybot serve`, a stand-in Web API."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import server_log
from tests.slack.conftest import FAQ_CHANNEL
from tests.slack.mock_web_api import MockSlack
from tests.slack.slack_requests import (
    event,
    fixture,
    fresh_ts,
    post,
    post_interaction,
    post_json,
    post_slash,
    slash_body,
)

pytestmark = pytest.mark.server
OTHER_FAQ_CHANNEL = "C0OTHER01"
TEXTS_SENT: list[str] = []  # everything users "typed": none of it may reach the server log


def blocks_text(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks") or [], ensure_ascii=False)


def send_event(base: str, name: str, **fields: Any) -> tuple[dict[str, Any], Any]:
    body = event(name, **fields)
    if "text" in body["event"]:
        TEXTS_SENT.append(body["event"]["text"])
    reply = post_json(base, body)
    assert reply.status == 200, reply.text
    return body, reply


# -- verification ------------------------------------------------------------------------------------------
def test_url_verification_echoes_the_challenge(slack_server: str) -> None:
    payload = fixture("url_verification")
    reply = post_json(slack_server, payload)
    assert reply.status == 200
    assert reply.json()["challenge"] == payload["challenge"]


@pytest.mark.parametrize(("body", "content_type", "signed"), [
    ("{{", "application/json", False),
    ("[1]", "application/json", True),
    ("payload=not-json", "application/x-www-form-urlencoded", True),
    ('{"type": "event_callback", "event": "hi", "team_id": "T1"}', "application/json", True),
    ('{"type": "event_callback", "event": null, "team_id": "T1"}', "application/json", True),
    ('payload={"type": "block_actions", "actions": []}', "application/x-www-form-urlencoded", True),
    ('payload={"type": "view_submission", "view": {}}', "application/x-www-form-urlencoded", True),
])
def test_malformed_requests_get_a_4xx_never_a_500(slack_server: str, body: str, content_type: str,
                                                   signed: bool) -> None:
    headers = {} if signed else {"X-Slack-Signature": "", "X-Slack-Request-Timestamp": ""}
    reply = post(slack_server, body, content_type, headers=headers)
    assert 400 <= reply.status < 500, (reply.status, reply.text)
    assert urllib.request.urlopen(f"{slack_server}/healthz").status == 200


def test_wrong_signature_is_refused(slack_server: str) -> None:
    reply = post_json(slack_server, fixture("url_verification"), secret="not-the-signing-secret")
    assert reply.status == 401
    assert reply.json() == {"error": "invalid request"}


def test_stale_signature_is_refused(slack_server: str) -> None:
    reply = post_json(slack_server, fixture("url_verification"), timestamp=int(time.time()) - 10 * 60)
    assert reply.status == 401


def test_unsigned_request_is_refused(slack_server: str) -> None:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{slack_server}/slack/events", data=b'{"type":"url_verification"}',
                                     headers={"Content-Type": "application/json"}, method="POST")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=10)
    assert raised.value.code == 401


# -- /checkpost and the message shortcut -------------------------------------------------------------------
def test_checkpost_is_acked_at_once_and_answered_privately(slack_server: str, mock_slack: MockSlack) -> None:
    draft = "Vote for the Greens on Saturday! The Premier is a disgrace."
    TEXTS_SENT.append(draft)
    reply = post_slash(slack_server, draft, mock_slack.response_url("checkpost-1"))
    assert reply.status == 200
    assert reply.seconds < 3.0, f"ack took {reply.seconds:.2f} s"
    ack = reply.json()
    assert ack["response_type"] == "ephemeral" and "Checking" in ack["text"]

    result = mock_slack.wait_for(lambda: mock_slack.responses_to("checkpost-1"))[0]
    assert result["response_type"] == "ephemeral"
    assert result["text"].startswith("Avoid") or result["text"].startswith("Caution")
    blocks = blocks_text(result)
    assert "feedback_up" in blocks and "feedback_down" in blocks
    sections = [b for b in result["blocks"] if b["type"] == "section"]
    assert len(sections) >= 2, "a verdict line and at least one finding"
    assert all(len(b["text"]["text"]) <= 3000 for b in sections)


def test_empty_checkpost_gets_usage_help(slack_server: str, mock_slack: MockSlack) -> None:
    reply = post_slash(slack_server, "   ", mock_slack.response_url("checkpost-empty"))
    assert reply.status == 200
    ack = reply.json()
    assert ack["response_type"] == "ephemeral"
    assert "/checkpost TEXT" in ack["text"]
    time.sleep(0.5)
    assert mock_slack.responses_to("checkpost-empty") == []


def test_message_shortcut_checks_the_message_privately(slack_server: str, mock_slack: MockSlack) -> None:
    payload = fixture("message_action_check_post")
    payload["response_url"] = mock_slack.response_url("shortcut-1")
    TEXTS_SENT.append(payload["message"]["text"])
    reply = post_interaction(slack_server, payload)
    assert reply.status == 200 and reply.seconds < 3.0
    responses = mock_slack.wait_for(lambda: [r for r in mock_slack.responses_to("shortcut-1") if "blocks" in r
                                             and any(b.get("block_id") == "feedback" for b in r["blocks"])])
    assert all(r["response_type"] == "ephemeral" for r in mock_slack.responses_to("shortcut-1"))
    assert responses[0]["text"].split(":")[0] in {"OK", "Caution", "Avoid"}


# -- questions: DMs and mentions ---------------------------------------------------------------------------
def test_dm_is_answered_with_citations_and_eyes(slack_server: str, mock_slack: MockSlack) -> None:
    ts = fresh_ts()
    send_event(slack_server, "message_im", ts=ts, event_ts=ts)
    mock_slack.wait_for(lambda: mock_slack.calls_to("reactions.add", channel="D0DM00001", timestamp=ts))
    [call] = mock_slack.wait_for(lambda: mock_slack.calls_to("chat.postMessage", channel="D0DM00001")
                                 and [c for c in mock_slack.calls_to("chat.postMessage", channel="D0DM00001")
                                      if "minister" in c.params["text"].lower()][-1:])
    assert call.params["text"].startswith("Caution")
    assert call.authorization == "Bearer xoxb-test-0000-token"
    assert not call.params.get("thread_ts"), "a DM is answered in the DM, not in a thread"
    blocks = blocks_text(call.params)
    assert "*Sources*" in blocks
    assert "Even liking a post from senior ministerial staff" in blocks  # a verbatim quote
    assert "NSW ombud cautions public servants" in blocks  # its source's title
    assert "[1]" in blocks and "not legal advice" in blocks
    reaction = mock_slack.calls_to("reactions.add", timestamp=ts)[0]
    assert reaction.params["name"] == "eyes"
    first_reaction = mock_slack.calls.index(reaction)
    assert first_reaction < mock_slack.calls.index(call), "👀 comes before the answer"


def test_a_dm_with_a_screenshot_is_answered(slack_server: str, mock_slack: MockSlack) -> None:
    """Slack sends a message with a file as subtype file_share: still a person asking."""
    ts = fresh_ts()
    send_event(slack_server, "message_im", ts=ts, event_ts=ts, subtype="file_share", channel="D0DMFILE1",
               files=[{"id": "F0001", "name": "draft.png"}])
    mock_slack.wait_for(lambda: mock_slack.calls_to("chat.postMessage", channel="D0DMFILE1"))


def test_mention_is_answered_in_its_thread(slack_server: str, mock_slack: MockSlack) -> None:
    ts = fresh_ts()
    send_event(slack_server, "app_mention", ts=ts, event_ts=ts)
    [call] = mock_slack.wait_for(lambda: mock_slack.calls_to("chat.postMessage", thread_ts=ts))
    assert call.params["channel"] == "C0GEN0001"
    assert "<@U0BOT0001>" not in call.params["text"]
    assert mock_slack.calls_to("reactions.add", timestamp=ts)
    assert not mock_slack.calls_to("conversations.replies", ts=ts), "a top-level mention has no thread"


def test_mention_in_a_thread_takes_the_first_message_as_context(slack_server: str,
                                                                mock_slack: MockSlack) -> None:
    ts, root = fresh_ts(), fresh_ts()
    send_event(slack_server, "app_mention_in_thread", ts=ts, event_ts=ts, thread_ts=root)
    [call] = mock_slack.wait_for(lambda: mock_slack.calls_to("chat.postMessage", thread_ts=root))
    [replies] = mock_slack.calls_to("conversations.replies", ts=root)
    assert replies.params["channel"] == "C0GEN0001" and str(replies.params["limit"]) == "1"
    assert call.params["text"].split(":")[0] in {"OK", "Caution", "Avoid", "Not covered by the guidance"}
    assert "Sources" in blocks_text(call.params), "the root message about a minister's post is covered"


def test_retries_of_one_event_are_answered_once(slack_server: str, mock_slack: MockSlack) -> None:
    ts = fresh_ts()
    body = event("message_im", ts=ts, event_ts=ts)
    TEXTS_SENT.append(body["event"]["text"])
    assert post_json(slack_server, body).status == 200
    for retry in ("1", "2"):
        reply = post_json(slack_server, body, headers={"X-Slack-Retry-Num": retry,
                                                        "X-Slack-Retry-Reason": "http_timeout"})
        assert reply.status == 200
    mock_slack.wait_for(lambda: [c for c in mock_slack.calls_to("chat.postMessage", channel="D0DM00001")
                                 if c in _after(mock_slack, "reactions.add", ts)])
    time.sleep(1.0)
    assert len(mock_slack.calls_to("reactions.add", timestamp=ts)) == 1


def test_a_retry_of_an_event_never_seen_is_handled(slack_server: str, mock_slack: MockSlack) -> None:
    ts = fresh_ts()
    body = event("message_im", ts=ts, event_ts=ts)
    TEXTS_SENT.append(body["event"]["text"])
    reply = post_json(slack_server, body,
                      headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert reply.status == 200
    mock_slack.wait_for(lambda: mock_slack.calls_to("reactions.add", timestamp=ts))
    mock_slack.wait_for(lambda: _after(mock_slack, "reactions.add", ts))


def _after(mock: MockSlack, method: str, ts: str) -> list[Any]:
    """chat.postMessage calls made after the `method` call for `ts` (answers to that message)."""
    marks = mock.calls_to(method, timestamp=ts)
    if not marks:
        return []
    start = mock.calls.index(marks[0])
    return [c for c in mock.calls[start + 1:] if c.method == "chat.postMessage" and c.status == 200]


def test_a_rate_limited_answer_still_arrives(slack_server: str, mock_slack: MockSlack) -> None:
    ts = fresh_ts()
    mock_slack.rate_limit_once("chat.postMessage")
    send_event(slack_server, "message_im", ts=ts, event_ts=ts, channel="D0DM00429")
    [call] = mock_slack.wait_for(lambda: mock_slack.calls_to("chat.postMessage", channel="D0DM00429"))
    limited = [c for c in mock_slack.calls if c.method == "chat.postMessage" and c.status == 429]
    assert limited and limited[0].params["channel"] == "D0DM00429"
    assert "Sources" in blocks_text(call.params)


# -- FAQ replies in channels -------------------------------------------------------------------------------
def test_faq_reply_is_threaded_and_sent_once(slack_server: str, mock_slack: MockSlack) -> None:
    ts = fresh_ts()
    send_event(slack_server, "message_channels_human", ts=ts, event_ts=ts)
    [reply] = mock_slack.wait_for(lambda: mock_slack.calls_to("chat.postMessage", channel=FAQ_CHANNEL))
    assert reply.params["thread_ts"] == ts
    blocks = blocks_text(reply.params)
    assert "Even liking a post from senior ministerial staff" in blocks
    assert "reviewed" in blocks.lower(), "FAQ answers show their approval"
    assert not mock_slack.calls_to("reactions.add", timestamp=ts), "passive replies show no 👀"
    # The same message again (a new event id), and a second question in the same thread: no more replies.
    send_event(slack_server, "message_channels_human", ts=ts, event_ts=ts)
    reply_ts = fresh_ts()
    send_event(slack_server, "message_channels_human", ts=reply_ts, event_ts=reply_ts, thread_ts=ts,
               text="Can I share or repost a political party's post?")
    time.sleep(1.5)
    assert len(mock_slack.calls_to("chat.postMessage", channel=FAQ_CHANNEL)) == 1


@pytest.mark.parametrize("fixture_name", ["message_channels_bot", "message_channels_thread_reply",
                                          "message_changed"])
def test_faq_ignores_bots_thread_replies_and_edits(slack_server: str, mock_slack: MockSlack,
                                                   fixture_name: str) -> None:
    ts = fresh_ts()
    fields: dict[str, Any] = {"ts": ts, "event_ts": ts, "channel": OTHER_FAQ_CHANNEL}
    if fixture_name == "message_channels_thread_reply":
        fields["thread_ts"] = fresh_ts()
    _, reply = send_event(slack_server, fixture_name, **fields)
    assert reply.status == 200
    time.sleep(1.0)
    assert mock_slack.calls_to("chat.postMessage", channel=OTHER_FAQ_CHANNEL) == []


def test_faq_ignores_the_bot_itself(slack_server: str, mock_slack: MockSlack) -> None:
    ts = fresh_ts()
    send_event(slack_server, "message_channels_human", ts=ts, event_ts=ts, channel=OTHER_FAQ_CHANNEL,
               user="U0BOT0001")
    time.sleep(1.0)
    assert mock_slack.calls_to("chat.postMessage", channel=OTHER_FAQ_CHANNEL) == []


def test_faq_is_silent_for_an_off_topic_message(slack_server: str, mock_slack: MockSlack) -> None:
    ts = fresh_ts()
    send_event(slack_server, "message_channels_human", ts=ts, event_ts=ts, channel=OTHER_FAQ_CHANNEL,
               text="Does anyone know where the team lunch is on Friday?")
    time.sleep(1.5)
    assert mock_slack.calls_to("chat.postMessage", channel=OTHER_FAQ_CHANNEL) == []


def test_faq_control_the_same_question_from_a_person_is_answered(slack_server: str,
                                                                 mock_slack: MockSlack) -> None:
    """The ignored cases above used a question that matches: asked by a person, top level, it is answered."""
    ts = fresh_ts()
    send_event(slack_server, "message_channels_human", ts=ts, event_ts=ts, channel=OTHER_FAQ_CHANNEL)
    [reply] = mock_slack.wait_for(lambda: mock_slack.calls_to("chat.postMessage", channel=OTHER_FAQ_CHANNEL))
    assert reply.params["thread_ts"] == ts


def test_channels_without_faq_replies_stay_silent(slack_server: str, mock_slack: MockSlack) -> None:
    ts = fresh_ts()
    _, reply = send_event(slack_server, "message_channels_human", ts=ts, event_ts=ts, channel="C0GEN0002")
    assert reply.status == 200
    time.sleep(1.0)
    assert mock_slack.calls_to("chat.postMessage", channel="C0GEN0002") == []


# -- feedback and App Home ---------------------------------------------------------------------------------
def test_feedback_click_is_recorded_without_the_user_id(slack_server: str, mock_slack: MockSlack,
                                                        slack_index: Path) -> None:
    payload = fixture("block_actions_feedback")
    payload["response_url"] = mock_slack.response_url("feedback-1")
    reply = post_interaction(slack_server, payload)
    assert reply.status == 200
    [thanks] = mock_slack.wait_for(lambda: mock_slack.responses_to("feedback-1"))
    assert thanks["response_type"] == "ephemeral" and "Thanks" in thanks["text"]
    feedback_file = slack_index / "feedback.jsonl"
    raw = feedback_file.read_text()
    assert "U0HUMAN01" not in raw
    [row] = [json.loads(line) for line in raw.splitlines()]
    assert row["platform"] == "slack" and row["vote"] == "up"
    assert row["faq_id"] == "like-minister-post" and row["verdict"] == "caution"
    assert row["user"] and len(row["user"]) == 16


def test_app_home_shows_usage_faq_and_jurisdiction(slack_server: str, mock_slack: MockSlack) -> None:
    send_event(slack_server, "app_home_opened")
    [call] = mock_slack.wait_for(lambda: mock_slack.calls_to("views.publish", user_id="U0HUMAN01"))
    view = call.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    text = json.dumps(view)
    assert view["type"] == "home"
    assert "/checkpost" in text and "Check this post" in text
    assert "Most asked" in text and "minister" in text.lower()
    assert "jurisdiction" in text.lower()


# -- privacy -----------------------------------------------------------------------------------------------
def test_no_message_text_in_the_server_log(slack_server: str, slack_env: dict[str, str]) -> None:
    """Runs last in this module: every text sent above must be absent from the INFO log."""
    assert TEXTS_SENT
    log = server_log(slack_env)
    assert "slack" in log.lower()
    for text in TEXTS_SENT:
        assert text not in log
        assert text[:30] not in log


def test_slash_body_fixture_is_form_encoded() -> None:
    assert "command=%2Fcheckpost" in slash_body("x", "http://127.0.0.1/r")
