"""Validation shared by the method handlers: chats, reply markup, text rendering, replies."""

from __future__ import annotations

import json
import re
from typing import Any

from .html_check import TelegramHTMLError, parse_telegram_html, utf16_len
from .records import ApiError, bad
from .state import StateMixin, StoredMessage

__all__ = ["MAX_CALLBACK_DATA", "MAX_CAPTION", "MAX_TEXT", "ValidationMixin"]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

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


class ValidationMixin(StateMixin):
    """Resolve and check request parameters like Telegram does (raising :class:`ApiError`)."""

    def _chat(self, params: dict, *, for_send: bool = True) -> dict:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad("chat_id is empty")
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
            raise bad("chat not found")
        if for_send and chat["id"] in self.blocked:
            if chat["type"] == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        return chat

    def _check_markup(self, markup: Any) -> dict | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
            total = 0
            for row in rows:
                for b in row:
                    total += 1
                    if not isinstance(b, dict):
                        raise bad(
                            "can't parse inline keyboard button: InlineKeyboardButton must be "
                            "an Object"
                        )
                    text = b.get("text")
                    if not isinstance(text, str) or not text.strip():
                        raise bad("BUTTON_TEXT_INVALID")
                    actions = [a for a in _BUTTON_ACTIONS if a in b]
                    if not actions:
                        raise bad(
                            "can't parse inline keyboard button: Text buttons are unallowed "
                            "in the inline keyboard"
                        )
                    if "callback_data" in b:
                        data = b["callback_data"]
                        if not isinstance(data, str):
                            raise bad("BUTTON_DATA_INVALID")
                        nbytes = len(data.encode("utf-8", "surrogatepass"))
                        if not 1 <= nbytes <= MAX_CALLBACK_DATA:
                            raise bad("BUTTON_DATA_INVALID")
                    if "url" in b:
                        url = b["url"]
                        if not isinstance(url, str) or not re.match(
                            r"^(https?|tg)://\S+$", url.strip(), re.I
                        ):
                            raise bad(
                                f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
                            )
            if total > 100:
                raise bad("reply markup is too long")
            if total == 0:
                return None  # an empty inline keyboard means "no keyboard"
            return json.loads(json.dumps(markup))
        if any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
            return json.loads(json.dumps(markup))
        raise bad("can't parse reply keyboard markup JSON object")

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
            raise bad("message text is empty" if what == "text" else "message caption is empty")
        text = str(text)
        mode = (parse_mode or "").strip() if isinstance(parse_mode, str) else ""
        if entities:
            plain, ents = text, [dict(e) for e in entities]
        elif mode.lower() == "html":
            try:
                plain, ents = parse_telegram_html(text, strict=self.strict_html)
            except TelegramHTMLError as exc:
                raise bad(str(exc)) from None
        elif mode.lower() in ("", "markdown", "markdownv2"):
            plain, ents = text, []  # Markdown is not validated by the fake
        else:
            raise bad("unsupported parse_mode")
        # Telegram trims leading/trailing whitespace and shifts entities accordingly
        lstripped = plain.lstrip()
        left16 = utf16_len(plain[: len(plain) - len(lstripped)])
        stripped = lstripped.rstrip()
        total16 = utf16_len(stripped)
        if not stripped:
            if what == "text":
                raise bad("message text is empty")
            return "", []
        if len(stripped) > limit or total16 > limit:
            raise bad("message is too long" if what == "text" else "message caption is too long")
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
            raise bad("message to be replied not found")
        return (rchat, mid)

    def _find_own_message(self, params: dict, *, action: str) -> StoredMessage:
        if params.get("inline_message_id"):
            raise bad("MESSAGE_ID_INVALID")
        chat = self._chat(params, for_send=False)
        mid = params.get("message_id")
        if mid in (None, ""):
            raise bad("message identifier is not specified")
        m = self._messages.get((chat["id"], mid))
        if m is None or m.deleted:
            raise bad(f"message to {action} not found")
        if not m.from_bot:
            raise bad(f"message can't be {'edited' if action == 'edit' else 'deleted'}")
        return m
