"""Answering a question: the FAQ fast path, a composed extractive answer, or an honest "not covered".

The decision (calibrated on tests/eval/dev.jsonl; `policybot eval` prints the curve):
- `relevance` is the best similarity of the question to an FAQ phrasing, a retrieved passage or its best sentence;
- `off_topic` is the similarity to the closest out-of-scope topic (scope.yaml), plus OFF_TOPIC_PHRASE_BONUS when
  one of that topic's phrases appears in the question;
- `coverage = relevance - OFF_TOPIC_WEIGHT * max(0, off_topic - relevance)`; below the threshold the answer is
  `not_covered`, with no citations and a pointer to where such questions go.
- When the question matches an FAQ phrasing at FAQ_THRESHOLD or more (and it is covered), the approved answer is
  given, with its review badge.
- Otherwise the answer is composed from retrieved passages. Its verdict comes from the post-checking assessment
  of the action the question describes, and from the nearest approved answer (the policy owner's own call):
  when an FAQ entry is at least FAQ_VERDICT_SIMILARITY close, the verdict is the stricter of that entry's verdict
  and the signals matched by phrase or pattern; otherwise the assessment's verdict; with no signal at all, the
  nearest entry's verdict capped at `caution` when it is at least FAQ_FALLBACK_SIMILARITY close, else `ok`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bot.core.checkpost import Assessment, PostChecker, finding_summary
from bot.core.citations import CitationList, QuoteLocator, citation_from_chunk
from bot.core.embedder import Embedder
from bot.core.faq import FaqMatch, FaqMatcher
from bot.core.knowledge import FaqEntry, verdict_for
from bot.core.llm import LlmComposer
from bot.core.models import VERDICT_LABEL, VERDICT_RANK, Answer, Citation, Verdict
from bot.core.retrieval import Passage, Retriever
from bot.core.scope import ScopeHit, ScopeMatcher
from bot.core.text import clean_markup, squash
from bot.core.wording import say

log = logging.getLogger(__name__)

FAQ_THRESHOLD = 0.78  # ask: a question this close to an FAQ phrasing gets the approved answer
CHANNEL_FAQ_THRESHOLD = 0.84  # unprompted channel replies need more certainty
FAQ_VERDICT_SIMILARITY = 0.55
FAQ_FALLBACK_SIMILARITY = 0.45
COVERAGE_THRESHOLD = 0.33
OFF_TOPIC_WEIGHT = 1.0
OFF_TOPIC_PHRASE_BONUS = 0.15
PASSAGES = 6


@dataclass(frozen=True)
class Features:
    """What the coverage decision rests on; `policybot eval` records them to calibrate the threshold."""

    faq: float
    passage: float
    sentence: float
    off_topic: float
    off_topic_phrase: bool

    @property
    def relevance(self) -> float:
        return max(self.faq, self.passage, self.sentence)

    @property
    def off_topic_strength(self) -> float:
        return self.off_topic + (OFF_TOPIC_PHRASE_BONUS if self.off_topic_phrase else 0.0)

    @property
    def coverage(self) -> float:
        return self.relevance - OFF_TOPIC_WEIGHT * max(0.0, self.off_topic_strength - self.relevance)


@dataclass
class Considered:
    question: str
    query: str
    vector: np.ndarray
    faq: FaqMatch | None
    scope: ScopeHit | None
    passages: list[Passage]
    features: Features


class Answerer:
    def __init__(
        self,
        *,
        faq: FaqMatcher,
        scope: ScopeMatcher,
        retriever: Retriever,
        checker: PostChecker,
        embedder: Embedder,
        locator: QuoteLocator,
        default_where: str,
        composer: LlmComposer | None = None,
        coverage_threshold: float = COVERAGE_THRESHOLD,
    ) -> None:
        self._faq = faq
        self._scope = scope
        self._retriever = retriever
        self._checker = checker
        self._embedder = embedder
        self._locator = locator
        self._default_where = default_where
        self._composer = composer
        self.coverage_threshold = coverage_threshold

    # -- the decision ---------------------------------------------------------------------------------------------
    def consider(self, text: str, *, jurisdiction: str | None, context: str | None = None) -> Considered:
        question = squash(clean_markup(text))
        query = question if not context else f"{question}\n{squash(clean_markup(context))}"
        vector = self._embedder.embed([query])[0]
        faq = self._faq.best(vector)
        scope = self._scope.best(query, vector)
        passages = self._retriever.search(query, vector, k=PASSAGES, jurisdiction=jurisdiction)
        features = Features(
            faq=faq.similarity if faq else 0.0,
            passage=max((p.dense for p in passages), default=0.0),
            sentence=max((p.quote_similarity for p in passages), default=0.0),
            off_topic=scope.similarity if scope else 0.0,
            off_topic_phrase=bool(scope and scope.lexical),
        )
        return Considered(question, query, vector, faq, scope, passages, features)

    def ask(self, text: str, *, jurisdiction: str | None, context: str | None = None) -> Answer:
        return self.answer(self.consider(text, jurisdiction=jurisdiction, context=context), jurisdiction=jurisdiction)

    def answer(self, seen: Considered, *, jurisdiction: str | None) -> Answer:
        """The answer a considered question gets (`ask` in two steps, so a caller can keep the features)."""
        if not seen.question:
            return self._not_covered(seen, jurisdiction, summary=say("empty_question"))
        if seen.features.coverage < self.coverage_threshold:
            return self._not_covered(seen, jurisdiction)
        if seen.faq and seen.faq.similarity >= FAQ_THRESHOLD:
            return self.faq_answer(
                seen.faq.entry,
                question=seen.question,
                jurisdiction=jurisdiction,
                confidence=seen.faq.similarity,
            )
        return self._composed(seen, jurisdiction)

    def confident_faq(self, text: str, *, jurisdiction: str | None) -> Answer | None:
        """For unprompted channel replies: only a close FAQ match on a covered question, else None."""
        seen = self.consider(text, jurisdiction=jurisdiction)
        if not seen.question or not seen.faq or seen.features.coverage < self.coverage_threshold:
            return None
        if seen.faq.similarity < CHANNEL_FAQ_THRESHOLD or seen.faq.similarity - seen.faq.runner_up < 0.02:
            return None
        return self.faq_answer(
            seen.faq.entry, question=seen.question, jurisdiction=jurisdiction, confidence=seen.faq.similarity
        )

    # -- the three kinds of answer ---------------------------------------------------------------------------------
    def faq_answer(self, entry: FaqEntry, *, question: str, jurisdiction: str | None, confidence: float) -> Answer:
        verdict: Verdict = verdict_for(entry.verdict, jurisdiction)  # type: ignore[assignment]
        citations = [
            citation_from_chunk(n, chunk, cited.quote)
            for n, cited in enumerate(entry.citations, start=1)
            if (chunk := self._locator.find(cited.source_id, cited.quote)) is not None
        ]
        approval = say("approval", by=entry.reviewed_by, on=entry.reviewed_on)
        return self._answer(
            question,
            verdict,
            entry.summary.strip(),
            entry.answer.strip(),
            citations,
            jurisdiction,
            faq_id=entry.id,
            confidence=confidence,
            approval=approval,
        )

    def _composed(self, seen: Considered, jurisdiction: str | None) -> Answer:
        assessment = self._checker.assess(seen.query, jurisdiction=jurisdiction, known={seen.query: seen.vector})
        numbers = CitationList()
        findings = self._checker.findings(assessment, jurisdiction=jurisdiction, citations=numbers)
        near = seen.faq if seen.faq and seen.faq.similarity >= FAQ_FALLBACK_SIMILARITY else None
        verdict = self._verdict(assessment, near, jurisdiction)
        sentences: list[str] = []
        if findings:
            top = findings[0]
            marks = "".join(f" [{c.n}]" for c in top.citations[:1])
            sentences.append(f"{top.explanation.split('. ')[0].rstrip('.')}.{marks}".strip())
        else:
            sentences.append(say("ask_ok_opening"))
        if near is not None:  # entries were checked at load: their quotes are found, verbatim
            first = near.entry.citations[0]
            chunk = self._locator.find(first.source_id, first.quote)
            if chunk is not None:
                n = numbers.add(chunk, first.quote)
                sentences.append(say("related_faq", summary=near.entry.summary.strip().rstrip("."), n=n))
        if findings and VERDICT_RANK[findings[0].severity] >= VERDICT_RANK.get(verdict, 0):
            summary = finding_summary(findings)
        elif near is not None and verdict != "ok":
            summary = near.entry.summary.strip()
        else:
            summary = say("ask_ok_summary") if verdict == "ok" else say("general_risk") + "."
        quoted_sources = {c.source_id for c in numbers.items}
        for passage in seen.passages:
            if len(sentences) >= 4:
                break
            if passage.chunk.source_id in quoted_sources:
                continue
            n = numbers.add(passage.chunk, passage.quote)
            quoted_sources.add(passage.chunk.source_id)
            title = passage.chunk.get("title") or passage.chunk.source_id
            sentences.append(say("source_says", title=title, quote=squash(passage.quote).rstrip("."), n=n))
        body = " ".join(sentences)
        if self._composer is not None:
            body = self._composer.compose(seen.question, numbers.items, verdict, jurisdiction) or body
        confidence = float(np.clip(seen.features.coverage, 0.0, 1.0))
        return self._answer(seen.question, verdict, summary, body, numbers.items, jurisdiction, confidence=confidence)

    @staticmethod
    def _verdict(assessment: Assessment, near: FaqMatch | None, jurisdiction: str | None) -> Verdict:
        if near is not None and near.similarity >= FAQ_VERDICT_SIMILARITY:
            faq_verdict = _as_verdict(verdict_for(near.entry.verdict, jurisdiction))
            lexical = assessment.lexical_verdict
            return faq_verdict if VERDICT_RANK[faq_verdict] >= VERDICT_RANK[lexical] else lexical
        if assessment.severities:
            return assessment.verdict
        if near is not None:  # a loosely related approved answer suggests care, never more than caution
            return "ok" if verdict_for(near.entry.verdict, jurisdiction) == "ok" else "caution"
        return "ok"

    def _not_covered(self, seen: Considered, jurisdiction: str | None, summary: str | None = None) -> Answer:
        topic = seen.scope.topic if seen.scope and seen.features.off_topic_strength >= seen.features.relevance else None
        where = topic.where.strip().rstrip(".") if topic else self._default_where.strip().rstrip(".")
        label = topic.label[:1].lower() + topic.label[1:] if topic else say("not_covered_default_topic")
        body = say("not_covered_body", topic=label, where=where) + "."
        return self._answer(
            seen.question,
            "not_covered",
            summary or say("not_covered_summary"),
            body,
            [],
            jurisdiction,
            confidence=float(np.clip(1 - seen.features.coverage, 0.0, 1.0)),
        )

    def _answer(
        self,
        question: str,
        verdict: Verdict,
        summary: str,
        body: str,
        citations: list[Citation],
        jurisdiction: str | None,
        *,
        faq_id: str | None = None,
        confidence: float = 0.0,
        approval: str | None = None,
    ) -> Answer:
        footer = self._checker.footer(verdict, jurisdiction)
        headline = f"{VERDICT_LABEL[verdict]}: {summary}"
        text = "\n\n".join(part for part in (headline, body, approval, footer) if part)
        return Answer(
            question=question,
            verdict=verdict,
            summary=summary,
            answer=text,
            jurisdiction=jurisdiction,
            faq_id=faq_id,
            confidence=round(confidence, 3),
            citations=citations,
            body=body,
            approval=approval,
            footer=footer,
        )


def _as_verdict(value: str) -> Literal["ok", "caution", "avoid"]:
    return "avoid" if value == "avoid" else "caution" if value == "caution" else "ok"
