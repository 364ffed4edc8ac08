"""`policybot eval FILE.jsonl`: runs an evaluation set and prints the metrics (PRODUCT.md's format).

Besides the quality metrics it prints the not-covered calibration curve: for each coverage threshold, the share of
off-topic questions answered `not_covered` and the share of covered questions wrongly refused, from the coverage
score the engine computed for every `ask` row (see bot.core.answering). The engine's threshold is marked.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError, field_validator

from bot.core.engine import Engine
from bot.core.index import canonical_jurisdiction
from bot.core.text import contains_verbatim
from ingest.loaders import LoadError, is_candidate, load


class EvalRow(BaseModel):
    id: str
    kind: str
    text: str
    jurisdiction: str | None = None
    expect: str
    cite_any: list[str] = []

    @field_validator("jurisdiction")
    @classmethod
    def _known_jurisdiction(cls, value: str | None) -> str | None:
        return canonical_jurisdiction(value)


def read_rows(path: Path) -> list[EvalRow]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = EvalRow.model_validate_json(line)
        except ValidationError as exc:
            raise ValueError(f"{path.name} line {number}: {exc.errors()[0]['msg']}") from exc
        if row.kind not in {"ask", "checkpost"}:
            raise ValueError(f"{path.name} line {number}: kind must be ask or checkpost")
        allowed = ("ok", "caution", "avoid", "not_covered") if row.kind == "ask" else ("ok", "caution", "avoid")
        if row.expect not in allowed:
            raise ValueError(f"{path.name} line {number}: expect must be one of {', '.join(allowed)} for {row.kind}")
        rows.append(row)
    if not rows:
        raise ValueError(f"{path.name} has no rows")
    return rows


def source_texts(knowledge_dir: Path) -> dict[str, str]:
    texts = {}
    for path in sorted((knowledge_dir / "sources").rglob("*")):
        if is_candidate(path):
            try:
                doc = load(path)
            except LoadError:
                continue
            texts[doc.source_id] = doc.text
    return texts


def _citations(output: dict[str, Any]) -> list[dict[str, Any]]:
    if "findings" in output:
        return [c for f in output["findings"] for c in f["citations"]]
    return list(output.get("citations", []))


def _pct(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def evaluate(engine: Engine, rows: list[EvalRow], knowledge_dir: Path) -> dict[str, Any]:
    engine.parts().retriever.warm()  # load once, before timing
    sources = source_texts(knowledge_dir)
    results, coverage = [], []
    for row in rows:
        started = time.perf_counter()
        if row.kind == "ask":
            answer, features = engine.ask_explained(row.text, jurisdiction=row.jurisdiction)
            output = answer.model_dump(mode="json")
            coverage.append((row.expect == "not_covered", features.coverage))
        else:
            output = engine.checkpost(row.text, jurisdiction=row.jurisdiction).model_dump(mode="json")
        ms = (time.perf_counter() - started) * 1000
        results.append({"id": row.id, "kind": row.kind, "expect": row.expect, "output": output, "ms": round(ms, 2)})
    threshold = engine.parts().answerer.coverage_threshold
    return {"metrics": _metrics(rows, results, sources, threshold, coverage), "results": results}


def _metrics(
    rows: list[EvalRow],
    results: list[dict[str, Any]],
    sources: dict[str, str],
    threshold: float,
    coverage: list[tuple[bool, float]],
) -> dict[str, Any]:
    verdict_right = off_topic = off_topic_refused = covered = covered_refused = 0
    expect_source = source_hit = ok_where_avoid = 0
    quotes = quotes_verbatim = 0
    for row, result in zip(rows, results, strict=True):
        output = result["output"]
        verdict = output["verdict"]
        verdict_right += verdict == row.expect
        ok_where_avoid += row.expect == "avoid" and verdict == "ok"
        if row.kind == "ask":
            if row.expect == "not_covered":
                off_topic += 1
                off_topic_refused += verdict == "not_covered"
            else:
                covered += 1
                covered_refused += verdict == "not_covered"
        cited = _citations(output)
        # A draft expected to be fine has no findings, so nothing to cite: such rows are not counted.
        if row.cite_any and not (row.kind == "checkpost" and row.expect == "ok"):
            expect_source += 1
            source_hit += any(c["source_id"] in row.cite_any for c in cited)
        for c in cited:
            quotes += 1
            quotes_verbatim += contains_verbatim(sources.get(c["source_id"], ""), c["quote"])
    latencies = [r["ms"] for r in results if r["kind"] == "ask"]
    all_ms = [r["ms"] for r in results]
    return {
        "rows": len(rows),
        "verdict_accuracy": _pct(verdict_right, len(rows)),
        "not_covered_recall": _pct(off_topic_refused, off_topic),
        "false_refusals": _pct(covered_refused, covered),
        "expected_source_cited": _pct(source_hit, expect_source),
        "quotes_verbatim": _pct(quotes_verbatim, quotes),
        "quotes": quotes,
        "ok_where_avoid_expected": ok_where_avoid,
        "ask_latency_ms_p50": round(statistics.median(latencies), 2) if latencies else None,
        "ask_latency_ms_p95": round(_percentile(latencies, 0.95), 2) if latencies else None,
        "latency_ms_p50": round(statistics.median(all_ms), 2) if all_ms else None,
        "latency_ms_p95": round(_percentile(all_ms, 0.95), 2) if all_ms else None,
        "coverage_threshold": threshold,
        "coverage_curve": _curve(coverage, threshold),
    }


def _curve(coverage: list[tuple[bool, float]], chosen: float) -> list[dict[str, float | None]]:
    off = [score for is_off, score in coverage if is_off]
    on = [score for is_off, score in coverage if not is_off]
    points = []
    for t in sorted({step / 100 for step in range(20, 66, 2)} | {chosen}):
        points.append(
            {
                "threshold": t,
                "not_covered_recall": _pct(sum(s < t for s in off), len(off)),
                "false_refusals": _pct(sum(s < t for s in on), len(on)),
            }
        )
    return points


def run_eval(engine: Engine, path: Path, *, as_json: bool, knowledge_dir: Path) -> int:
    try:
        rows = read_rows(path)
    except (OSError, ValueError) as exc:
        print(f"policybot eval: {exc}", file=sys.stderr)
        return 2
    report = evaluate(engine, rows, knowledge_dir)
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    _print_report(report)
    return 0


def _print_report(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    metrics = report["metrics"]
    table = Table(title="policybot eval", show_header=True)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in metrics.items():
        if key != "coverage_curve":
            table.add_row(key, "-" if value is None else str(value))
    console.print(table)
    curve = Table(title="not-covered calibration (coverage score below threshold -> not_covered)")
    for name in ("threshold", "not_covered_recall", "false_refusals"):
        curve.add_column(name, justify="right")
    for point in metrics["coverage_curve"]:
        mark = " ←" if abs(point["threshold"] - metrics["coverage_threshold"]) < 1e-9 else ""
        curve.add_row(f"{point['threshold']:.2f}{mark}", str(point["not_covered_recall"]), str(point["false_refusals"]))
    console.print(curve)
    wrong = [r for r in report["results"] if r["output"]["verdict"] != r["expect"]]
    for r in wrong:
        console.print(f"[yellow]✗[/] {r['id']} ({r['kind']}): expected {r['expect']}, got {r['output']['verdict']}")
