"""Bot-level Bot API methods: getMe, getChat, bot commands, callback query answers."""

from __future__ import annotations

import json
import re
import time

from .records import bad
from .validation import ValidationMixin

__all__ = ["BotMethodsMixin"]

# scope types, and whether they name a chat
_SCOPES = {
    "default": False,
    "all_private_chats": False,
    "all_group_chats": False,
    "all_chat_administrators": False,
    "chat": True,
    "chat_administrators": True,
    "chat_member": True,
}


class BotMethodsMixin(ValidationMixin):
    """getMe, getChat, set/get/deleteMyCommands, answerCallbackQuery and no-op setters."""

    async def _m_true(self, params: dict) -> bool:
        return True

    async def _m_get_me(self, params: dict) -> dict:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": self.supports_inline_queries,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_get_chat(self, params: dict) -> dict:
        chat = self._chat(params, for_send=False)
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11}

    def _scope_key(self, params: dict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
            raise bad("can't parse BotCommandScope")
        if _SCOPES[scope["type"]]:
            self._chat({"chat_id": scope.get("chat_id")}, for_send=False)  # "chat not found" like Telegram
        if scope["type"] == "chat_member" and not isinstance(scope.get("user_id"), int):
            raise bad("user not found")
        code = str(params.get("language_code") or "")
        if code and not re.fullmatch(r"[a-z]{2}", code):
            raise bad("LANG_CODE_INVALID")
        return json.dumps(scope, sort_keys=True), code

    def commands_for(self, scope: dict | None = None, language_code: str = "") -> list[str] | None:
        """Command names set for ``scope`` (default scope when None) and language, None if never set."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        found = self.commands.get(key)
        return None if found is None else [c["command"] for c in found]

    async def _m_set_my_commands(self, params: dict) -> bool:
        cmds = params.get("commands")
        if not isinstance(cmds, list):
            raise bad("can't parse commands JSON object")
        if len(cmds) > 100:
            raise bad("too many commands")
        clean = []
        for c in cmds:
            if not isinstance(c, dict):
                raise bad("can't parse BotCommand")
            name = c.get("command")
            desc = c.get("description")
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise bad("BOT_COMMAND_INVALID")
            if not isinstance(desc, str) or not (1 <= len(desc.strip()) and len(desc) <= 256):
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": name, "description": desc})
        self.commands[self._scope_key(params)] = clean
        return True

    async def _m_get_my_commands(self, params: dict) -> list[dict]:
        return [dict(c) for c in self.commands.get(self._scope_key(params), [])]

    async def _m_delete_my_commands(self, params: dict) -> bool:
        self.commands.pop(self._scope_key(params), None)
        return True

    async def _m_answer_callback_query(self, params: dict) -> bool:
        qid = str(params.get("callback_query_id") or "")
        cb = self._callbacks.get(qid)
        if cb is None or cb["answered"]:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad("MESSAGE_TOO_LONG")
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
