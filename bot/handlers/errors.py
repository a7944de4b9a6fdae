"""The one error handler: log it (secrets are redacted by the log filter) and tell the user."""
from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot import format as fmt
from bot.handlers.parts import parts, user_of
from bot.service import Reply
from bot.texts import t

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    p = parts(context)
    status = p.board.close(update.update_id)
    text = t(user_of(update, p.service).lang, "error")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(fmt.strip_html(text))
        elif status is not None and status.message_id is not None:
            await status.finish([Reply(text)])  # the status message shows the failure, not "…중" forever
        elif update.effective_message is not None and update.effective_chat is not None:
            await p.sender.send(update.effective_chat.id, [Reply(text)])
    except Exception:  # noqa: BLE001 - the error path must not raise again
        log.warning("could not tell the user about the error")
