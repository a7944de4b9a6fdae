"""Driving the bot as a user, beyond text: photos, stickers, voice, locations, edits,
adding the bot to a group, and inline queries."""

from __future__ import annotations

import time
from typing import Any

from .driving import DrivingMixin

__all__ = ["MoreDrivingMixin"]


class MoreDrivingMixin(DrivingMixin):
    """``send_photo`` / ``send_sticker`` / ``send_voice`` / ``send_location`` / ``edit_text`` /
    ``add_bot_to_group`` / ``send_inline_query``."""

    def send_media(
        self,
        chat_id: int,
        user_id: int,
        media: dict[str, Any],
        *,
        caption: str | None = None,
        chat_type: str = "private",
        reply_to_message_id: int | None = None,
        first_name: str = "User",
        username: str | None = None,
        chat_title: str | None = None,
        language_code: str | None = None,
    ) -> int:
        """Queue a message carrying ``media`` (e.g. ``{"sticker": {...}}``) and maybe a caption."""
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
        m.media = dict(media)
        if caption:
            m.caption = caption
            m.caption_entities = self._auto_entities(caption)
        self._queue_update("message", self._message_json(m))
        return m.message_id

    def _file_ids(self, kind: str) -> dict[str, str]:
        n = next(self._ids)
        return {"file_id": f"{kind}FAKE{n:06d}", "file_unique_id": f"{kind[:2]}U{n:06d}"}

    def send_photo(self, chat_id: int, user_id: int, *, caption: str | None = None, **kwargs: Any) -> int:
        """A photo (three sizes, like Telegram sends) with an optional caption."""
        sizes = [
            {**self._file_ids("photo"), "width": w, "height": h, "file_size": w * h // 10}
            for w, h in ((90, 60), (320, 213), (1280, 853))
        ]
        return self.send_media(chat_id, user_id, {"photo": sizes}, caption=caption, **kwargs)

    def send_sticker(self, chat_id: int, user_id: int, *, emoji: str = "👍", **kwargs: Any) -> int:
        sticker = {
            **self._file_ids("sticker"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self.send_media(chat_id, user_id, {"sticker": sticker}, **kwargs)

    def send_voice(self, chat_id: int, user_id: int, *, duration: int = 3, **kwargs: Any) -> int:
        voice = {**self._file_ids("voice"), "duration": duration, "mime_type": "audio/ogg"}
        return self.send_media(chat_id, user_id, {"voice": voice}, **kwargs)

    def send_location(
        self, chat_id: int, user_id: int, *, latitude: float = 37.5665, longitude: float = 126.978, **kwargs: Any
    ) -> int:
        return self.send_media(
            chat_id, user_id, {"location": {"latitude": latitude, "longitude": longitude}}, **kwargs
        )

    def edit_text(self, chat_id: int, message_id: int, text: str) -> int:
        """The user edits their text message: queue an ``edited_message`` update; returns its update_id."""
        m = self._messages.get((chat_id, message_id))
        if m is None or m.deleted or m.from_bot or m.plain_text is None:
            raise ValueError(f"no text message {message_id} of a user in chat {chat_id}")
        m.raw_text = m.plain_text = text
        m.entities = self._auto_entities(text)
        m.edit_date = int(time.time())
        return self._queue_update("edited_message", self._message_json(m))

    def add_bot_to_group(
        self,
        chat_id: int,
        user_id: int,
        *,
        chat_type: str = "group",
        title: str | None = None,
        first_name: str = "User",
        language_code: str | None = None,
        status: str = "member",
    ) -> int:
        """``user_id`` adds the bot to a group: queue a ``my_chat_member`` update; returns its update_id."""
        sender = self._user(user_id, first_name, None, language_code)
        chat = self.add_chat(chat_id, chat_type=chat_type, title=title)
        bot = self._bot_user()
        new: dict[str, Any] = {"status": status, "user": bot}
        if status == "administrator":
            new.update(can_be_edited=False, is_anonymous=False, can_manage_chat=True, can_delete_messages=True,
                       can_manage_video_chats=False, can_restrict_members=False, can_promote_members=False,
                       can_change_info=False, can_invite_users=True, can_post_stories=False,
                       can_edit_stories=False, can_delete_stories=False)
        payload = {
            "chat": chat,
            "from": sender,
            "date": int(time.time()),
            "old_chat_member": {"status": "left", "user": bot},
            "new_chat_member": new,
        }
        return self._queue_update("my_chat_member", payload)

    def send_inline_query(
        self,
        user_id: int,
        query: str,
        *,
        chat_type: str = "private",
        offset: str = "",
        first_name: str = "User",
        language_code: str | None = None,
    ) -> str:
        """The user types ``@bot query``: queue an ``inline_query`` update; returns the query id."""
        sender = self._user(user_id, first_name, None, language_code)
        qid = f"{user_id}{next(self._ids):08d}"
        self._inline_queries[qid] = {"user_id": user_id, "query": query, "answered": False}
        self._queue_update(
            "inline_query", {"id": qid, "from": sender, "query": query, "offset": offset, "chat_type": chat_type}
        )
        return qid
