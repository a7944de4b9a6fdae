"""Value types shared by the fake server: Bot API errors and records of what the bot sent."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DEFAULT_DESCRIPTIONS", "ApiError", "SentRecord", "bad"]

DEFAULT_DESCRIPTIONS = {
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


class ApiError(Exception):
    """An error answer of the Bot API (raised inside method handlers)."""

    def __init__(self, code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad(description: str) -> ApiError:
    """A 400 error with Telegram's ``Bad Request: ...`` description."""
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
