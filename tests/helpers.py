"""Shared test helpers: a real index built with the deterministic embedder, and the real server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def base_env(index_dir: Path, **extra: str) -> dict[str, str]:
    """A clean environment for a policybot process: no platform variables unless given."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "POLICYBOT_", "Microsoft")) and k not in {"HOST", "PORT"}
    }
    env.update(
        {
            "POLICYBOT_INDEX_DIR": str(index_dir),
            "POLICYBOT_EMBEDDER": "hash",
            "POLICYBOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def run_cli(
    args: list[str], env: dict[str, str], stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


@contextmanager
def running_server(env: dict[str, str], *, ready_timeout: float = 120) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Starts `policybot serve` on a free loopback port; yields (base URL, process). Logs go to a file."""
    port = free_port()
    env = {**env, "HOST": env.get("HOST", "127.0.0.1"), "PORT": str(port)}
    log_path = Path(env["POLICYBOT_INDEX_DIR"]) / f"serve-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, proc, log_path, ready_timeout)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def server_log(env: dict[str, str]) -> str:
    return "\n".join(p.read_text() for p in Path(env["POLICYBOT_INDEX_DIR"]).glob("serve-*.log"))


def _wait_healthy(base: str, proc: subprocess.Popen[str], log_path: Path, timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"policybot serve exited with {proc.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"policybot serve did not become healthy:\n{log_path.read_text()}")


__all__ = ["base_env", "free_port", "run_cli", "running_server", "server_log"]
