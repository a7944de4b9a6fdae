"""Bot API method getUpdates: long polling."""

from __future__ import annotations

import json
import time

from .records import DEFAULT_DESCRIPTIONS, ApiError
from .state import StateMixin

__all__ = ["UpdateMethodsMixin"]

_DEFAULT_UPDATE_TYPES = {
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "business_message",
    "edited_business_message",
    "deleted_business_messages",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "callback_query",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
}


class UpdateMethodsMixin(StateMixin):
    """getUpdates (offset/limit/timeout/allowed_updates, 409 on competing polls or an active
    webhook); the webhook methods are in :mod:`.webhook`."""

    async def _m_get_updates(self, params: dict) -> list[dict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        gen = self._poll_generation
        self._notify()  # lets an older pending long poll answer 409 Conflict

        offset = params.get("offset")
        offset = int(offset) if isinstance(offset, (int, float)) else 0
        limit = params.get("limit")
        limit = min(100, max(1, int(limit))) if isinstance(limit, (int, float)) and limit else 100
        timeout = params.get("timeout")
        timeout = max(0.0, float(timeout)) if isinstance(timeout, (int, float)) else 0.0
        if "allowed_updates" in params:
            au = params["allowed_updates"]
            if isinstance(au, list):
                self._allowed_updates = set(au) if au else None

        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if offset > self._max_offset:
                self._max_offset = offset
        elif offset < 0:
            self._updates = self._updates[offset:]
        allowed = self._allowed_updates or _DEFAULT_UPDATE_TYPES

        deadline = time.monotonic() + timeout
        while True:
            batch = [u for u in self._updates if any(k in allowed for k in u if k != "update_id")]
            if batch or self._closing:
                return json.loads(json.dumps(batch[:limit]))
            if gen != self._poll_generation:
                raise ApiError(409, DEFAULT_DESCRIPTIONS[409])
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            await self._wait_change(left)
