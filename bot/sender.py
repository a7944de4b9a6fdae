"""The one way replies reach Telegram: split at 4096 UTF-16 units, buttons on the last piece.

:class:`StatusMessage` is a message edited in place to show progress and then
its outcome; :class:`StatusBoard` lets the error handler turn a status message
into the error text instead of leaving "내려받는 중…" on screen.
"""
from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.service import Button, Reply
from bot.split import split_html
from bot.state import ChatTail

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def markup(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in buttons if row]
    return InlineKeyboardMarkup(rows) if rows else None


def not_modified(error: BadRequest) -> bool:
    return "not modified" in error.message.lower()


class Sender:
    def __init__(self, bot: Bot, tail: ChatTail):
        self.bot, self.tail = bot, tail

    async def send(self, chat_id: int, replies: list[Reply], reply_to: int | None = None) -> list[int]:
        """Send every reply, each split as needed; returns the ids of the messages sent."""
        sent: list[int] = []
        for reply in replies:
            sent += await self._send_pieces(chat_id, split_html(reply.text), reply.buttons, None if sent else reply_to)
        return sent

    async def _send_pieces(self, chat_id: int, pieces: list[str], buttons, reply_to: int | None) -> list[int]:
        sent: list[int] = []
        for number, piece in enumerate(pieces, 1):
            quote = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and not sent else None
            message = await self.bot.send_message(
                chat_id, piece, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                reply_markup=markup(buttons) if number == len(pieces) else None, reply_parameters=quote,
            )
            self.tail.seen(chat_id, message.message_id)
            sent.append(message.message_id)
        return sent

    async def edit(self, chat_id: int, message_id: int, reply: Reply) -> list[int] | None:
        """Show ``reply`` in an existing message (more pieces follow as new messages).

        None when Telegram will not edit it (too old, deleted): the caller sends afresh.
        """
        first, *rest = split_html(reply.text) or [""]
        try:
            await self.bot.edit_message_text(
                first, chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW, reply_markup=None if rest else markup(reply.buttons),
            )
        except BadRequest as error:
            if not not_modified(error):
                log.info("could not edit message %s in %s: %s", message_id, chat_id, error.message)
                return None
        if not rest:
            return [message_id]
        return [message_id] + await self._send_pieces(chat_id, rest, reply.buttons, None)

    async def edit_buttons(self, chat_id: int, message_id: int, buttons: tuple[tuple[Button, ...], ...]) -> None:
        try:
            await self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=markup(buttons))
        except BadRequest as error:  # not modified, or too old to edit: the vote is recorded all the same
            log.debug("buttons of %s in %s not updated: %s", message_id, chat_id, error.message)


class StatusMessage:
    """One message edited in place: progress first, then the outcome (failures included)."""

    def __init__(self, sender: Sender, chat_id: int, reply_to: int | None):
        self.sender, self.chat_id, self.reply_to = sender, chat_id, reply_to
        self.message_id: int | None = None

    async def __call__(self, text: str) -> None:
        try:
            if self.message_id is None:
                self.message_id = (await self.sender.send(self.chat_id, [Reply(text)], self.reply_to))[0]
            else:
                await self.sender.bot.edit_message_text(
                    text, chat_id=self.chat_id, message_id=self.message_id, parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW,
                )
        except BadRequest as error:  # "message is not modified" and the like: progress is best effort
            log.debug("status update skipped: %s", error.message)

    async def finish(self, replies: list[Reply]) -> list[int]:
        """The outcome: the first reply edited into the status message (when there is one), the rest sent."""
        if self.message_id is None or not replies:
            return await self.sender.send(self.chat_id, replies, self.reply_to)
        shown = await self.sender.edit(self.chat_id, self.message_id, replies[0])
        if shown is None:
            shown = await self.sender.send(self.chat_id, replies[:1], self.reply_to)
        return shown + await self.sender.send(self.chat_id, replies[1:])


class StatusBoard:
    """Status messages of the updates being handled, by update id."""

    def __init__(self):
        self._open: dict[int, StatusMessage] = {}

    def open(self, update_id: int, status: StatusMessage) -> StatusMessage:
        self._open[update_id] = status
        return status

    def close(self, update_id: int) -> StatusMessage | None:
        return self._open.pop(update_id, None)
