"""Fault injection: make upcoming API calls or file downloads fail, or answer late."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .records import DEFAULT_DESCRIPTIONS, ApiError

__all__ = ["Fault", "FaultInjectionMixin"]


@dataclass
class Fault:
    """One injected failure or delay waiting for matching calls (see ``fail_next``)."""

    status: int | None
    remaining: int
    retry_after: int | None
    delay: float
    description: str | None
    when: Callable[[dict], bool] | None
    processed: bool


class FaultInjectionMixin:
    """``fail_next`` / ``delay_next`` for tests; ``_take_fault`` for the HTTP dispatcher."""

    def _init_faults(self) -> None:
        self._faults: dict[str, list[Fault]] = {}

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = 502,
        times: int = 1,
        retry_after: int | None = None,
        delay: float = 0.0,
        description: str | None = None,
        when: Callable[[dict], bool] | None = None,
        processed: bool = False,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (case-insensitive; ``"download"`` for
        file downloads) fail with HTTP ``status`` and a Telegram-shaped error body.

        ``retry_after`` adds ``parameters.retry_after`` (use with 429 -> ptb RetryAfter).
        ``delay`` seconds are waited before answering (simulates slow answers / client
        timeouts); ``status=None`` means only delay, then answer normally.
        ``when(params)`` restricts the fault to matching calls.
        ``processed=True`` applies the call first (message really sent) and only then
        answers with the error, like a response lost on the way back.
        """
        self._faults.setdefault(method.lower(), []).append(
            Fault(status, times, retry_after, delay, description, when, processed)
        )

    def delay_next(self, method: str, delay: float, *, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` normally but only after ``delay`` s."""
        self.fail_next(method, status=None, times=times, delay=delay)

    def _take_fault(self, method: str, params: dict) -> Fault | None:
        faults = self._faults.get(method.lower())
        if not faults:
            return None
        for f in faults:
            if f.remaining > 0 and (f.when is None or f.when(params)):
                f.remaining -= 1
                if f.remaining <= 0:
                    faults.remove(f)
                return f
        return None

    @staticmethod
    def _fault_error(f: Fault) -> ApiError:
        status = f.status or 500
        params = None
        desc = f.description
        if f.retry_after is not None:
            params = {"retry_after": f.retry_after}
            if desc is None and status == 429:
                desc = f"Too Many Requests: retry after {f.retry_after}"
        if desc is None:
            desc = DEFAULT_DESCRIPTIONS.get(status, "Internal Server Error")
        return ApiError(status, desc, params)
