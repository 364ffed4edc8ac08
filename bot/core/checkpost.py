"""Assessing a draft post (or an action a question describes) against the signals in knowledge/signals.yaml.

How a verdict is reached (the rules a policy owner can read and change in signals.yaml):
1. Each sentence of the draft is matched against every signal's cues: its phrases and patterns lexically, and its
   example sentences by embedding similarity (at least EXAMPLE_THRESHOLD). One finding per signal: a lexical match
   wins over a similar example; the excerpt is the sentence of the draft that triggered it.
2. A risk signal's severity is `caution` or `avoid`, per jurisdiction where the guidance differs. Context signals
   (e.g. a named minister or party) never make a finding alone.
3. A rule fires when every signal it lists is present; it raises the severity of its risk findings to the rule's
   verdict (e.g. praise + a named minister -> avoid) and adds its explanation.
4. The verdict is the highest severity found; no finding means `ok`.
Each finding is cited with the passage that retrieval finds in the signal's own sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from bot.core.citations import CitationList
from bot.core.embedder import Embedder
from bot.core.knowledge import Rule, Signal
from bot.core.models import VERDICT_RANK, Finding, PostCheck, PostVerdict, Severity
from bot.core.retrieval import Retriever
from bot.core.text import MAX_DRAFT_CHARS, clean_markup, sentence_spans
from bot.core.wording import say

EXAMPLE_THRESHOLD = 0.65
_SAME_LENGTH_ASCII = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
CITES_PER_FINDING = 1


@dataclass
class SignalHit:
    signal: Signal
    start: int
    end: int
    score: float  # 1.0 for a lexical match, else the similarity to the closest example
    lexical: bool


@dataclass
class Assessment:
    text: str
    hits: list[SignalHit]
    severities: dict[str, Severity]
    notes: dict[str, list[str]] = field(default_factory=dict)
    truncated: bool = False
    fired: list[Rule] = field(default_factory=list)
    lexical_verdict: PostVerdict = "ok"  # from phrase and pattern matches alone (no example similarity)

    @property
    def verdict(self) -> PostVerdict:
        return _worst(self.severities.values())

    def risk_hits(self) -> list[SignalHit]:
        """Risk findings, worst first, then in the order they appear in the draft."""
        risks = [h for h in self.hits if h.signal.role == "risk"]
        return sorted(risks, key=lambda h: (-VERDICT_RANK[self.severities[h.signal.id]], h.start))


class PostChecker:
    def __init__(
        self,
        *,
        signals: list[Signal],
        rules: list[Rule],
        retriever: Retriever,
        embedder: Embedder,
        contact: str,
        example_threshold: float = EXAMPLE_THRESHOLD,
    ) -> None:
        self._signals = signals
        self._rules = rules
        self._retriever = retriever
        self._embedder = embedder
        self._contact = contact
        self._thresholds = np.array(
            [s.min_similarity if s.min_similarity is not None else example_threshold for s in signals]
        )
        self._regexes = {s.id: s.cues.regexes() for s in signals}
        examples = [(i, ex) for i, s in enumerate(signals) for ex in s.cues.examples]
        self._owner = np.array([i for i, _ in examples], dtype=int)
        self._example_vecs = embedder.embed([ex for _, ex in examples]) if examples else None
        # The retrieval queries that find each finding's supporting passage, embedded once.
        cited_rules = [r for r in rules if r.sources]
        queries = [s.query or s.label for s in signals] + [r.query or r.explanation for r in cited_rules]
        vectors = embedder.embed(queries)
        self._query_vecs = {s.id: vectors[i] for i, s in enumerate(signals)}
        self._rule_vecs = {r.id: vectors[len(signals) + i] for i, r in enumerate(cited_rules)}

    # -- detection ------------------------------------------------------------------------------------------------
    def assess(
        self, text: str, *, jurisdiction: str | None, known: dict[str, np.ndarray] | None = None
    ) -> Assessment:
        """`known`: vectors the caller already has, by text (a one-sentence question is not embedded twice)."""
        cleaned = clean_markup(text).strip()
        truncated = len(cleaned) > MAX_DRAFT_CHARS
        cleaned = cleaned[:MAX_DRAFT_CHARS]
        spans = sentence_spans(cleaned)
        matchable = cleaned.translate(_SAME_LENGTH_ASCII)  # curly quotes matched as straight ones
        best: dict[str, SignalHit] = {}
        for signal in self._signals:
            for regex in self._regexes[signal.id]:
                match = regex.search(matchable)
                if match:
                    start, end = _sentence_around(spans, match.start(), match.end())
                    best[signal.id] = SignalHit(signal, start, end, 1.0, True)
                    break
        if self._example_vecs is not None and spans:
            vecs = self._sentence_vectors([matchable[a:b] for a, b in spans], known or {})
            sims = vecs @ self._example_vecs.T  # sentences x examples
            for s_index, (start, end) in enumerate(spans):
                per_signal = np.full(len(self._signals), -1.0)
                np.maximum.at(per_signal, self._owner, sims[s_index])
                for sig_index in np.nonzero(per_signal >= self._thresholds)[0]:
                    signal = self._signals[int(sig_index)]
                    score = float(per_signal[sig_index])
                    current = best.get(signal.id)
                    if current is None or (not current.lexical and score > current.score):
                        best[signal.id] = SignalHit(signal, start, end, score, False)
        hits = sorted(best.values(), key=lambda h: h.start)
        severities, notes, fired = self._grade(hits, jurisdiction)
        lexical_severities, _, _ = self._grade([h for h in hits if h.lexical], jurisdiction)
        return Assessment(cleaned, hits, severities, notes, truncated, fired, _worst(lexical_severities.values()))

    def _grade(
        self, hits: list[SignalHit], jurisdiction: str | None
    ) -> tuple[dict[str, Severity], dict[str, list[str]], list[Rule]]:
        """Each risk signal's severity for the jurisdiction, raised by the rules that fire (and their notes)."""
        severities = {h.signal.id: h.signal.severity_for(jurisdiction) for h in hits if h.signal.role == "risk"}
        notes: dict[str, list[str]] = {}
        fired: list[Rule] = []
        present = {h.signal.id for h in hits}
        for rule in self._rules:
            if not set(rule.all) <= present:
                continue
            fired.append(rule)
            verdict = rule.verdict_for(jurisdiction)
            for signal_id in rule.all:
                if signal_id in severities:
                    if VERDICT_RANK[verdict] > VERDICT_RANK[severities[signal_id]]:
                        severities[signal_id] = verdict
                    if rule.explanation:
                        notes.setdefault(signal_id, []).append(rule.explanation.strip())
        return severities, notes, fired

    def _sentence_vectors(self, sentences: list[str], known: dict[str, np.ndarray]) -> np.ndarray:
        missing = [s for s in sentences if s not in known]
        fresh = dict(zip(missing, self._embedder.embed(missing), strict=True)) if missing else {}
        return np.stack([known[s] if s in known else fresh[s] for s in sentences])

    # -- the check ------------------------------------------------------------------------------------------------
    def findings(
        self, assessment: Assessment, *, jurisdiction: str | None, citations: CitationList | None = None
    ) -> list[Finding]:
        numbers = citations or CitationList()
        findings = []
        for hit in assessment.risk_hits():
            signal = hit.signal
            query = f"{signal.query or signal.label} {assessment.text[hit.start : hit.end]}"
            passages = self._retriever.search(
                query,
                self._query_vecs[signal.id],
                k=CITES_PER_FINDING,
                jurisdiction=jurisdiction,
                sources=signal.sources or None,
            )
            for rule in assessment.fired:
                if signal.id in rule.all and rule.sources:
                    passages += self._retriever.search(
                        rule.query or rule.explanation,
                        self._rule_vecs[rule.id],
                        k=1,
                        jurisdiction=jurisdiction,
                        sources=rule.sources,
                    )
            used = {numbers.add(passage.chunk, passage.quote) for passage in passages}
            cited = [c for c in numbers.items if c.n in used]
            explanation = " ".join([signal.explanation.strip(), *assessment.notes.get(signal.id, [])]).strip()
            findings.append(
                Finding(
                    signal=signal.id,
                    severity=assessment.severities[signal.id],
                    excerpt=assessment.text[hit.start : hit.end],
                    explanation=explanation,
                    citations=cited,
                    label=signal.label,
                )
            )
        return findings

    def check(self, text: str, *, jurisdiction: str | None) -> PostCheck:
        if not clean_markup(text).strip():
            return PostCheck(
                text="",
                verdict="ok",
                summary=say("checkpost_usage"),
                note=None,
                footer=self.footer("ok", jurisdiction),
            )
        assessment = self.assess(text, jurisdiction=jurisdiction)
        findings = self.findings(assessment, jurisdiction=jurisdiction)
        verdict = assessment.verdict
        note = say("truncated", limit=f"{MAX_DRAFT_CHARS:,}") if assessment.truncated else None
        if findings:
            summary = finding_summary(findings)
            suggestion = next(
                (h.signal.suggestion.strip() for h in assessment.risk_hits() if h.signal.suggestion), None
            )
        else:
            summary = say("ok_summary") + " " + say("ok_reminder")
            suggestion = None
        if note:
            summary = f"{summary} {note}"
        return PostCheck(
            text=assessment.text,
            verdict=verdict,
            summary=summary,
            findings=findings,
            suggestion=suggestion,
            note=note,
            footer=self.footer(verdict, jurisdiction),
        )

    def footer(self, verdict: str, jurisdiction: str | None) -> str:
        parts = [
            say("jurisdiction_applied", jurisdiction=jurisdiction) if jurisdiction else say("no_jurisdiction"),
            say("not_legal_advice"),
        ]
        if verdict in {"caution", "avoid"}:
            parts.append(say("ask_contact", contact=self._contact))
        return " ".join(parts)


def _worst(severities: Iterable[str]) -> PostVerdict:
    worst: PostVerdict = "ok"
    for severity in severities:
        if VERDICT_RANK[severity] > VERDICT_RANK[worst]:
            worst = severity  # type: ignore[assignment]
    return worst


def _sentence_around(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    for a, b in spans:
        if a <= start < b:
            return a, max(b, min(end, b))
    return start, end


def finding_summary(findings: list[Finding]) -> str:
    """The headline of an assessment: its worst finding, and how many more there are."""
    more = " " + say("more_findings", count=len(findings) - 1) if len(findings) > 1 else ""
    return say("finding_summary", label=findings[0].label.strip().rstrip("."), more=more)
