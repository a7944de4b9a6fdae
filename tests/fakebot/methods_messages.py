"""Bot API methods on messages: send, edit, delete, chat actions."""

from __future__ import annotations

import time

from .observing import ObservingMixin
from .records import ApiError, bad
from .state import StoredMessage
from .validation import MAX_TEXT, ValidationMixin

__all__ = ["MessageMethodsMixin"]

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

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class MessageMethodsMixin(ValidationMixin, ObservingMixin):
    """sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage(s), sendChatAction."""

    async def _m_send_message(self, params: dict) -> dict:
        chat = self._chat(params)
        markup = self._check_markup(params.get("reply_markup"))
        plain, ents = self._render(
            params.get("text"), params.get("parse_mode"), params.get("entities"), limit=MAX_TEXT
        )
        reply_to = self._reply_to(params, chat["id"])
        m = StoredMessage(
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

    async def _m_edit_message_text(self, params: dict) -> dict:
        m = self._find_own_message(params, action="edit")
        if m.plain_text is None:
            raise bad("there is no text in the message to edit")
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
            raise bad("message to delete not found")
        if not m.from_bot and chat["type"] not in ("private",):
            raise bad("message can't be deleted")
        m.deleted = True
        self._record("deleteMessage", m, params)
        return True

    async def _m_delete_messages(self, params: dict) -> bool:
        chat = self._chat(params, for_send=False)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise bad("message_ids must be a non-empty list of at most 100 items")
        for mid in ids:
            m = self._messages.get((chat["id"], mid))
            if m is not None and not m.deleted:
                m.deleted = True
                self._record("deleteMessage", m, params)
        return True

    async def _m_send_chat_action(self, params: dict) -> bool:
        chat = self._chat(params)
        action = params.get("action")
        if action not in _CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        self.chat_actions.append({"chat_id": chat["id"], "action": action, "time": time.monotonic()})
        return True
