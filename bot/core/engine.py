"""The engine every adapter calls: answers questions, checks drafts, matches FAQ entries for channels.

Built once (bot.app.build_engine) and handed down. Its methods are synchronous and CPU-bound: adapters call them
in a worker thread (`await asyncio.to_thread(engine.ask, ...)`) so the event loop stays free to acknowledge.
The first call waits for the model and index to load; `start_warming()` begins that in the background.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.index import canonical_jurisdiction
from bot.core.models import Answer, PostCheck

if TYPE_CHECKING:
    from bot.core.answering import Features
    from bot.core.parts import Parts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FaqSummary:
    id: str
    question: str
    summary: str


class Engine:
    """Facade over the answering, post-checking and FAQ parts, loaded lazily and once."""

    def __init__(
        self,
        *,
        default_jurisdiction: str | None,
        loader: Callable[[Parts | None], Parts],
        fingerprint: Callable[[], str] | None = None,
    ) -> None:
        self.default_jurisdiction = default_jurisdiction
        self._loader = loader
        self._fingerprint = fingerprint
        self._parts: Parts | None = None
        self._lock = threading.Lock()
        self._error: BaseException | None = None

    # -- loading --------------------------------------------------------------------------------------------------
    def start_warming(self) -> threading.Thread:
        thread = threading.Thread(target=self._warm_quietly, name="policybot-warm", daemon=True)
        thread.start()
        return thread

    def _warm_quietly(self) -> None:
        try:
            self.parts().retriever.warm()  # sentence vectors, so the first answers are as fast as the rest
        except Exception as exc:  # reported to every caller by parts(), and by status
            log.error("the engine could not load: %s", exc)

    @property
    def ready(self) -> bool:
        return self._parts is not None

    @property
    def status(self) -> str:
        """`ready`, `loading`, or `error: <reason>` (the last load failed; the next call tries again)."""
        if self._parts is not None:
            return "ready"
        return f"error: {self._error}" if self._error is not None else "loading"

    def parts(self) -> Parts:
        with self._lock:
            if self._parts is None:
                try:
                    self._parts = self._loader(None)
                except Exception as exc:
                    self._error = exc
                    raise
                self._error = None
            return self._parts

    def refresh(self) -> bool:
        """Reloads the parts when the index or the knowledge files changed since they were loaded (an ingest,
        an edited FAQ). Requests keep using the old parts until the new ones are ready. True when reloaded."""
        current = self._parts
        if current is None or self._fingerprint is None or self._fingerprint() == current.fingerprint:
            return False
        fresh = self._loader(current)  # reuses the loaded model
        fresh.retriever.warm()
        with self._lock:
            self._parts = fresh
        log.info("reloaded the knowledge: the index or the knowledge files changed")
        return True

    # -- the API adapters use --------------------------------------------------------------------------------------
    def ask(self, text: str, *, jurisdiction: str | None = None, context: str | None = None) -> Answer:
        """Answers a question. `context` is the thing asked about (e.g. a thread's first message)."""
        return self.parts().answerer.ask(text, jurisdiction=self._jurisdiction(jurisdiction), context=context)

    def ask_explained(self, text: str, *, jurisdiction: str | None = None) -> tuple[Answer, Features]:
        """An answer with the features its coverage decision rested on (what `policybot eval` calibrates)."""
        answerer = self.parts().answerer
        applied = self._jurisdiction(jurisdiction)
        seen = answerer.consider(text, jurisdiction=applied)
        return answerer.answer(seen, jurisdiction=applied), seen.features

    def checkpost(self, text: str, *, jurisdiction: str | None = None) -> PostCheck:
        """Assesses a draft post. Empty text gives an `ok` check whose summary is usage help."""
        return self.parts().checker.check(text, jurisdiction=self._jurisdiction(jurisdiction))

    def faq_reply(self, text: str, *, jurisdiction: str | None = None) -> Answer | None:
        """The approved FAQ answer when a channel message matches an entry closely, else None (stay silent)."""
        return self.parts().answerer.confident_faq(text, jurisdiction=self._jurisdiction(jurisdiction))

    def faq_entries(self) -> list[FaqSummary]:
        return [FaqSummary(e.id, e.question, e.summary) for e in self.parts().knowledge.faq]

    def _jurisdiction(self, asked: str | None) -> str | None:
        return canonical_jurisdiction(asked) or canonical_jurisdiction(self.default_jurisdiction)
