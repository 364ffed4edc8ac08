"""The `policybot` commands as tests outside the project use them (PRODUCT.md's interfaces)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.helpers import REPO, base_env, run_cli

ANSWER_KEYS = {
    "question",
    "verdict",
    "summary",
    "answer",
    "jurisdiction",
    "faq_id",
    "confidence",
    "citations",
}
CITATION_KEYS = {"n", "source_id", "title", "section", "locator", "url", "quote"}
CHECK_KEYS = {"text", "verdict", "summary", "findings", "suggestion"}
FINDING_KEYS = {"signal", "severity", "excerpt", "explanation", "citations"}


def test_ask_json_has_exactly_the_documented_shape(env: dict[str, str]) -> None:
    result = run_cli(["ask", "Can I like my minister's Instagram post?", "--json", "--jurisdiction", "NSW"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == ANSWER_KEYS
    assert data["jurisdiction"] == "NSW" and data["verdict"] in {"ok", "caution", "avoid", "not_covered"}
    assert isinstance(data["confidence"], float)
    for citation in data["citations"]:
        assert set(citation) == CITATION_KEYS


def test_checkpost_reads_standard_input(env: dict[str, str]) -> None:
    draft = "The Premier is an incompetent liar and this government is a disgrace."
    result = run_cli(["checkpost", "-", "--json"], env, stdin=draft)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == CHECK_KEYS and data["text"] == draft and data["verdict"] == "avoid"
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS and finding["excerpt"] in draft


def test_empty_checkpost_is_usage_help_not_an_error(env: dict[str, str]) -> None:
    result = run_cli(["checkpost", "   "], env)
    assert result.returncode == 0 and "/checkpost" in result.stdout


def test_ask_builds_the_index_when_there_is_none(tmp_path: Path) -> None:
    env = base_env(tmp_path / "fresh")
    result = run_cli(["ask", "How do I claim my travel expenses?", "--json"], env)
    assert result.returncode == 0, result.stderr
    assert "building it" in result.stderr
    assert json.loads(result.stdout)["verdict"] == "not_covered"


def test_chat_takes_the_same_inputs_as_slack(env: dict[str, str]) -> None:
    script = "/help\nCan I like my minister's post?\n/checkpost Minister Smith's reform is brilliant!\n/nope\n"
    result = run_cli(["chat"], {**env, "COLUMNS": "200"}, stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "/checkpost TEXT" in out  # help
    assert "Sources" in out and "not legal advice" in out  # an answer with sources
    assert "Avoid" in out  # the draft's verdict
    assert "Unknown command /nope" in out


def test_eval_json_format(env: dict[str, str], tmp_path: Path) -> None:
    rows = tmp_path / "mini.jsonl"
    rows.write_text(
        '{"id": "a", "kind": "ask", "text": "How do I apply for parental leave?", "expect": "not_covered",'
        ' "cite_any": []}\n'
        '{"id": "b", "kind": "checkpost", "text": "Lovely sunset tonight.", "expect": "ok", "cite_any": []}\n'
    )
    result = run_cli(["eval", str(rows), "--json"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["results"]] == ["a", "b"]
    for r in data["results"]:
        assert set(r) == {"id", "kind", "expect", "output", "ms"} and r["ms"] >= 0
    assert data["metrics"]["quotes_verbatim"] in (None, 1.0)
    assert {
        "verdict_accuracy",
        "not_covered_recall",
        "false_refusals",
        "expected_source_cited",
        "ask_latency_ms_p95",
        "coverage_curve",
    } <= set(data["metrics"])


def test_eval_rejects_a_malformed_file(env: dict[str, str], tmp_path: Path) -> None:
    rows = tmp_path / "bad.jsonl"
    rows.write_text('{"id": "a", "kind": "ask"}\n')
    result = run_cli(["eval", str(rows)], env)
    assert result.returncode == 2 and "line 1" in result.stderr


def test_ingest_help_documents_the_exit_status(env: dict[str, str]) -> None:
    result = run_cli(["ingest", "--help"], env)
    assert "exit status" in result.stdout and "skipped" in result.stdout


def test_ingest_without_a_sources_folder_changes_nothing(env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli(["ingest", "--knowledge", str(tmp_path / "nowhere"), "--json"], env)
    assert result.returncode == 2 and "sources" in json.loads(result.stdout)["error"]
    again = run_cli(["ingest", "--json"], env)
    assert json.loads(again.stdout)["unchanged"] == 16


def test_bad_configuration_is_a_clear_error(env: dict[str, str]) -> None:
    result = run_cli(["ask", "hello"], {**env, "POLICYBOT_EMBEDDER": "word2vec"})
    assert result.returncode == 2 and "POLICYBOT_EMBEDDER" in result.stderr


def test_python_dash_m_ingest_runs_the_ingest(env: dict[str, str]) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "ingest", "--json"],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["unchanged"] == 16


def test_serve_builds_a_missing_index_and_reports_health(tmp_path: Path) -> None:
    import urllib.request

    from tests.helpers import running_server

    env = base_env(tmp_path / "fresh")
    with running_server(env) as (base, _):
        with urllib.request.urlopen(f"{base}/healthz") as response:
            assert json.loads(response.read())["status"] == "ok"
    assert (tmp_path / "fresh" / "chroma").is_dir()


def test_healthz_says_when_the_engine_cannot_load(tmp_path: Path, hash_index: Path) -> None:
    import shutil
    import urllib.error
    import urllib.request

    from tests.helpers import running_server

    knowledge = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", knowledge)
    (knowledge / "faq.yaml").write_text("- id: broken\n")  # an FAQ entry with none of its fields
    env = base_env(tmp_path / "index", POLICYBOT_KNOWLEDGE_DIR=str(knowledge))
    shutil.copytree(hash_index, tmp_path / "index")
    with running_server(env) as (base, _):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz")
            except urllib.error.HTTPError as error:
                assert error.code == 503
                assert "faq.yaml" in json.loads(error.read())["engine"]
                return
            time.sleep(0.1)
    raise AssertionError("healthz never reported the broken FAQ file")


def test_an_unknown_jurisdiction_is_refused(env: dict[str, str]) -> None:
    result = run_cli(["checkpost", "Proud of the reform I worked on", "--jurisdiction", "NSWW"], env)
    assert result.returncode == 2 and "unknown jurisdiction 'NSWW'" in result.stderr
    result = run_cli(["ask", "hello"], {**env, "POLICYBOT_JURISDICTION": "Narnia"})
    assert result.returncode == 2 and "unknown jurisdiction 'Narnia'" in result.stderr


def test_eval_reads_a_file_with_a_byte_order_mark_and_checks_verdicts(env: dict[str, str], tmp_path: Path) -> None:
    row = '{"id": "a", "kind": "checkpost", "text": "Lovely sunset.", "expect": "ok", "cite_any": []}\n'
    bom = tmp_path / "bom.jsonl"
    bom.write_text("\ufeff" + row, encoding="utf-8")
    assert run_cli(["eval", str(bom), "--json"], env).returncode == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(row.replace('"ok"', '"not_covered"'))
    result = run_cli(["eval", str(bad)], env)
    assert result.returncode == 2 and "expect must be one of" in result.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    assert run_cli(["eval", str(empty)], env).returncode == 2
