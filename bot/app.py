"""Building the python-telegram-bot Application (polling mode)."""
from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from bot import handlers
from bot.commands import COMMANDS, Commands
from bot.retry import RetryingRateLimiter
from bot.service import Service
from index.settings import Settings

log = logging.getLogger(__name__)


def build_application(settings: Settings, service: Service) -> Application:
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .rate_limiter(RetryingRateLimiter(max_retries=5))
        .concurrent_updates(True)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
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
    if service.settings.corpus_reload_seconds:
        application.bot_data["watcher"] = asyncio.create_task(watch_corpus(service))
    commands = [BotCommand(c.name, c.ko) for c in COMMANDS if c.name != "start"]
    await application.bot.set_my_commands(commands)
    log.info("ready: %s articles, bot @%s", service.engine.store.count(), application.bot.username)


async def _post_shutdown(application: Application) -> None:
    watcher = application.bot_data.pop("watcher", None)
    if watcher is not None:
        watcher.cancel()


async def watch_corpus(service: Service) -> None:
    """Pick up articles written by another process (the CLI) without a restart."""
    while True:
        await asyncio.sleep(service.settings.corpus_reload_seconds)
        try:
            if await asyncio.to_thread(service.engine.changed_on_disk):
                before, after = await asyncio.to_thread(service.engine.reload)
                log.info("corpus folder changed: %d -> %d articles", before, after)
        except Exception:  # noqa: BLE001 - keep watching; the next check may succeed
            log.exception("could not reload the corpus")


def run_polling(settings: Settings, service: Service) -> None:
    application = build_application(settings, service)
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
