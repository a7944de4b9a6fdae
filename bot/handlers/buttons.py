"""Inline buttons: 👍/👎 (one vote per user per answer) and paging through the stored results."""
from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import format as fmt
from bot.callbacks import VoteData, parse_callback
from bot.handlers.parts import parts, user_of
from bot.texts import t


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    p = parts(context)
    query = update.callback_query
    user = user_of(update, p.service)
    message = query.message
    editable = message is not None and message.is_accessible
    data = parse_callback(query.data)
    if isinstance(data, VoteData):
        outcome = await p.service.vote(data, user)
        await query.answer(outcome.text)
        if outcome.keyboard is not None and editable:
            await p.sender.edit_buttons(message.chat.id, message.message_id, outcome.keyboard.buttons)
        return
    reply = await p.service.page(data, user) if data is not None else None
    if reply is None:  # an answer no longer stored, or a button of an older bot
        await query.answer(fmt.strip_html(t(user.lang, "expired")))
        return
    await query.answer()
    shown = await p.sender.edit(message.chat.id, message.message_id, reply) if editable else None
    if shown is None and message is not None:  # too old to edit, or gone: the page as a fresh message
        await p.sender.send(message.chat.id, [reply])
