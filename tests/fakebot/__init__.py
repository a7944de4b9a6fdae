"""Fake Telegram Bot API server for end-to-end tests of the bot (127.0.0.1 only)."""

from .html_check import TelegramHTMLError, check_telegram_html, parse_telegram_html, utf16_len
from .server import ApiError, FakeTelegram, SentRecord

__all__ = [
    "ApiError",
    "FakeTelegram",
    "SentRecord",
    "TelegramHTMLError",
    "check_telegram_html",
    "parse_telegram_html",
    "utf16_len",
]
