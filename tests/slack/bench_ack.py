"""Slack ack benchmark: 50 concurrent signed /checkpost requests on loopback while answers are computed.

Run: .venv/bin/python -m tests.slack.bench_ack [--requests 50] [--warm]
Uses the real embedding model (POLICYBOT_EMBEDDER unset: minilm) and an index built with `policybot ingest`
into a temporary folder. By default the burst arrives right after start-up, while the model is still loading
(the harder case); --warm waits for the engine first. Prints ack latency p50/p99 in ms and whether every
result arrived at response_url; exits 1 when p99 > 300 ms or a result is missing. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

from tests.helpers import base_env, run_cli, running_server
from tests.slack.mock_web_api import MockSlack
from tests.slack.slack_requests import SIGNING_SECRET, signed_headers, slash_body

TARGET_P99_MS = 300.0
DRAFTS = [
    "Vote for the Greens on Saturday! The Premier is a disgrace.",
    "So proud of my team's work on the new rail line, announced by our Minister today!",
    "Lovely sunset at the beach this weekend.",
    "Our agency's new policy is a joke, the secretary has no idea what she is doing.",
    "Can't wait for the long weekend #holidays",
]


async def one_request(session: aiohttp.ClientSession, base: str, body: str) -> tuple[int, float]:
    headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)}
    started = time.perf_counter()
    async with session.post(f"{base}/slack/events", data=body.encode(), headers=headers) as response:
        await response.read()
        return response.status, (time.perf_counter() - started) * 1000


async def burst(base: str, mock: MockSlack, n: int, busy: int = 0) -> list[tuple[int, float]]:
    """n measured /checkpost requests; with `busy`, that many long drafts are sent first to keep the engine busy."""
    if busy:
        long_draft = " ".join(DRAFTS) * 12  # cut at 4,000 characters: the slowest check there is
        loaded = [slash_body(long_draft, mock.response_url(f"busy-{i}")) for i in range(busy)]
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            await asyncio.gather(*(one_request(session, base, body) for body in loaded))
    bodies = [slash_body(DRAFTS[i % len(DRAFTS)], mock.response_url(f"bench-{i}")) for i in range(n)]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        return await asyncio.gather(*(one_request(session, base, body) for body in bodies))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def engine_state(base: str) -> str:
    with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
        return str(json.loads(response.read())["engine"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warm", action="store_true", help="wait for the engine to load before the burst")
    parser.add_argument("--busy", type=int, default=0, help="long checks sent first, so acks compete with work")
    args = parser.parse_args(argv)

    mock = MockSlack().start()
    try:
        with tempfile.TemporaryDirectory(prefix="policybot-bench-") as folder:
            index = Path(folder) / "index"
            env = base_env(index, SLACK_BOT_TOKEN="xoxb-bench-token", SLACK_SIGNING_SECRET=SIGNING_SECRET,
                           SLACK_API_URL=mock.api_url)
            env.pop("POLICYBOT_EMBEDDER")  # the real model
            started = time.perf_counter()
            ingest = run_cli(["ingest"], env)
            if ingest.returncode != 0:
                print(ingest.stderr, file=sys.stderr)
                return 2
            print(f"index built with the real model in {time.perf_counter() - started:.1f} s")
            with running_server(env) as (base, _proc):
                if args.warm:
                    mock.wait_for(lambda: engine_state(base) == "ready", timeout=180)
                state = engine_state(base)
                results = asyncio.run(burst(base, mock, args.requests, args.busy))
                latencies = [ms for status, ms in results]
                statuses = {status for status, _ in results}
                arrived_at = time.perf_counter()
                try:
                    mock.wait_for(lambda: len({n for n, _ in mock.responses if n.startswith("bench-")})
                                  >= args.requests, timeout=600)
                except AssertionError:
                    pass
                arrived = len({n for n, _ in mock.responses if n.startswith("bench-")})
                waited = time.perf_counter() - arrived_at
    finally:
        mock.stop()

    p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
    print(f"engine at burst start: {state}")
    print(f"{args.requests} concurrent /checkpost acks: p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
          f"max {max(latencies):.1f} ms, statuses {sorted(statuses)}")
    print(f"results at response_url: {arrived}/{args.requests} (all in {waited:.1f} s after the last ack)")
    ok = p99 <= TARGET_P99_MS and arrived == args.requests and statuses == {200}
    print("PASS" if ok else f"FAIL (target: p99 <= {TARGET_P99_MS:.0f} ms and every result arrives)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
