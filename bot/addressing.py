"""Whether a group message is meant for the bot, read from Telegram's entities.

A mention counts only when its ``mention`` entity names the bot exactly (case
aside): ``@newsqa_bot2`` is somebody else. Captions count like text.
"""
from __future__ import annotations

from telegram import Message, MessageEntity

MENTIONS = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]


def text_of(message: Message) -> str:
    """The message's text, or the caption of a photo, video or document."""
    return message.text or message.caption or ""


def _entities(message: Message) -> dict[MessageEntity, str]:
    if message.text is not None:
        return message.parse_entities(MENTIONS)
    return message.parse_caption_entities(MENTIONS)


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the UTF-16 ``spans`` (offset, length) removed, as Telegram counts offsets."""
    units = text.encode("utf-16-le", "surrogatepass")
    for offset, length in sorted(spans, reverse=True):
        units = units[: 2 * offset] + b" \x00" + units[2 * (offset + length) :]
    return units.decode("utf-16-le", "surrogatepass")


def mentions_bot(entity: MessageEntity, shown: str, username: str, bot_id: int) -> bool:
    if entity.type == MessageEntity.TEXT_MENTION:
        return entity.user is not None and entity.user.id == bot_id
    return shown[1:].casefold() == username.casefold()


def addressed_text(message: Message, private: bool, username: str, bot_id: int) -> str | None:
    """The text meant for the bot (its mention removed), or None when the message is not for it."""
    text = text_of(message)
    if private:
        return text.strip()
    ours = [(e.offset, e.length) for e, shown in _entities(message).items() if mentions_bot(e, shown, username, bot_id)]
    if ours:
        return " ".join(_without(text, ours).split())
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return text.strip()
    return None
