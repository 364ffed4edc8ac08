"""Small core pieces: markup cleaning, sentences, jurisdictions, the FAQ channel gate, usage logs, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.channel_faq import ChannelFaqGate
from bot.core.feedback import UsageLog
from bot.core.index import canonical_jurisdiction
from bot.core.text import clean_markup, contains_verbatim, sentences
from bot.settings import Settings


def test_clean_markup_turns_slack_and_teams_markup_into_plain_text() -> None:
    text = "Hi <@U123|sam> see <https://x.example/a|the page> &amp; <#C1|general> <!here> <at>policybot</at>"
    assert clean_markup(text) == "Hi @sam see the page & #general @here policybot"
    assert clean_markup("<https://x.example/a>") == "https://x.example/a"


def test_sentences_split_on_stops_and_lines_without_losing_text() -> None:
    text = "## Heading\n- The APSC says a disclaimer isn't enough. It also says \"be careful.\" Next!\nLast line"
    assert sentences(text) == [
        "Heading", "The APSC says a disclaimer isn't enough.", 'It also says "be careful."', "Next!", "Last line",
    ]
    for sentence in sentences(text):
        assert sentence in text


def test_verbatim_check_ignores_whitespace_only() -> None:
    assert contains_verbatim("one  two\nthree", "two three")
    assert not contains_verbatim("one two three", "two  four")


@pytest.mark.parametrize(
    ("given", "expected"),
    [("nsw", "NSW"), ("Cth", "Commonwealth"), ("commonwealth", "Commonwealth"), ("Victoria", "VIC"),
     ("  ", None), (None, None)],
)
def test_jurisdiction_names_are_canonical(given: str | None, expected: str | None) -> None:
    assert canonical_jurisdiction(given) == expected


def test_an_unknown_jurisdiction_is_an_error_not_a_looser_verdict() -> None:
    with pytest.raises(ValueError, match="unknown jurisdiction 'NSWW'"):
        canonical_jurisdiction("NSWW")


def test_faq_gate_replies_once_a_thread_with_a_cooldown_per_channel_and_entry() -> None:
    now = [0.0]
    gate = ChannelFaqGate(channels=["C1"], cooldown=600, clock=lambda: now[0])
    assert gate.enabled("C1") and not gate.enabled("C2")
    assert gate.claim("C1", "t1", "like-minister-post")
    assert not gate.claim("C1", "t1", "disclaimers")  # once a thread
    assert not gate.claim("C1", "t2", "like-minister-post")  # cool-down for this entry in this channel
    assert gate.claim("C1", "t3", "disclaimers")  # another entry is fine
    now[0] = 601
    assert gate.claim("C1", "t4", "like-minister-post")


def test_usage_log_keeps_no_raw_user_ids(tmp_path: Path) -> None:
    log = UsageLog(tmp_path)
    log.record_feedback(platform="slack", user_id="U0SECRET1", vote="up", answer_ref="faq:x")
    log.record_feedback(platform="slack", user_id="U0SECRET1", vote="down", answer_ref="faq:x")
    log.record_answer(platform="teams", kind="ask", verdict="caution", faq_id="like-minister-post")
    raw = (tmp_path / "feedback.jsonl").read_text() + (tmp_path / "usage.jsonl").read_text()
    assert "U0SECRET1" not in raw
    users = {row["user"] for row in log.feedback()}
    assert len(users) == 1 and None not in users  # the same person gets the same pseudonym
    assert log.most_asked_faq() == [("like-minister-post", 1)]
    assert UsageLog(tmp_path).pseudonym("slack", "U0SECRET1") in users  # the salt persists


def test_settings_read_the_documented_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYBOT_FAQ_CHANNELS", "C1, C2 ,")
    monkeypatch.setenv("MicrosoftAppId", "app-id")
    monkeypatch.setenv("POLICYBOT_CHROMA_URL", "  ")
    monkeypatch.setenv("PORT", "4000")
    settings = Settings()
    assert settings.faq_channels == ["C1", "C2"]
    assert settings.microsoft_app_id == "app-id" and settings.chroma_url is None and settings.port == 4000
    monkeypatch.setenv("POLICYBOT_EMBEDDER", "word2vec")
    with pytest.raises(ValueError, match="POLICYBOT_EMBEDDER"):
        Settings()


def test_the_engine_picks_up_a_new_ingest_without_a_restart(tmp_path: Path, hash_index: Path) -> None:
    import shutil

    from bot.app import build_engine
    from ingest.cli import ingest
    from tests.helpers import KNOWLEDGE

    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    index = tmp_path / "index"
    shutil.copytree(hash_index, index)
    settings = Settings(POLICYBOT_INDEX_DIR=index, POLICYBOT_KNOWLEDGE_DIR=knowledge, POLICYBOT_EMBEDDER="hash")
    engine = build_engine(settings)
    question = "What does the Zanzibar agency policy say about quokka selfies?"
    assert "zanzibar-policy" not in {c.source_id for c in engine.ask(question).citations}
    assert not engine.refresh()  # nothing changed
    (knowledge / "sources" / "zanzibar.md").write_text(
        "---\nid: zanzibar-policy\ntitle: Zanzibar agency social media policy\njurisdiction: Agency\n"
        "date: 2026-11-01\nkind: agency-policy\nauthority: agency-policy\n---\n"
        "## Quokka selfies\n\nZanzibar agency staff may post quokka selfies taken at work only with approval.\n"
    )
    ingest(settings)
    assert engine.refresh()
    answer = engine.ask(question)
    assert "zanzibar-policy" in {c.source_id for c in answer.citations}
