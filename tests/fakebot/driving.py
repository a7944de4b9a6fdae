"""Driving the bot as a user: queue message, document and callback-query updates."""

from __future__ import annotations

import mimetypes
import re
import time
from typing import Any

from .html_check import utf16_len
from .state import StateMixin, StoredMessage

__all__ = ["DrivingMixin"]

_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}")


class DrivingMixin(StateMixin):
    """``send_text`` / ``send_document`` / ``press_button`` / ``queue_update``."""

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
        language_code: str | None = None,
    ) -> StoredMessage:
        sender = self._user(user_id, first_name, username, language_code)
        self.add_chat(
            chat_id, chat_type=chat_type, title=chat_title, first_name=first_name, username=username
        )
        reply_to = None
        if reply_to_message_id is not None:
            if (chat_id, reply_to_message_id) not in self._messages:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat_id} to reply to")
            reply_to = (chat_id, reply_to_message_id)
        m = StoredMessage(
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
        language_code: str | None = None,
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
            language_code=language_code,
        )
        m.raw_text = m.plain_text = text
        m.entities = list(entities) if entities is not None else self._auto_entities(text)
        self._queue_update("message", self._message_json(m))
        return m.message_id

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
        language_code: str | None = None,
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
            language_code=language_code,
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
        language_code: str | None = None,
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
        sender = self._user(user_id, first_name, username, language_code)
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
