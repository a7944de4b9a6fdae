"""Telegram handlers, one module per concern; :func:`register` wires them to an Application."""
from __future__ import annotations

from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram import Update

from bot.handlers.buttons import on_callback
from bot.handlers.errors import on_error
from bot.handlers.inline import on_inline_query
from bot.handlers.members import on_my_chat_member
from bot.handlers.messages import on_edited, on_media, on_message, track

WORDS = filters.TEXT | filters.CAPTION
OTHER_MEDIA = filters.ChatType.PRIVATE & ~WORDS & ~filters.StatusUpdate.ALL


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, track), group=-1)
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & WORDS, on_message))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & WORDS, on_edited))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & OTHER_MEDIA, on_media))
    application.add_handler(CallbackQueryHandler(on_callback))
    application.add_handler(InlineQueryHandler(on_inline_query))
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_error_handler(on_error)
