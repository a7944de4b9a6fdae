"""Building the python-telegram-bot Application (polling mode)."""
from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from bot import handlers
from bot.commands import COMMANDS, Commands
from bot.service import Service
from bot.settings import Settings

log = logging.getLogger(__name__)


def build_application(settings: Settings, service: Service) -> Application:
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .rate_limiter(AIORateLimiter(max_retries=5))
        .concurrent_updates(True)
        .post_init(_post_init)
        .build()
    )
    application.bot_data["service"] = service
    application.bot_data["commands"] = Commands(service)
    application.add_handler(MessageHandler(filters.TEXT, handlers.on_text))
    application.add_handler(MessageHandler(filters.Document.ALL, handlers.on_document))
    application.add_handler(CallbackQueryHandler(handlers.on_callback))
    application.add_error_handler(handlers.on_error)
    return application


async def _post_init(application: Application) -> None:
    service: Service = application.bot_data["service"]
    await service.start()
    commands = [BotCommand(c.name, c.ko) for c in COMMANDS if c.name != "start"]
    await application.bot.set_my_commands(commands)
    log.info("ready: %s articles, bot @%s", len(service.engine.store.articles), application.bot.username)


def run_polling(settings: Settings, service: Service) -> None:
    application = build_application(settings, service)
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
