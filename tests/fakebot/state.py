"""In-memory Telegram state: users, chats, stored messages and files, the update queue.

:class:`StateMixin` also owns the observation lists (``sent``, ``calls``, ...) and the
change notification that every long wait (getUpdates, ``wait_for``, ...) sleeps on.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from .records import SentRecord

__all__ = ["StateMixin", "StoredFile", "StoredMessage"]


@dataclass
class StoredMessage:
    """A message in a chat (the bot's or a user's), kept for edits, replies and deletes."""

    chat_id: int
    message_id: int
    from_bot: bool
    sender: dict
    date: int
    raw_text: str | None = None  # None: message has no text (e.g. document)
    parse_mode: str | None = None
    plain_text: str | None = None
    entities: list[dict] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict] = field(default_factory=list)
    document: dict | None = None
    media: dict = field(default_factory=dict)  # photo / sticker / voice / location …, as in the Message JSON
    reply_markup: dict | None = None
    reply_to: tuple[int, int] | None = None
    edit_date: int | None = None
    deleted: bool = False


@dataclass
class StoredFile:
    """An uploaded file, downloadable through getFile + ``/file/bot<token>/<file_path>``."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_size: int
    file_name: str | None = None
    mime_type: str | None = None


class StateMixin:
    """Shared state of :class:`~.server.FakeTelegram` and the helpers that manage it.

    ``FakeTelegram.__init__`` sets the bot identity attributes below and calls
    :meth:`_init_state`; the other mixins build on this one.
    """

    token: str
    bot_username: str
    bot_id: int
    bot_first_name: str
    strict_html: bool

    def _init_state(self) -> None:
        # observation
        self.sent: list[SentRecord] = []
        self.calls: list[tuple[str, dict]] = []
        self.callback_answers: list[dict] = []
        self.chat_actions: list[dict] = []
        self.downloads: list[str] = []
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.inline_answers: list[dict] = []
        self._inline_queries: dict[str, dict] = {}

        # users, chats, messages, files, callback queries
        self.chats: dict[int, dict] = {}
        self.users: dict[int, dict] = {}
        self.blocked: set[int] = set()
        self._messages: dict[tuple[int, int], StoredMessage] = {}
        self._msg_counter: dict[int, int] = {}
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._callbacks: dict[str, dict] = {}
        self._ids = itertools.count(1)

        # update queue and polling
        self._updates: list[dict] = []
        self._next_update_id = 1000
        self._max_offset = 0  # highest positive offset getUpdates was called with
        self._allowed_updates: set[str] | None = None
        self._poll_generation = 0

        # activity tracking and change notification
        self._inflight = 0
        self._last_activity = time.monotonic()
        self._waiters: set[asyncio.Future] = set()
        self._closing = False

    # ------------------------------------------------------------------ notification helpers
    def _notify(self) -> None:
        for fut in list(self._waiters):
            if not fut.done():
                fut.set_result(None)
        self._waiters.clear()

    async def _wait_change(self, timeout: float | None) -> None:
        fut = asyncio.get_running_loop().create_future()
        self._waiters.add(fut)
        try:
            if timeout is None:
                await fut
            elif timeout > 0:
                await asyncio.wait({fut}, timeout=timeout)
        finally:
            self._waiters.discard(fut)

    async def _sleep(self, delay: float) -> None:
        """Sleep, but wake early when the server stops."""
        end = time.monotonic() + delay
        while not self._closing:
            left = end - time.monotonic()
            if left <= 0:
                return
            await self._wait_change(left)

    # ------------------------------------------------------------------ users and chats
    def _user(
        self,
        user_id: int,
        first_name: str = "User",
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict:
        user = self.users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": first_name}
            self.users[user_id] = user
        if first_name and user.get("first_name") != first_name:
            user["first_name"] = first_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return dict(user)

    def add_chat(
        self,
        chat_id: int,
        *,
        chat_type: str = "private",
        title: str | None = None,
        first_name: str = "User",
        username: str | None = None,
    ) -> dict:
        """Make a chat known (so the bot may send to it) without any update."""
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = {"id": chat_id, "type": chat_type}
            if chat_type == "private":
                chat["first_name"] = first_name
            else:
                chat["title"] = title or f"Test {chat_type} {chat_id}"
            self.chats[chat_id] = chat
        if username and chat_type == "private":
            chat["username"] = username
        if title and chat_type != "private":
            chat["title"] = title
        return dict(chat)

    def block_user(self, chat_id: int, blocked: bool = True) -> None:
        """Make send calls to ``chat_id`` fail with 403 ``bot was blocked by the user``."""
        if blocked:
            self.blocked.add(chat_id)
        else:
            self.blocked.discard(chat_id)

    def _bot_user(self) -> dict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _next_message_id(self, chat_id: int) -> int:
        mid = self._msg_counter.get(chat_id, 0) + 1
        self._msg_counter[chat_id] = mid
        return mid

    # ------------------------------------------------------------------ message JSON
    def _message_json(self, m: StoredMessage, *, with_reply: bool = True) -> dict:
        d: dict[str, Any] = {
            "message_id": m.message_id,
            "from": dict(m.sender),
            "chat": dict(self.chats[m.chat_id]),
            "date": m.date,
        }
        if m.edit_date is not None:
            d["edit_date"] = m.edit_date
        if with_reply and m.reply_to is not None:
            rep = self._messages.get(m.reply_to)
            if rep is not None and not rep.deleted:
                d["reply_to_message"] = self._message_json(rep, with_reply=False)
        if m.plain_text is not None:
            d["text"] = m.plain_text
            if m.entities:
                d["entities"] = [dict(e) for e in m.entities]
        if m.document is not None:
            d["document"] = dict(m.document)
        d.update(json.loads(json.dumps(m.media)))
        if m.caption:
            d["caption"] = m.caption
            if m.caption_entities:
                d["caption_entities"] = [dict(e) for e in m.caption_entities]
        if m.reply_markup and "inline_keyboard" in m.reply_markup:
            d["reply_markup"] = json.loads(json.dumps(m.reply_markup))
        return d

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """Current state (Bot API Message JSON) of a stored message, None if unknown/deleted."""
        m = self._messages.get((chat_id, message_id))
        if m is None or m.deleted:
            return None
        return self._message_json(m)

    def messages_in(self, chat_id: int, *, from_bot: bool | None = None) -> list[dict]:
        """Current (not deleted) messages of a chat in id order, optionally only bot/user ones."""
        out = []
        for (cid, _mid), m in sorted(self._messages.items()):
            if cid == chat_id and not m.deleted and (from_bot is None or m.from_bot == from_bot):
                out.append(self._message_json(m))
        return out

    # ------------------------------------------------------------------ update queue
    def _queue_update(self, kind: str, payload: dict) -> int:
        uid = self._next_update_id
        self._next_update_id += 1
        self._updates.append({"update_id": uid, kind: payload})
        self._notify()
        return uid

    @property
    def last_update_id(self) -> int:
        """update_id of the most recently queued update (0 if none yet)."""
        return self._next_update_id - 1 if self._next_update_id > 1000 else 0

    # ------------------------------------------------------------------ files
    def _store_file(
        self, content: bytes, *, file_name: str | None, mime_type: str | None, file_size: int | None
    ) -> StoredFile:
        n = next(self._ids)
        ext = ""
        if file_name and "." in file_name:
            ext = "." + file_name.rsplit(".", 1)[1]
        f = StoredFile(
            file_id=f"BQACAgIAAxkBAAIFAKE{n:06d}",
            file_unique_id=f"AgADFAKE{n:04d}",
            file_path=f"documents/file_{n}{ext}",
            content=bytes(content),
            file_size=len(content) if file_size is None else file_size,
            file_name=file_name,
            mime_type=mime_type,
        )
        self._files[f.file_id] = f
        self._files_by_path[f.file_path] = f
        return f

    @staticmethod
    def _document_json(f: StoredFile) -> dict:
        d: dict[str, Any] = {
            "file_id": f.file_id,
            "file_unique_id": f.file_unique_id,
            "file_size": f.file_size,
        }
        if f.file_name is not None:
            d["file_name"] = f.file_name
        if f.mime_type is not None:
            d["mime_type"] = f.mime_type
        return d
