"""The one codec for inline-button callback data (Telegram allows at most 64 bytes).

``PageData`` turns an answer to another page, ``VoteData`` casts 👍 or 👎 on it.
Handlers and the console chat both read button data only through :func:`parse_callback`.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from bot.state import Vote

MAX_CALLBACK_BYTES = 64
_ANSWER_ID = re.compile(r"^[0-9a-f]{6,32}$")
_PAGE = re.compile(r"^\d{1,2}$")


class PageData(NamedTuple):
    answer_id: str
    page: int

    def encode(self) -> str:
        return _checked(f"p:{self.answer_id}:{self.page}")


class VoteData(NamedTuple):
    answer_id: str
    page: int
    vote: Vote  # UP or DOWN

    def encode(self) -> str:
        return _checked(f"v:{self.answer_id}:{self.page}:{'u' if self.vote == Vote.UP else 'd'}")


CallbackData = PageData | VoteData


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def parse_callback(data: str | None) -> CallbackData | None:
    """The button behind ``data``, or None for anything else (old formats, forged data)."""
    parts = (data or "").split(":")
    if len(parts) < 3 or not _ANSWER_ID.match(parts[1]) or not _PAGE.match(parts[2]):
        return None
    if parts[0] == "p" and len(parts) == 3:
        return PageData(parts[1], int(parts[2]))
    if parts[0] == "v" and len(parts) == 4 and parts[3] in ("u", "d"):
        return VoteData(parts[1], int(parts[2]), Vote.UP if parts[3] == "u" else Vote.DOWN)
    return None
