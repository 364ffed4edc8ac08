"""Feedback clicks and usage counts, kept without raw user ids or message text."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Literal

Vote = Literal["up", "down"]


class UsageLog:
    """Appends JSON lines under the index folder. User ids are keyed hashes (HMAC with a local random salt)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._lock = threading.Lock()
        self._salt: bytes | None = None

    def _key(self) -> bytes:
        if self._salt is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            path = self._folder / "usage.salt"
            if not path.exists():
                path.write_bytes(secrets.token_bytes(32))
                path.chmod(0o600)
            self._salt = path.read_bytes()
        return self._salt

    def pseudonym(self, platform: str, user_id: str | None) -> str | None:
        if not user_id:
            return None
        return hmac.new(self._key(), f"{platform}:{user_id}".encode(), hashlib.sha256).hexdigest()[:16]

    def _append(self, name: str, record: dict[str, object]) -> None:
        with self._lock:
            self._folder.mkdir(parents=True, exist_ok=True)
            with (self._folder / name).open("a", encoding="utf-8") as out:
                out.write(json.dumps(record) + "\n")

    def record_feedback(
        self,
        *,
        platform: str,
        user_id: str | None,
        vote: Vote,
        answer_ref: str,
        verdict: str | None = None,
        faq_id: str | None = None,
    ) -> None:
        self._append(
            "feedback.jsonl",
            {
                "at": round(time.time()),
                "platform": platform,
                "user": self.pseudonym(platform, user_id),
                "vote": vote,
                "answer": answer_ref,
                "verdict": verdict,
                "faq_id": faq_id,
            },
        )

    def record_answer(self, *, platform: str, kind: str, verdict: str, faq_id: str | None) -> None:
        self._append(
            "usage.jsonl",
            {
                "at": round(time.time()),
                "platform": platform,
                "kind": kind,
                "verdict": verdict,
                "faq_id": faq_id,
            },
        )

    def feedback(self) -> list[dict[str, object]]:
        return self._read("feedback.jsonl")

    def most_asked_faq(self, n: int = 5) -> list[tuple[str, int]]:
        counts = Counter(str(r["faq_id"]) for r in self._read("usage.jsonl") if r.get("faq_id"))
        return counts.most_common(n)

    def _read(self, name: str) -> list[dict[str, object]]:
        path = self._folder / name
        if not path.exists():
            return []
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return rows
