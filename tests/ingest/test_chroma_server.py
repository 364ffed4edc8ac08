"""Client/server mode: ingest and answer against a real Chroma server (`chroma run`) on a free loopback port."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import base_env, free_port, run_cli


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "the chroma CLI ships with the chromadb package"
    port = free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = (folder / "chroma.log").open("w")
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((folder / "chroma.log").read_text()) from None
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("chroma run did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_ingest_and_ask_against_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    env = base_env(tmp_path / "local", POLICYBOT_CHROMA_URL=chroma_url)
    first = run_cli(["ingest", "--json"], env)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["added"] == 16 and report["chunks"] > 16
    again = json.loads(run_cli(["ingest", "--json"], env).stdout)
    assert again["unchanged"] == 16 and again["added"] == 0
    assert not (tmp_path / "local" / "chroma").exists()  # nothing was written to the embedded store
    # A second replica (another index folder, same server) answers from the shared index.
    replica = base_env(tmp_path / "replica", POLICYBOT_CHROMA_URL=chroma_url)
    answer = run_cli(["ask", "Can I like a minister's post?", "--json"], replica)
    assert answer.returncode == 0, answer.stderr
    data = json.loads(answer.stdout)
    assert data["verdict"] in {"caution", "avoid"} and data["citations"]


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    env = base_env(tmp_path, POLICYBOT_CHROMA_URL=f"http://127.0.0.1:{free_port()}")
    result = run_cli(["ingest"], env)
    assert result.returncode == 2
    assert "could not" in result.stderr.lower() and "Traceback" not in result.stderr
