"""Grounded answers on the real model: verdicts, verbatim citations, FAQ approvals, an honest not_covered."""

from __future__ import annotations

import pytest

from bot.core.text import contains_verbatim
from bot.evaluate import source_texts
from tests.helpers import KNOWLEDGE

SOURCES = source_texts(KNOWLEDGE)


def assert_verbatim(citations) -> None:  # type: ignore[no-untyped-def]
    assert citations
    for c in citations:
        assert contains_verbatim(SOURCES[c.source_id], c.quote), (c.source_id, c.quote)


def test_like_the_ministers_post_cites_the_ombudsman_verbatim(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Can I like my minister's Instagram post?")
    assert answer.verdict in {"caution", "avoid"}
    assert {"nsw-ombudsman-social-media", "nsw-ombudsman-article"} & {c.source_id for c in answer.citations}
    assert_verbatim(answer.citations)
    assert answer.answer.startswith(("Caution:", "Avoid:"))
    assert "not legal advice" in answer.answer.splitlines()[-1]
    assert "[1]" in answer.body
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_faq_answer_carries_its_review(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Is it ok to like my minister's Instagram post?")
    assert answer.faq_id == "like-minister-post"
    assert answer.approval and "reviewed by" in answer.approval and "2026-11-24" in answer.approval
    assert answer.approval in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "How do I claim travel expenses for my trip to Canberra?",
        "How many days of sick leave do I get each year?",
        "Can I accept a bottle of wine from a supplier at Christmas?",
        "My printer won't connect to the wifi, who do I call?",
    ],
)
def test_off_topic_questions_are_not_covered_without_citations(engine, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask(question)
    assert answer.verdict == "not_covered"
    assert answer.citations == []
    assert "ask" in answer.body.lower()  # it says where to ask instead


def test_not_covered_points_to_the_right_place(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Someone posted something defamatory about me on Facebook. Can I sue them?")
    assert answer.verdict == "not_covered"
    assert "legal" in answer.body.lower()


def test_jurisdiction_is_applied_and_named(engine) -> None:  # type: ignore[no-untyped-def]
    question = "Can I post on LinkedIn that I'm proud of the policy I worked on?"
    nsw = engine.ask(question, jurisdiction="NSW")
    cth = engine.ask(question, jurisdiction="Commonwealth")
    assert nsw.jurisdiction == "NSW" and "NSW" in nsw.footer
    assert cth.jurisdiction == "Commonwealth" and "Commonwealth" in cth.footer
    assert nsw.verdict == "avoid"  # the NSW Ombudsman's proud/ashamed test is stricter than the APSC
    assert cth.verdict == "caution"


def test_caution_and_avoid_name_the_contact(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Can I tweet that the Premier is a corrupt liar?")
    assert answer.verdict == "avoid"
    assert "integrity or policy contact" in answer.footer
    ok = engine.ask("Can I share my agency's post about where to get a free flu shot?")
    assert ok.verdict == "ok"
    assert "integrity or policy contact" not in ok.footer


def test_composed_answer_is_grounded(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Our comms team wants everyone to reshare the agency's posts to boost reach. Do I have to?")
    assert answer.verdict != "not_covered"
    assert answer.faq_id is None or answer.approval
    assert_verbatim(answer.citations)
    for c in answer.used_citations():
        assert f"[{c.n}]" in answer.body


def test_thread_context_shapes_the_answer(engine) -> None:  # type: ignore[no-untyped-def]
    plain = engine.ask("can I like this?")
    with_context = engine.ask(
        "can I like this?", context="Minister Smith: Proud to announce our new housing policy for renters!"
    )
    assert with_context.verdict in {"caution", "avoid"}
    assert plain.question == with_context.question == "can I like this?"


def test_empty_question_gets_help_not_an_error(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("   ")
    assert answer.verdict == "not_covered" and "Ask me" in answer.summary


def test_superseded_sources_are_never_cited(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from bot.core.parts import load_parts
    from bot.settings import Settings
    from ingest.cli import ingest

    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    retired = knowledge / "sources" / "apsc-public-comment.md"
    retired.write_text(retired.read_text().replace("\n---\n", "\nsuperseded_by: apsc-social-media-guidance\n---\n", 1))
    assert "superseded_by" in retired.read_text()
    settings = Settings(
        POLICYBOT_INDEX_DIR=tmp_path / "index", POLICYBOT_KNOWLEDGE_DIR=knowledge, POLICYBOT_EMBEDDER="hash"
    )
    assert ingest(settings).errors == []
    parts = load_parts(settings)
    assert "apsc-public-comment" not in {c.source_id for c in parts.retriever.chunks}
    assert all(c.source_id != "apsc-public-comment" for e in parts.knowledge.faq for c in e.citations)
    cited = set()
    for question in ("Does liking a post count as endorsing it?", "Can I criticise the government online?",
                     "Is it ok to like my minister's Instagram post?"):
        cited |= {c.source_id for c in parts.answerer.ask(question, jurisdiction="Commonwealth").citations}
    check = parts.checker.check("The Treasurer is an incompetent liar.", jurisdiction="Commonwealth")
    cited |= {c.source_id for f in check.findings for c in f.citations}
    assert cited and "apsc-public-comment" not in cited


def test_an_faq_quote_that_is_not_its_sources_text_is_never_cited(model_settings, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    import shutil

    import yaml

    from bot.core.parts import load_parts

    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    entries = yaml.safe_load((knowledge / "faq.yaml").read_text())
    target = next(e for e in entries if e["id"] == "like-minister-post")
    target["citations"][0]["quote"] = target["citations"][0]["quote"].replace("liking", "loving")
    (knowledge / "faq.yaml").write_text(yaml.safe_dump(entries, sort_keys=False))
    parts = load_parts(model_settings.model_copy(update={"knowledge_dir": knowledge}))
    assert "FAQ entry like-minister-post is left out" in caplog.text
    answer = parts.answerer.ask("Is it ok to like my minister's Instagram post?", jurisdiction="NSW")
    assert answer.faq_id != "like-minister-post"
    assert_verbatim(answer.citations)


def test_a_quote_spanning_two_chunks_is_still_found() -> None:
    from bot.core.citations import QuoteLocator
    from bot.core.index import Chunk

    text = "Alpha beta gamma delta. Epsilon zeta eta theta."
    first = Chunk("s:0", text[:23], {"source_id": "s", "start": 0})
    second = Chunk("s:1", text[17:], {"source_id": "s", "start": 17})
    locator = QuoteLocator([second, first])
    assert locator.find("s", "gamma delta.\n Epsilon   zeta") is first
    assert locator.find("s", "Epsilon zeta eta") is second
    assert locator.find("s", "gamma delta epsilon") is None  # not verbatim
    assert locator.find("other", "Alpha") is None
