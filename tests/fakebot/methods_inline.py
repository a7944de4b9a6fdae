"""Bot API method answerInlineQuery, checked like Telegram checks it."""

from __future__ import annotations

import re
import time

from .records import bad
from .validation import MAX_TEXT, ValidationMixin

__all__ = ["InlineMethodsMixin"]

_RESULT_TYPES = {
    "article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document", "location",
    "venue", "contact", "game", "sticker",
}
_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")


class InlineMethodsMixin(ValidationMixin):
    """``answerInlineQuery`` (recorded in ``inline_answers``) and ``wait_for_inline_answer``."""

    async def _m_answer_inline_query(self, params: dict) -> bool:
        qid = str(params.get("inline_query_id") or "")
        query = self._inline_queries.get(qid)
        if query is None or query["answered"]:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        results = params.get("results")
        if not isinstance(results, list):
            raise bad("can't parse inline query results JSON object")
        if len(results) > 50:
            raise bad("RESULTS_TOO_MUCH")
        shown, ids = [], set()
        for result in results:
            shown.append(self._inline_result(result, ids))
        cache_time = params.get("cache_time", 300)
        if not isinstance(cache_time, int) or cache_time < 0:
            raise bad("wrong cache_time")
        button = params.get("button")
        if button is not None:
            if not isinstance(button, dict) or not str(button.get("text") or "").strip():
                raise bad("BUTTON_TEXT_INVALID")
            start = button.get("start_parameter")
            if "web_app" not in button and not (isinstance(start, str) and _START_PARAMETER.fullmatch(start)):
                raise bad("START_PARAM_INVALID")
        if len(str(params.get("next_offset") or "").encode()) > 64:
            raise bad("NEXT_OFFSET_INVALID")
        query["answered"] = True
        self.inline_answers.append(
            {
                "inline_query_id": qid,
                "user_id": query["user_id"],
                "query": query["query"],
                "results": shown,
                "cache_time": cache_time,
                "is_personal": bool(params.get("is_personal")),
                "button": button,
                "time": time.monotonic(),
            }
        )
        self._notify()
        return True

    def _inline_result(self, result: object, ids: set[str]) -> dict:
        if not isinstance(result, dict) or result.get("type") not in _RESULT_TYPES:
            raise bad("RESULT_TYPE_INVALID")
        rid = result.get("id")
        if not isinstance(rid, str) or not 1 <= len(rid.encode()) <= 64:
            raise bad("RESULT_ID_INVALID")
        if rid in ids:
            raise bad("RESULT_ID_DUPLICATE")
        ids.add(rid)
        shown = dict(result)
        if result["type"] == "article":
            if not isinstance(result.get("title"), str) or not result["title"].strip():
                raise bad("RESULT_TITLE_EMPTY")
            content = result.get("input_message_content")
            if not isinstance(content, dict) or "message_text" not in content:
                raise bad("MESSAGE_EMPTY")
            plain, entities = self._render(
                content.get("message_text"), content.get("parse_mode"), content.get("entities"), limit=MAX_TEXT
            )
            shown.update(plain_text=plain, entities=entities)
        if "reply_markup" in result:
            self._check_markup(result["reply_markup"])
        return shown

    async def wait_for_inline_answer(self, query_id: str, timeout: float = 10.0) -> dict:
        """The bot's answerInlineQuery call for ``query_id``."""
        deadline = time.monotonic() + timeout
        while True:
            found = [a for a in self.inline_answers if a["inline_query_id"] == query_id]
            if found:
                return found[0]
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answerInlineQuery for {query_id} within {timeout}s")
            await self._wait_change(left)
