"""Observing the bot: recording its message calls and waiting for calls or idleness."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from .records import SentRecord
from .state import StateMixin, StoredMessage

__all__ = ["ObservingMixin"]


class ObservingMixin(StateMixin):
    """``sent`` records (via ``_record``), ``mark`` / ``sent_to`` / ``wait_for*`` / ``wait_idle``."""

    def _record(self, method: str, m: StoredMessage, params: dict, **extra: Any) -> SentRecord:
        text = extra.pop("text", None)
        if text is None:
            text = m.raw_text if m.raw_text is not None else (m.caption or "")
        rec = SentRecord(
            method=method,
            chat_id=m.chat_id,
            message_id=m.message_id,
            text=text,
            parse_mode=params.get("parse_mode") or None,
            reply_markup=json.loads(json.dumps(m.reply_markup)) if m.reply_markup else None,
            time=time.monotonic(),
            plain_text=(m.plain_text if m.plain_text is not None else (m.caption or "")),
            entities=[dict(e) for e in (m.entities if m.plain_text is not None else m.caption_entities)],
            reply_to_message_id=m.reply_to[1] if m.reply_to else None,
            params={k: v for k, v in params.items() if not (isinstance(v, dict) and v.get("__file__"))},
            **extra,
        )
        self.sent.append(rec)
        self._notify()
        return rec

    def mark(self) -> int:
        """Current length of :attr:`sent`; pass as ``since=`` to wait for newer records only."""
        return len(self.sent)

    def sent_to(self, chat_id: int, method: str | None = None) -> list[SentRecord]:
        return [
            r for r in self.sent if r.chat_id == chat_id and (method is None or r.method == method)
        ]

    async def wait_for(
        self,
        predicate: Callable[[SentRecord], bool] = lambda r: True,
        timeout: float = 10.0,
        *,
        since: int = 0,
    ) -> SentRecord:
        """Wait until a record in ``sent[since:]`` satisfies ``predicate``; return the first.

        Raises TimeoutError (listing the records seen) after ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        idx = since
        while True:
            while idx < len(self.sent):
                rec = self.sent[idx]
                idx += 1
                if predicate(rec):
                    return rec
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"no matching sent record within {timeout}s; sent[{since}:] = "
                    f"{self.sent[since:]!r}"
                )
            await self._wait_change(left)

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[dict], bool] | None = None,
        timeout: float = 10.0,
        *,
        since: int = 0,
    ) -> dict:
        """Wait until ``calls[since:]`` has a call of ``method`` (case-insensitive) whose
        params satisfy ``predicate``; return the params."""
        deadline = time.monotonic() + timeout
        idx = since
        want = method.lower()
        while True:
            while idx < len(self.calls):
                name, params = self.calls[idx]
                idx += 1
                if name.lower() == want and (predicate is None or predicate(params)):
                    return params
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method} call within {timeout}s")
            await self._wait_change(left)

    async def wait_idle(
        self,
        after_update_id: int | None = None,
        *,
        grace: float = 0.3,
        timeout: float = 10.0,
    ) -> None:
        """Wait until the bot has fetched updates past ``after_update_id`` (default: the
        last queued update), i.e. getUpdates was called with ``offset > after_update_id``,
        and then until no non-getUpdates API request was in flight or finished during the
        last ``grace`` seconds. Use before asserting that the bot stayed silent."""
        if after_update_id is None:
            after_update_id = self.last_update_id
        deadline = time.monotonic() + timeout
        while self._max_offset <= after_update_id:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"bot did not confirm update {after_update_id} within {timeout}s "
                    f"(max getUpdates offset {self._max_offset})"
                )
            await self._wait_change(left)
        quiet_from = time.monotonic()
        while True:
            now = time.monotonic()
            start = max(quiet_from, self._last_activity)
            if self._inflight == 0 and now - start >= grace:
                return
            left = deadline - now
            if left <= 0:
                raise TimeoutError(f"bot did not become idle within {timeout}s")
            await self._wait_change(min(left, max(0.01, grace - (now - start))))
