"""Webhooks: setWebhook / deleteWebhook / getWebhookInfo, and delivering updates by POST.

Like Telegram, the fake accepts only an HTTPS URL on port 443, 80, 88 or 8443, and posts each
update with the ``X-Telegram-Bot-Api-Secret-Token`` header. The bot listens on plain HTTP behind
a reverse proxy; :meth:`WebhookMixin.deliver_via` plays that proxy: updates for
``https://bot.example/hook`` go to ``http://127.0.0.1:PORT/hook``.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from urllib.parse import urlsplit

import aiohttp

from .driving import DrivingMixin
from .records import bad

__all__ = ["SECRET_HEADER", "WebhookMixin"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_PORTS = {None, 80, 88, 443, 8443}


class WebhookMixin(DrivingMixin):
    """The webhook methods, the delivery loop and ``post_update`` for hand-made (forged) posts."""

    def _init_webhook(self) -> None:
        self.webhook_proxy: str | None = None
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status; 0 = no answer)
        self._delivery: asyncio.Task | None = None

    def deliver_via(self, local_base: str) -> None:
        """Forward webhook posts to ``local_base`` (``http://127.0.0.1:PORT``), keeping the URL's path."""
        self.webhook_proxy = local_base.rstrip("/")
        self._notify()

    def _target(self) -> str:
        parts = urlsplit(self.webhook_url)
        return f"{self.webhook_proxy}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")

    async def _m_set_webhook(self, params: dict) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return await self._m_delete_webhook(params)
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        if parts.port not in _PORTS:
            raise bad("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = params.get("secret_token")
        if secret is not None and not (isinstance(secret, str) and _SECRET.fullmatch(secret)):
            raise bad("secret token contains unallowed characters")
        if isinstance(params.get("allowed_updates"), list):
            self._allowed_updates = set(params["allowed_updates"]) or None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url, self.webhook_secret = url, secret
        if self._delivery is None or self._delivery.done():
            self._delivery = asyncio.get_running_loop().create_task(self._deliver())
        return True

    async def _m_delete_webhook(self, params: dict) -> bool:
        self.webhook_url, self.webhook_secret = "", None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._notify()
        return True

    async def _m_get_webhook_info(self, params: dict) -> dict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _stop_webhook(self) -> None:
        if self._delivery is not None:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery
            self._delivery = None

    async def _deliver(self) -> None:
        """Post queued updates one by one, in order; retry after a failure, like Telegram."""
        async with aiohttp.ClientSession() as session:
            while self.webhook_url and not self._closing:
                if not self._updates or self.webhook_proxy is None:
                    await self._wait_change(1.0)
                    continue
                update = self._updates[0]
                kind = next(k for k in update if k != "update_id")
                if self._allowed_updates and kind not in self._allowed_updates:
                    self._updates.pop(0)  # Telegram does not send kinds the bot did not ask for
                    continue
                status = await self._post(session, update, self.webhook_secret)
                self.webhook_deliveries.append((update["update_id"], status))
                if status == 200:
                    self._updates.remove(update)
                    self._max_offset = max(self._max_offset, update["update_id"] + 1)
                    self._notify()
                else:
                    await self._sleep(0.2)

    async def _post(self, session: aiohttp.ClientSession, update: dict, secret: str | None) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        try:
            timeout = aiohttp.ClientTimeout(total=10)
            async with session.post(self._target(), json=update, headers=headers, timeout=timeout) as response:
                return response.status
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return 0

    def text_update(self, chat_id: int, user_id: int, text: str, **kwargs) -> dict:
        """A text-message update that is not queued (for :meth:`post_update`)."""
        m = self._user_message(
            chat_id, user_id, chat_type=kwargs.pop("chat_type", "private"), first_name="User",
            username=None, reply_to_message_id=None, **kwargs,
        )
        m.raw_text = m.plain_text = text
        m.entities = self._auto_entities(text)
        uid = self._next_update_id
        self._next_update_id += 1
        return {"update_id": uid, "message": self._message_json(m)}

    async def post_update(self, update: dict, secret: str | None) -> int:
        """POST ``update`` to the webhook with the given secret header (None: no header); the HTTP status."""
        async with aiohttp.ClientSession() as session:
            status = await self._post(session, update, secret)
        self._last_activity = time.monotonic()
        return status
