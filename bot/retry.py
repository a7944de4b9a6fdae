"""Rate limiting with retries: 429 ``retry_after`` honoured, and failed sends retried when it is safe.

``AIORateLimiter`` retries a request Telegram answered with 429 after the
wait it asks for. On top of that, a request Telegram *answered* with a
server error (502, 500 …) was not carried out, so it is retried with backoff.
A timeout is not retried: Telegram may have sent the message, and a retry
could send it twice.
"""
from __future__ import annotations

import asyncio
import logging

from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)
NOT_RETRIED = (BadRequest, Forbidden, InvalidToken, TimedOut, Conflict, ChatMigrated)


def answered_server_error(error: BaseException) -> bool:
    """True for an error Telegram answered (so the request had no effect) that may pass."""
    return isinstance(error, NetworkError) and not isinstance(error, NOT_RETRIED)


class RetryingRateLimiter(AIORateLimiter):
    def __init__(self, *args, server_error_retries: int = 3, backoff: float = 0.5, **kwargs):
        super().__init__(*args, **kwargs)
        self.server_error_retries = server_error_retries
        self.backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if endpoint == "getUpdates":  # the updater has its own retry loop with backoff
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        for attempt in range(self.server_error_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except NetworkError as error:
                if attempt == self.server_error_retries or not answered_server_error(error):
                    raise
                delay = self.backoff * 2**attempt
                log.warning("%s failed (%s); retrying in %.1f s", endpoint, error.message, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover
