"""A fake Telegram Bot API server (aiohttp, 127.0.0.1 only) for end-to-end bot tests.

Point a python-telegram-bot ``Bot``/``Application`` at it with
``base_url=fake.base_url`` and ``base_file_url=fake.base_file_url``; drive it as a user
with :meth:`FakeTelegram.send_text` / :meth:`send_document` / :meth:`press_button`, and
observe what the bot did through :attr:`FakeTelegram.sent` / :meth:`wait_for` /
:attr:`calls`. Responses and error descriptions are shaped like Telegram's.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import mimetypes
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .html_check import TelegramHTMLError, parse_telegram_html, utf16_len

__all__ = ["ApiError", "FakeTelegram", "SentRecord"]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_DOWNLOAD = 20 * 1024 * 1024

_INT_FIELDS = {
    "chat_id",
    "from_chat_id",
    "message_id",
    "message_thread_id",
    "reply_to_message_id",
    "offset",
    "limit",
    "user_id",
    "cache_time",
}
_FLOAT_FIELDS = {"timeout"}
_BOOL_FIELDS = {
    "disable_notification",
    "protect_content",
    "drop_pending_updates",
    "show_alert",
    "disable_web_page_preview",
    "allow_sending_without_reply",
    "allow_paid_broadcast",
    "disable_content_type_detection",
}
_JSON_FIELDS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "entities",
    "caption_entities",
    "reply_parameters",
    "link_preview_options",
    "scope",
    "message_ids",
    "menu_button",
}
_CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
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
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    504: "Gateway Timeout",
}
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}")


class ApiError(Exception):
    """An error answer of the Bot API (raised inside method handlers)."""

    def __init__(self, code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class SentRecord:
    """One successful bot call that produced or changed a message.

    ``method``: ``sendMessage`` / ``editMessageText`` / ``editMessageReplyMarkup`` /
    ``sendDocument`` / ``deleteMessage``.
    ``text``: the text as the bot sent it (raw HTML source when ``parse_mode='HTML'``);
    for ``sendDocument`` the caption (or ``""``); for ``editMessageReplyMarkup`` and
    ``deleteMessage`` the message's current raw text. Always a ``str``.
    ``plain_text``/``entities``: what Telegram would store/show (HTML parsed, trimmed).
    ``reply_markup``: the message's markup after the call, as a JSON dict, or ``None``.
    ``time``: :func:`time.monotonic` at the moment the call was applied.
    """

    method: str
    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict | None
    time: float
    plain_text: str = ""
    entities: list[dict] = field(default_factory=list)
    reply_to_message_id: int | None = None
    params: dict = field(default_factory=dict)
    document: dict | None = None  # sendDocument: {"file_name", "mime_type", "content", "file_id"}

    @property
    def buttons(self) -> list[dict]:
        """Inline keyboard buttons, flattened row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [b for row in rows for b in row]

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]

    def __repr__(self) -> str:  # compact, for timeout diagnostics
        t = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return (
            f"SentRecord({self.method} chat={self.chat_id} id={self.message_id} "
            f"parse_mode={self.parse_mode} text={t!r} buttons={self.callback_data})"
        )


@dataclass
class _Fault:
    status: int | None
    remaining: int
    retry_after: int | None
    delay: float
    description: str | None
    when: Callable[[dict], bool] | None
    processed: bool


@dataclass
class _StoredMessage:
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
    reply_markup: dict | None = None
    reply_to: tuple[int, int] | None = None
    edit_date: int | None = None
    deleted: bool = False


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_size: int
    file_name: str | None = None
    mime_type: str | None = None


class FakeTelegram:
    """Fake Telegram Bot API server. See module docstring and the tests for usage."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "newsqa_bot",
        bot_id: int = 999,
        *,
        bot_first_name: str = "NewsQA",
        strict_html: bool = True,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = bot_id
        self.bot_first_name = bot_first_name
        self.strict_html = strict_html
        self.port: int | None = None
        self.base_url = ""
        self.base_file_url = ""

        # observation
        self.sent: list[SentRecord] = []
        self.calls: list[tuple[str, dict]] = []
        self.callback_answers: list[dict] = []
        self.chat_actions: list[dict] = []
        self.downloads: list[str] = []
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.webhook_url = ""

        # state
        self.chats: dict[int, dict] = {}
        self.users: dict[int, dict] = {}
        self.blocked: set[int] = set()
        self._messages: dict[tuple[int, int], _StoredMessage] = {}
        self._msg_counter: dict[int, int] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._callbacks: dict[str, dict] = {}
        self._updates: list[dict] = []
        self._next_update_id = 1000
        self._max_offset = 0  # highest positive offset getUpdates was called with
        self._allowed_updates: set[str] | None = None
        self._poll_generation = 0
        self._faults: dict[str, list[_Fault]] = {}
        self._ids = itertools.count(1)
        self._inflight = 0
        self._last_activity = time.monotonic()
        self._waiters: set[asyncio.Future] = set()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

        self._methods: dict[str, Callable[[dict], Any]] = {
            "getme": self._m_get_me,
            "logout": self._m_true,
            "close": self._m_true,
            "getupdates": self._m_get_updates,
            "setwebhook": self._m_set_webhook,
            "deletewebhook": self._m_delete_webhook,
            "getwebhookinfo": self._m_get_webhook_info,
            "setmycommands": self._m_set_my_commands,
            "getmycommands": self._m_get_my_commands,
            "deletemycommands": self._m_delete_my_commands,
            "setmydescription": self._m_true,
            "setmyshortdescription": self._m_true,
            "setmyname": self._m_true,
            "setchatmenubutton": self._m_true,
            "getchat": self._m_get_chat,
            "sendmessage": self._m_send_message,
            "editmessagetext": self._m_edit_message_text,
            "editmessagereplymarkup": self._m_edit_message_reply_markup,
            "answercallbackquery": self._m_answer_callback_query,
            "sendchataction": self._m_send_chat_action,
            "deletemessage": self._m_delete_message,
            "deletemessages": self._m_delete_messages,
            "getfile": self._m_get_file,
            "senddocument": self._m_send_document,
        }

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and serve."""
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await self._site.start()
        self.port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{self.port}/bot"
        self.base_file_url = f"http://127.0.0.1:{self.port}/file/bot"

    async def stop(self) -> None:
        """Wake pending long polls (they answer ``[]``) and shut the server down."""
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._site = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

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
    def _user(self, user_id: int, first_name: str = "User", username: str | None = None) -> dict:
        user = self.users.get(user_id)
        if user is None:
            user = {"id": user_id, "is_bot": False, "first_name": first_name}
            self.users[user_id] = user
        if first_name and user.get("first_name") != first_name:
            user["first_name"] = first_name
        if username:
            user["username"] = username
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
    def _message_json(self, m: _StoredMessage, *, with_reply: bool = True) -> dict:
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

    # ------------------------------------------------------------------ driving the bot
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

    def _auto_entities(self, text: str) -> list[dict]:
        ents: list[dict] = []
        spans: list[tuple[int, int]] = []
        for m in _COMMAND_RE.finditer(text):
            spans.append((m.start(), m.end()))
            ents.append(
                {
                    "type": "bot_command",
                    "offset": utf16_len(text[: m.start()]),
                    "length": utf16_len(m.group()),
                }
            )
        for m in _MENTION_RE.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            ents.append(
                {
                    "type": "mention",
                    "offset": utf16_len(text[: m.start()]),
                    "length": utf16_len(m.group()),
                }
            )
        ents.sort(key=lambda e: e["offset"])
        return ents

    def _user_message(
        self,
        chat_id: int,
        user_id: int,
        *,
        chat_type: str,
        first_name: str,
        username: str | None,
        reply_to_message_id: int | None,
        chat_title: str | None = None,
    ) -> _StoredMessage:
        sender = self._user(user_id, first_name, username)
        self.add_chat(
            chat_id, chat_type=chat_type, title=chat_title, first_name=first_name, username=username
        )
        reply_to = None
        if reply_to_message_id is not None:
            if (chat_id, reply_to_message_id) not in self._messages:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat_id} to reply to")
            reply_to = (chat_id, reply_to_message_id)
        m = _StoredMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat_id),
            from_bot=False,
            sender=sender,
            date=int(time.time()),
            reply_to=reply_to,
        )
        self._messages[(chat_id, m.message_id)] = m
        return m

    def send_text(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        chat_type: str = "private",
        reply_to_message_id: int | None = None,
        first_name: str = "User",
        username: str | None = None,
        entities: list[dict] | None = None,
        chat_title: str | None = None,
    ) -> int:
        """Queue an Update with a text message from a user; returns its message_id.

        ``bot_command`` entities are added for ``/cmd`` / ``/cmd@bot`` tokens and ``mention``
        entities for ``@username`` tokens, unless ``entities`` is given explicitly.
        """
        m = self._user_message(
            chat_id,
            user_id,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
            reply_to_message_id=reply_to_message_id,
            chat_title=chat_title,
        )
        m.raw_text = m.plain_text = text
        m.entities = list(entities) if entities is not None else self._auto_entities(text)
        self._queue_update("message", self._message_json(m))
        return m.message_id

    def _store_file(
        self, content: bytes, *, file_name: str | None, mime_type: str | None, file_size: int | None
    ) -> _StoredFile:
        n = next(self._ids)
        ext = ""
        if file_name and "." in file_name:
            ext = "." + file_name.rsplit(".", 1)[1]
        f = _StoredFile(
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
    def _document_json(f: _StoredFile) -> dict:
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

    def send_document(
        self,
        chat_id: int,
        user_id: int,
        *,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
        chat_type: str = "private",
        file_size: int | None = None,
        reply_to_message_id: int | None = None,
        first_name: str = "User",
        username: str | None = None,
        chat_title: str | None = None,
    ) -> int:
        """Queue an Update with a document message; returns its message_id.

        The file is downloadable via getFile + /file/bot<token>/<file_path>.
        ``file_size`` overrides the reported size (e.g. > 20 MB makes getFile fail with
        ``file is too big`` like Telegram).
        """
        if mime_type is None:
            mime_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        m = self._user_message(
            chat_id,
            user_id,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
            reply_to_message_id=reply_to_message_id,
            chat_title=chat_title,
        )
        f = self._store_file(content, file_name=filename, mime_type=mime_type, file_size=file_size)
        m.document = self._document_json(f)
        if caption:
            m.caption = caption
            m.caption_entities = self._auto_entities(caption)
        self._queue_update("message", self._message_json(m))
        return m.message_id

    def press_button(
        self,
        chat_id: int,
        user_id: int,
        message_id: int,
        data: str,
        *,
        check: bool = True,
        first_name: str = "User",
        username: str | None = None,
    ) -> str:
        """Queue a callback_query update for a message the bot sent; returns the query id.

        With ``check=True`` (default) the message must exist, be the bot's, not be deleted
        and currently carry an inline button with this callback_data (ValueError otherwise);
        ``check=False`` allows simulating stale/forged presses.
        """
        m = self._messages.get((chat_id, message_id))
        if check:
            if m is None or m.deleted:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            if not m.from_bot:
                raise ValueError(f"message {message_id} in chat {chat_id} is not the bot's")
            datas = [
                b.get("callback_data")
                for row in (m.reply_markup or {}).get("inline_keyboard") or []
                for b in row
            ]
            if data not in datas:
                raise ValueError(f"message {message_id} has no button {data!r} (has {datas})")
        sender = self._user(user_id, first_name, username)
        qid = f"{abs(hash((chat_id, user_id))) % 10**10}{next(self._ids):06d}"
        cq: dict[str, Any] = {
            "id": qid,
            "from": sender,
            "chat_instance": str(abs(hash(("ci", chat_id))) % 10**18),
            "data": data,
        }
        if m is not None and not m.deleted:
            cq["message"] = self._message_json(m)
        elif chat_id in self.chats:
            # inaccessible message, like Telegram's InaccessibleMessage (date 0)
            cq["message"] = {"chat": dict(self.chats[chat_id]), "message_id": message_id, "date": 0}
        self._callbacks[qid] = {"chat_id": chat_id, "message_id": message_id, "answered": False}
        self._queue_update("callback_query", cq)
        return qid

    def queue_update(self, update: dict) -> int:
        """Queue a raw update (``update_id`` is assigned); returns the update_id."""
        kinds = [k for k in update if k != "update_id"]
        if len(kinds) != 1:
            raise ValueError("an update must have exactly one payload field")
        return self._queue_update(kinds[0], update[kinds[0]])

    # ------------------------------------------------------------------ observing
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

    # ------------------------------------------------------------------ fault injection
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
            _Fault(status, times, retry_after, delay, description, when, processed)
        )

    def delay_next(self, method: str, delay: float, *, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` normally but only after ``delay`` s."""
        self.fail_next(method, status=None, times=times, delay=delay)

    def _take_fault(self, method: str, params: dict) -> _Fault | None:
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
    def _fault_error(f: _Fault) -> ApiError:
        status = f.status or 500
        params = None
        desc = f.description
        if f.retry_after is not None:
            params = {"retry_after": f.retry_after}
            if desc is None and status == 429:
                desc = f"Too Many Requests: retry after {f.retry_after}"
        if desc is None:
            desc = _DEFAULT_DESCRIPTIONS.get(status, "Internal Server Error")
        return ApiError(status, desc, params)

    # ------------------------------------------------------------------ HTTP plumbing
    @staticmethod
    def _json_response(payload: dict, status: int = 200) -> web.Response:
        return web.Response(
            status=status,
            text=json.dumps(payload, ensure_ascii=False),
            content_type="application/json",
        )

    def _error_response(self, err: ApiError) -> web.Response:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": err.code,
            "description": err.description,
        }
        if err.parameters:
            body["parameters"] = err.parameters
        return self._json_response(body, err.code)

    @staticmethod
    def _coerce(name: str, value: Any) -> Any:
        if isinstance(value, str):
            if name in _INT_FIELDS:
                try:
                    return int(value)
                except ValueError:
                    return value
            if name in _FLOAT_FIELDS:
                try:
                    return float(value)
                except ValueError:
                    return value
            if name in _BOOL_FIELDS:
                return value.strip().lower() in ("true", "1")
            if name in _JSON_FIELDS:
                try:
                    return json.loads(value)
                except ValueError:
                    if name == "reply_markup":
                        raise _bad("can't parse reply keyboard markup JSON object") from None
                    raise _bad(f"can't parse {name} JSON object") from None
        return value

    async def _read_params(self, request: web.Request) -> dict:
        params: dict[str, Any] = {}
        for k, v in request.query.items():
            params[k] = v
        if request.method == "POST" and request.can_read_body:
            ctype = request.content_type
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise _bad("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise _bad("JSON object expected")
                params.update(body)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for k, v in form.items():
                    if isinstance(v, web.FileField):
                        params[k] = {
                            "__file__": True,
                            "filename": v.filename,
                            "content_type": v.content_type,
                            "content": v.file.read(),
                        }
                    else:
                        params[k] = v
        return {k: self._coerce(k, v) for k, v in params.items()}

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/bot"):
            return await self._serve_file(request, path[len("/file/bot") :])
        if not path.startswith("/bot"):
            return self._error_response(ApiError(404, "Not Found"))
        token, sep, method = path[len("/bot") :].partition("/")
        if not sep or not method or "/" in method:
            return self._error_response(ApiError(404, "Not Found"))
        if token != self.token:
            return self._error_response(ApiError(401, "Unauthorized"))
        try:
            params = await self._read_params(request)
        except ApiError as err:
            self.calls.append((method, {}))
            return self._error_response(err)
        self.calls.append((method, params))
        lname = method.lower()
        polling = lname == "getupdates"
        if not polling:
            self._inflight += 1
            self._last_activity = time.monotonic()
        self._notify()
        try:
            handler = self._methods.get(lname)
            if handler is None:
                return self._error_response(ApiError(404, "Not Found: method not found"))
            fault = self._take_fault(lname, params)
            try:
                if fault is not None and not fault.processed:
                    if fault.delay:
                        await self._sleep(fault.delay)
                    if fault.status not in (None, 200):
                        return self._error_response(self._fault_error(fault))
                result = await handler(params)
                if fault is not None and fault.processed:
                    if fault.delay:
                        await self._sleep(fault.delay)
                    if fault.status not in (None, 200):
                        return self._error_response(self._fault_error(fault))
            except ApiError as err:
                return self._error_response(err)
            return self._json_response({"ok": True, "result": result})
        finally:
            if not polling:
                self._inflight -= 1
                self._last_activity = time.monotonic()
            self._notify()

    async def _serve_file(self, request: web.Request, rest: str) -> web.StreamResponse:
        token, sep, file_path = rest.partition("/")
        if token != self.token:
            return self._error_response(ApiError(401, "Unauthorized"))
        self.downloads.append(file_path)
        self._notify()
        fault = self._take_fault("download", {"file_path": file_path})
        if fault is not None:
            if fault.delay:
                await self._sleep(fault.delay)
            if fault.status not in (None, 200):
                return self._error_response(self._fault_error(fault))
        f = self._files_by_path.get(file_path)
        if f is None:
            return self._error_response(ApiError(404, "Not Found"))
        return web.Response(
            body=f.content, content_type=f.mime_type or "application/octet-stream"
        )

    # ------------------------------------------------------------------ validation helpers
    def _chat(self, params: dict, *, for_send: bool = True) -> dict:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        if isinstance(chat_id, str):
            chat = next(
                (
                    c
                    for c in self.chats.values()
                    if c.get("username") and "@" + c["username"] == chat_id
                ),
                None,
            )
        else:
            chat = self.chats.get(chat_id)
        if chat is None:
            raise _bad("chat not found")
        if for_send and chat["id"] in self.blocked:
            if chat["type"] == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        return chat

    def _check_markup(self, markup: Any) -> dict | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
            total = 0
            for row in rows:
                for b in row:
                    total += 1
                    if not isinstance(b, dict):
                        raise _bad(
                            "can't parse inline keyboard button: InlineKeyboardButton must be "
                            "an Object"
                        )
                    text = b.get("text")
                    if not isinstance(text, str) or not text.strip():
                        raise _bad("BUTTON_TEXT_INVALID")
                    actions = [a for a in _BUTTON_ACTIONS if a in b]
                    if not actions:
                        raise _bad(
                            "can't parse inline keyboard button: Text buttons are unallowed "
                            "in the inline keyboard"
                        )
                    if "callback_data" in b:
                        data = b["callback_data"]
                        if not isinstance(data, str):
                            raise _bad("BUTTON_DATA_INVALID")
                        nbytes = len(data.encode("utf-8", "surrogatepass"))
                        if not 1 <= nbytes <= MAX_CALLBACK_DATA:
                            raise _bad("BUTTON_DATA_INVALID")
                    if "url" in b:
                        url = b["url"]
                        if not isinstance(url, str) or not re.match(
                            r"^(https?|tg)://\S+$", url.strip(), re.I
                        ):
                            raise _bad(
                                f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
                            )
            if total > 100:
                raise _bad("reply markup is too long")
            if total == 0:
                return None  # an empty inline keyboard means "no keyboard"
            return json.loads(json.dumps(markup))
        if any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
            return json.loads(json.dumps(markup))
        raise _bad("can't parse reply keyboard markup JSON object")

    def _render(
        self,
        text: Any,
        parse_mode: Any,
        entities: Any,
        *,
        limit: int,
        what: str = "text",
    ) -> tuple[str, list[dict]]:
        """Validate and render text like Telegram: (plain_text, entities), trimmed."""
        if text is None or text == "":
            raise _bad("message text is empty" if what == "text" else "message caption is empty")
        text = str(text)
        mode = (parse_mode or "").strip() if isinstance(parse_mode, str) else ""
        if entities:
            plain, ents = text, [dict(e) for e in entities]
        elif mode.lower() == "html":
            try:
                plain, ents = parse_telegram_html(text, strict=self.strict_html)
            except TelegramHTMLError as exc:
                raise _bad(str(exc)) from None
        elif mode.lower() in ("", "markdown", "markdownv2"):
            plain, ents = text, []  # Markdown is not validated by the fake
        else:
            raise _bad("unsupported parse_mode")
        # Telegram trims leading/trailing whitespace and shifts entities accordingly
        lstripped = plain.lstrip()
        left16 = utf16_len(plain[: len(plain) - len(lstripped)])
        stripped = lstripped.rstrip()
        total16 = utf16_len(stripped)
        if not stripped:
            if what == "text":
                raise _bad("message text is empty")
            return "", []
        if len(stripped) > limit or total16 > limit:
            raise _bad("message is too long" if what == "text" else "message caption is too long")
        fixed = []
        for e in ents:
            start = max(0, e["offset"] - left16)
            end = min(total16, e["offset"] + e["length"] - left16)
            if end > start:
                fixed.append({**e, "offset": start, "length": end - start})
        return stripped, fixed

    def _reply_to(self, params: dict, chat_id: int) -> tuple[int, int] | None:
        rp = params.get("reply_parameters")
        mid = None
        allow = bool(params.get("allow_sending_without_reply"))
        rchat = chat_id
        if isinstance(rp, dict) and rp.get("message_id") is not None:
            mid = int(rp["message_id"])
            allow = allow or bool(rp.get("allow_sending_without_reply"))
            if rp.get("chat_id") not in (None, ""):
                rc = rp["chat_id"]
                rchat = int(rc) if not isinstance(rc, str) or rc.lstrip("-").isdigit() else chat_id
        elif params.get("reply_to_message_id") not in (None, 0, ""):
            mid = int(params["reply_to_message_id"])
        if mid is None:
            return None
        target = self._messages.get((rchat, mid))
        if target is None or target.deleted:
            if allow:
                return None
            raise _bad("message to be replied not found")
        return (rchat, mid)

    def _record(self, method: str, m: _StoredMessage, params: dict, **extra: Any) -> SentRecord:
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

    def _find_own_message(self, params: dict, *, action: str) -> _StoredMessage:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        chat = self._chat(params, for_send=False)
        mid = params.get("message_id")
        if mid in (None, ""):
            raise _bad("message identifier is not specified")
        m = self._messages.get((chat["id"], mid))
        if m is None or m.deleted:
            raise _bad(f"message to {action} not found")
        if not m.from_bot:
            raise _bad(f"message can't be {'edited' if action == 'edit' else 'deleted'}")
        return m

    # ------------------------------------------------------------------ API methods
    async def _m_true(self, params: dict) -> bool:
        return True

    async def _m_get_me(self, params: dict) -> dict:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_get_chat(self, params: dict) -> dict:
        chat = self._chat(params, for_send=False)
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11}

    async def _m_set_webhook(self, params: dict) -> bool:
        url = params.get("url") or ""
        self.webhook_url = str(url)
        return True

    async def _m_delete_webhook(self, params: dict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_get_webhook_info(self, params: dict) -> dict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    @staticmethod
    def _scope_key(params: dict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    async def _m_set_my_commands(self, params: dict) -> bool:
        cmds = params.get("commands")
        if not isinstance(cmds, list):
            raise _bad("can't parse commands JSON object")
        if len(cmds) > 100:
            raise _bad("too many commands")
        clean = []
        for c in cmds:
            if not isinstance(c, dict):
                raise _bad("can't parse BotCommand")
            name = c.get("command")
            desc = c.get("description")
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _bad("BOT_COMMAND_INVALID")
            if not isinstance(desc, str) or not (1 <= len(desc.strip()) and len(desc) <= 256):
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": name, "description": desc})
        self.commands[self._scope_key(params)] = clean
        return True

    async def _m_get_my_commands(self, params: dict) -> list[dict]:
        return [dict(c) for c in self.commands.get(self._scope_key(params), [])]

    async def _m_delete_my_commands(self, params: dict) -> bool:
        self.commands.pop(self._scope_key(params), None)
        return True

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
                raise ApiError(409, _DEFAULT_DESCRIPTIONS[409])
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            await self._wait_change(left)

    async def _m_send_message(self, params: dict) -> dict:
        chat = self._chat(params)
        markup = self._check_markup(params.get("reply_markup"))
        plain, ents = self._render(
            params.get("text"), params.get("parse_mode"), params.get("entities"), limit=MAX_TEXT
        )
        reply_to = self._reply_to(params, chat["id"])
        m = _StoredMessage(
            chat_id=chat["id"],
            message_id=self._next_message_id(chat["id"]),
            from_bot=True,
            sender=self._bot_user(),
            date=int(time.time()),
            raw_text=str(params["text"]),
            parse_mode=params.get("parse_mode") or None,
            plain_text=plain,
            entities=ents,
            reply_markup=markup,
            reply_to=reply_to,
        )
        self._messages[(m.chat_id, m.message_id)] = m
        self._record("sendMessage", m, params)
        return self._message_json(m)

    async def _m_send_document(self, params: dict) -> dict:
        chat = self._chat(params)
        markup = self._check_markup(params.get("reply_markup"))
        doc = params.get("document")
        if isinstance(doc, dict) and doc.get("__file__"):
            f = self._store_file(
                doc["content"],
                file_name=params.get("file_name") or doc.get("filename"),
                mime_type=doc.get("content_type"),
                file_size=None,
            )
        elif isinstance(doc, str) and doc in self._files:
            f = self._files[doc]
        elif isinstance(doc, str) and doc:
            raise _bad("wrong file identifier/HTTP URL specified")
        else:
            raise _bad("there is no document in the request")
        caption, cents = "", []
        if params.get("caption"):
            caption, cents = self._render(
                params.get("caption"),
                params.get("parse_mode"),
                params.get("caption_entities"),
                limit=MAX_CAPTION,
                what="caption",
            )
        reply_to = self._reply_to(params, chat["id"])
        m = _StoredMessage(
            chat_id=chat["id"],
            message_id=self._next_message_id(chat["id"]),
            from_bot=True,
            sender=self._bot_user(),
            date=int(time.time()),
            caption=caption or None,
            caption_entities=cents,
            document=self._document_json(f),
            reply_markup=markup,
            reply_to=reply_to,
        )
        self._messages[(m.chat_id, m.message_id)] = m
        self._record(
            "sendDocument",
            m,
            params,
            text=str(params.get("caption") or ""),
            document={
                "file_id": f.file_id,
                "file_name": f.file_name,
                "mime_type": f.mime_type,
                "content": f.content,
            },
        )
        return self._message_json(m)

    async def _m_edit_message_text(self, params: dict) -> dict:
        m = self._find_own_message(params, action="edit")
        if m.plain_text is None:
            raise _bad("there is no text in the message to edit")
        markup = self._check_markup(params.get("reply_markup"))
        plain, ents = self._render(
            params.get("text"), params.get("parse_mode"), params.get("entities"), limit=MAX_TEXT
        )
        # Like Telegram: omitting reply_markup removes the inline keyboard.
        if plain == m.plain_text and ents == m.entities and markup == m.reply_markup:
            raise ApiError(400, _NOT_MODIFIED)
        m.raw_text = str(params["text"])
        m.parse_mode = params.get("parse_mode") or None
        m.plain_text, m.entities = plain, ents
        m.reply_markup = markup
        m.edit_date = int(time.time())
        self._record("editMessageText", m, params)
        return self._message_json(m)

    async def _m_edit_message_reply_markup(self, params: dict) -> dict:
        m = self._find_own_message(params, action="edit")
        markup = self._check_markup(params.get("reply_markup"))
        if markup == m.reply_markup:
            raise ApiError(400, _NOT_MODIFIED)
        m.reply_markup = markup
        m.edit_date = int(time.time())
        self._record("editMessageReplyMarkup", m, params)
        return self._message_json(m)

    async def _m_delete_message(self, params: dict) -> bool:
        chat = self._chat(params, for_send=False)
        mid = params.get("message_id")
        m = self._messages.get((chat["id"], mid))
        if m is None or m.deleted:
            raise _bad("message to delete not found")
        if not m.from_bot and chat["type"] not in ("private",):
            raise _bad("message can't be deleted")
        m.deleted = True
        self._record("deleteMessage", m, params)
        return True

    async def _m_delete_messages(self, params: dict) -> bool:
        chat = self._chat(params, for_send=False)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise _bad("message_ids must be a non-empty list of at most 100 items")
        for mid in ids:
            m = self._messages.get((chat["id"], mid))
            if m is not None and not m.deleted:
                m.deleted = True
                self._record("deleteMessage", m, params)
        return True

    async def _m_answer_callback_query(self, params: dict) -> bool:
        qid = str(params.get("callback_query_id") or "")
        cb = self._callbacks.get(qid)
        if cb is None or cb["answered"]:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        cb["answered"] = True
        self.callback_answers.append(
            {
                "callback_query_id": qid,
                "chat_id": cb["chat_id"],
                "message_id": cb["message_id"],
                "text": text,
                "show_alert": bool(params.get("show_alert")),
                "url": params.get("url"),
                "time": time.monotonic(),
            }
        )
        return True

    async def _m_send_chat_action(self, params: dict) -> bool:
        chat = self._chat(params)
        action = params.get("action")
        if action not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        self.chat_actions.append({"chat_id": chat["id"], "action": action, "time": time.monotonic()})
        return True

    async def _m_get_file(self, params: dict) -> dict:
        fid = params.get("file_id")
        f = self._files.get(str(fid)) if fid else None
        if f is None:
            raise _bad("invalid file_id")
        if f.file_size > MAX_DOWNLOAD:
            raise _bad("file is too big")
        return {
            "file_id": f.file_id,
            "file_unique_id": f.file_unique_id,
            "file_size": f.file_size,
            "file_path": f.file_path,
        }
