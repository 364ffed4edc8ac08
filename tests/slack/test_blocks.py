"""Block Kit rendering: Slack's limits, escaping, sources the body uses, feedback values."""

from __future__ import annotations

import json

from bot.core.models import Answer, Citation, Finding, PostCheck
from bot.slack.blocks import MAX_BLOCKS, SECTION_LIMIT, answer_message, home_view, postcheck_message


def citation(n: int, quote: str = "A verbatim passage.") -> Citation:
    return Citation(n=n, source_id=f"s{n}", title=f"Source <{n}> | title", section="Part 2", locator="p. 3",
                    url=f"https://example.gov.au/{n}", quote=quote)


def test_answer_lists_only_the_sources_its_body_uses_with_links_and_quotes() -> None:
    answer = Answer(question="q", verdict="caution", summary="Take care & think", answer="a",
                    jurisdiction="NSW", faq_id="faq-1", body="First [1] and third [3].",
                    approval="Reviewed by X", footer="Guidance, not legal advice.",
                    citations=[citation(1), citation(2), citation(3)])
    message = answer_message(answer, kind="ask")
    text = json.dumps(message["blocks"], ensure_ascii=False)
    assert message["blocks"][0]["text"]["text"].startswith(":warning: *Caution* — Take care &amp; think")
    assert "https://example.gov.au/1|Source &lt;1&gt; ¦ title" in text and "example.gov.au/3" in text
    assert "example.gov.au/2" not in text
    assert ">A verbatim passage." in text and "Reviewed by X" in text and "Jurisdiction applied" in text
    actions = message["blocks"][-1]
    assert actions["type"] == "actions"
    value = json.loads(actions["elements"][0]["value"])
    assert value == {"kind": "ask", "verdict": "caution", "faq_id": "faq-1"}
    assert message["text"].startswith("Caution: Take care & think")


def test_long_answers_and_many_findings_stay_within_slack_limits() -> None:
    long = "word " * 2000
    answer = Answer(question="q", verdict="ok", summary="s", answer=long, jurisdiction=None,
                    body=long + "[1]", citations=[citation(1, quote=long)])
    check = PostCheck(text="t", verdict="avoid", summary="s", suggestion=long, footer="f", findings=[
        Finding(signal=f"sig{i}", severity="avoid", excerpt="x", explanation=long,
                citations=[citation(j, quote=long) for j in range(1, 15)]) for i in range(40)])
    for message in (answer_message(answer, kind="ask"), postcheck_message(check)):
        assert len(message["blocks"]) <= MAX_BLOCKS
        assert len(message["text"]) <= SECTION_LIMIT
        for block in message["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SECTION_LIMIT


def test_home_view_without_faq_while_loading() -> None:
    view = home_view(faq_questions=[], jurisdiction=None, contact="integrity@agency", loading=True)
    text = json.dumps(view)
    assert view["type"] == "home" and "finished loading" in text and "No default jurisdiction" in text
