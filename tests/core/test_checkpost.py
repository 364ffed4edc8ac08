"""Post checking per signal, the negatives that must stay ok, the combination rules, and robust input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.text import MAX_DRAFT_CHARS, contains_verbatim
from bot.evaluate import source_texts
from tests.helpers import KNOWLEDGE

SOURCES = source_texts(KNOWLEDGE)
SIGNALS = yaml.safe_load((KNOWLEDGE / "signals.yaml").read_text())


def check(engine, text: str, jurisdiction: str | None = None):  # type: ignore[no-untyped-def]
    result = engine.checkpost(text, jurisdiction=jurisdiction)
    for finding in result.findings:
        assert finding.citations, finding.signal
        for c in finding.citations:
            assert contains_verbatim(SOURCES[c.source_id], c.quote)
        assert contains_verbatim(result.text, finding.excerpt)
    return result


def test_the_issue_example_is_avoid_and_quotes_the_proud_ashamed_test(engine) -> None:  # type: ignore[no-untyped-def]
    result = check(engine, "So proud to have helped deliver the Minister's new housing reform! #proud")
    assert result.verdict == "avoid"
    proud = next(f for f in result.findings if f.signal == "proud-of-policy-work")
    assert any("ashamed" in c.quote for c in proud.citations)
    assert result.suggestion


@pytest.mark.parametrize(
    ("signal", "draft", "verdict"),
    [
        ("praise-government", "The government's new budget is brilliant, exactly what we need.", "caution"),
        ("criticise-government", "Pretty disappointed in the government's new transport plan.", "caution"),
        ("harsh-criticism", "The Treasurer is an incompetent clown and should resign.", "avoid"),
        ("proud-of-policy-work", "I'm proud to have worked on the new water policy.", "avoid"),
        (
            "like-share-political",
            "Sharing the Premier's post about tonight's rally - everyone should watch.",
            None,
        ),
        ("speaking-for-agency", "We at the department think the critics have this completely wrong.", None),
        (
            "confidential-information",
            "Can't say much, but Cabinet signed off on big pay changes this morning.",
            "avoid",
        ),
        (
            "misuse-of-position",
            "As a senior officer at Fair Trading, I can get your complaint fast-tracked - DM me.",
            None,
        ),
        ("criticise-own-agency", "Honestly my department is a joke and management has no idea.", "avoid"),
        ("election-caretaker", "Caretaker period starts today - vote Labor on Saturday!", "avoid"),
    ],
)
def test_each_signal_is_found_with_its_excerpt(engine, signal: str, draft: str, verdict: str | None) -> None:  # type: ignore[no-untyped-def]
    result = check(engine, draft, jurisdiction="NSW")
    assert signal in {f.signal for f in result.findings}
    assert result.verdict != "ok"
    if verdict:
        assert result.verdict == verdict


@pytest.mark.parametrize(
    "draft",
    [
        "Proud of my daughter's graduation today!",
        "Here's the link to apply for the Service NSW energy rebate: https://www.service.nsw.gov.au/",
        "Great day at the beach with the family",
        "Happy to share my slides from the conference talk on data engineering",
        *SIGNALS.get("ok_examples", []),
    ],
)
def test_everyday_posts_stay_ok(engine, draft: str) -> None:  # type: ignore[no-untyped-def]
    result = check(engine, draft)
    assert result.verdict == "ok", [f.signal for f in result.findings]
    assert result.findings == [] and result.suggestion is None
    assert "impartial" in result.summary  # the one-line reminder of the general rule


def test_a_minister_at_a_fun_run_is_at_most_caution(engine) -> None:  # type: ignore[no-untyped-def]
    assert check(engine, "The minister for the fun run was lovely").verdict in {"ok", "caution"}


def test_praise_plus_a_named_minister_is_worse_than_either_alone(engine) -> None:  # type: ignore[no-untyped-def]
    praise = check(engine, "The new housing reform is brilliant.", jurisdiction="Commonwealth")
    minister = check(engine, "Met Minister Smith at the opening today.", jurisdiction="Commonwealth")
    both = check(engine, "Minister Smith's new housing reform is brilliant.", jurisdiction="Commonwealth")
    assert praise.verdict == "caution" and minister.verdict == "ok" and both.verdict == "avoid"
    assert "worse than either alone" in next(f for f in both.findings if f.signal == "praise-government").explanation


def test_like_share_during_an_election_is_avoid(engine) -> None:  # type: ignore[no-untyped-def]
    alone = check(engine, "Retweeting the Labor candidate's post about the new hospital.")
    election = check(engine, "Retweeting the Labor candidate's post about the new hospital. Election day Saturday!")
    assert alone.verdict == "caution" and election.verdict == "avoid"


def test_an_agency_account_sharing_a_politician_cites_the_sa_ombudsman(engine) -> None:  # type: ignore[no-untyped-def]
    result = check(engine, "Watch the Premier's live press conference, streaming now (post for our agency account)")
    assert result.verdict == "avoid"
    assert "sa-ombudsman-sa-health-2020" in {c.source_id for f in result.findings for c in f.citations}


def test_proud_is_stricter_in_nsw_than_for_the_commonwealth(engine) -> None:  # type: ignore[no-untyped-def]
    draft = "Really proud of the grants program reform I worked on this year."
    assert check(engine, draft, jurisdiction="NSW").verdict == "avoid"
    assert check(engine, draft, jurisdiction="Commonwealth").verdict == "caution"
    assert check(engine, draft).verdict == "avoid"  # no jurisdiction: the strictest reading


def test_a_disclaimer_is_no_protection(engine) -> None:  # type: ignore[no-untyped-def]
    result = check(engine, "Views are my own, but the Treasurer is a liar and a disgrace.")
    assert result.verdict == "avoid"
    assert any("disclaimer" in f.explanation.lower() for f in result.findings)
    assert check(engine, "(Views my own) Loved this piece on Federation architecture.").verdict == "ok"


@pytest.mark.parametrize(
    "draft",
    [
        "<@U123ABC> the Minister's reform is brilliant!! <https://gov.example/reform|read it> #proud 🎉🎉",
        "@PremierNSW great announcement today 👏 https://t.co/xyz #nswpol",
    ],
)
def test_slack_markup_emoji_handles_and_urls(engine, draft: str) -> None:  # type: ignore[no-untyped-def]
    result = check(engine, draft)
    assert result.verdict == "avoid"
    assert "<@" not in result.text and "|read it>" not in result.text


def test_empty_draft_gets_usage_help(engine) -> None:  # type: ignore[no-untyped-def]
    for draft in ("", "   \n\t "):
        result = engine.checkpost(draft)
        assert result.verdict == "ok" and "/checkpost" in result.summary and result.findings == []


def test_very_long_text_is_cut_with_a_note(engine) -> None:  # type: ignore[no-untyped-def]
    draft = "Lovely walk by the river today. " * 300 + "The Premier is an incompetent liar."
    result = engine.checkpost(draft)
    assert len(result.text) <= MAX_DRAFT_CHARS
    assert result.note and f"{MAX_DRAFT_CHARS:,}" in result.note and result.note in result.summary
    assert result.verdict == "ok"  # the insult lies past the limit, and the note says only part was checked


def test_signals_file_is_well_formed() -> None:
    from bot.core.knowledge import load_knowledge

    knowledge = load_knowledge(Path(KNOWLEDGE))
    ids = {s.id for s in knowledge.signals}
    assert {s.role for s in knowledge.signals} <= {"risk", "context"}
    for signal in knowledge.signals:
        assert signal.role == "context" or (signal.sources and signal.explanation and signal.suggestion)
        assert set(signal.sources) <= set(SOURCES), signal.id
    for rule in knowledge.rules:
        assert set(rule.all) <= ids


def test_invisible_characters_cannot_hide_a_word(engine) -> None:  # type: ignore[no-untyped-def]
    assert check(engine, "The Premier is a d\u200bisgrace and a l\u00adiar.").verdict == "avoid"
