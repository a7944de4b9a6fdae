"""Bot API methods on files: sendDocument and getFile."""

from __future__ import annotations

import time

from .observing import ObservingMixin
from .records import bad
from .state import StoredMessage
from .validation import MAX_CAPTION, ValidationMixin

__all__ = ["FileMethodsMixin"]

MAX_DOWNLOAD = 20 * 1024 * 1024


class FileMethodsMixin(ValidationMixin, ObservingMixin):
    """sendDocument (upload or re-send by file_id) and getFile (size-limited download info)."""

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
            raise bad("wrong file identifier/HTTP URL specified")
        else:
            raise bad("there is no document in the request")
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
        m = StoredMessage(
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

    async def _m_get_file(self, params: dict) -> dict:
        fid = params.get("file_id")
        f = self._files.get(str(fid)) if fid else None
        if f is None:
            raise bad("invalid file_id")
        if f.file_size > MAX_DOWNLOAD:
            raise bad("file is too big")
        return {
            "file_id": f.file_id,
            "file_unique_id": f.file_unique_id,
            "file_size": f.file_size,
            "file_path": f.file_path,
        }
