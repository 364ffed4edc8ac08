"""The quality bar (PRODUCT.md) on the development set, with the real model and the shipped knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluate import evaluate, read_rows
from tests.helpers import KNOWLEDGE

DEV = Path(__file__).with_name("dev.jsonl")


@pytest.fixture(scope="module")
def report(engine):  # type: ignore[no-untyped-def]
    return evaluate(engine, read_rows(DEV), KNOWLEDGE)


def test_every_quote_is_verbatim(report) -> None:  # type: ignore[no-untyped-def]
    assert report["metrics"]["quotes"] > 50
    assert report["metrics"]["quotes_verbatim"] == 1.0


def test_not_covered_is_honest(report) -> None:  # type: ignore[no-untyped-def]
    assert report["metrics"]["not_covered_recall"] >= 0.95
    assert report["metrics"]["false_refusals"] <= 0.05


def test_expected_sources_are_cited(report) -> None:  # type: ignore[no-untyped-def]
    assert report["metrics"]["expected_source_cited"] >= 0.90


def test_verdicts(report) -> None:  # type: ignore[no-untyped-def]
    assert report["metrics"]["verdict_accuracy"] >= 0.80
    assert report["metrics"]["ok_where_avoid_expected"] == 0


def test_not_covered_answers_carry_no_citations(report) -> None:  # type: ignore[no-untyped-def]
    for result in report["results"]:
        if result["output"]["verdict"] == "not_covered":
            assert result["output"]["citations"] == []


def test_the_calibration_curve_is_reported(report) -> None:  # type: ignore[no-untyped-def]
    curve = report["metrics"]["coverage_curve"]
    chosen = report["metrics"]["coverage_threshold"]
    assert any(abs(p["threshold"] - chosen) < 1e-9 for p in curve)
    recalls = [p["not_covered_recall"] for p in curve]
    assert recalls == sorted(recalls)  # a higher threshold never refuses fewer off-topic questions
