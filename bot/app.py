"""Building the python-telegram-bot Application, and running it by polling or as a webhook."""
from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot.commands import Commands
from bot.feed_commands import describe_reports
from bot.handlers import register
from bot.handlers.parts import Parts
from bot.menus import Menus
from bot.retry import RetryingRateLimiter
from bot.sender import Sender, StatusBoard
from bot.service import Reply, Service
from bot.state import ChatTail, QuestionsInFlight
from bot.texts import Lang, t
from index.engine.feeds import digest_chats, poll_feeds
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
        .build()
    )
    tail = ChatTail()
    application.bot_data["parts"] = Parts(
        service, Commands(service), Sender(application.bot, tail), tail, StatusBoard(), Menus(settings.admin_ids),
        QuestionsInFlight(),
    )
    register(application)
    return application


async def _post_init(application: Application) -> None:
    p: Parts = application.bot_data["parts"]
    await p.service.start()
    p.commands.bot_username = application.bot.username
    seconds = p.service.settings.corpus_reload_seconds
    if seconds:
        application.job_queue.run_repeating(
            watch_corpus, interval=seconds, first=seconds, name="corpus-watch", job_kwargs={"coalesce": True}
        )
    minutes = p.service.settings.feed_poll_minutes
    if minutes:
        application.job_queue.run_repeating(
            poll_feeds_job, interval=minutes * 60, first=min(60.0, minutes * 60), name="feed-poll",
            job_kwargs={"coalesce": True, "max_instances": 1},
        )
    await p.menus.set_all(application.bot)
    log.info("ready: %s articles, bot @%s", p.service.engine.store.count(), application.bot.username)


async def watch_corpus(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pick up articles written by another process (the CLI) without a restart."""
    service = context.application.bot_data["parts"].service
    try:
        if await asyncio.to_thread(service.engine.changed_on_disk):
            before, after = await asyncio.to_thread(service.engine.reload)
            log.info("corpus folder changed: %d -> %d articles", before, after)
    except Exception:  # noqa: BLE001 - keep watching; the next check may succeed
        log.exception("could not reload the corpus")


async def poll_feeds_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Poll the feeds that are due, in a worker thread (answers go on meanwhile); send the digests."""
    p = context.application.bot_data["parts"]
    if not p.service.ready:
        return
    engine, options = p.service.engine, p.service.settings.feed_options
    try:
        reports = await asyncio.to_thread(poll_feeds, engine, options)
        chats = await asyncio.to_thread(digest_chats, engine) if any(r.added for r in reports) else []
    except Exception:  # noqa: BLE001 - the next tick tries again
        log.exception("feed poll failed")
        return
    added = sum(len(r.added) for r in reports)
    if reports:
        log.info("feed poll: %d feeds, %d articles added", len(reports), added)
    text = describe_reports([r for r in reports if r.added], Lang.KO)
    for chat_id in chats:
        try:
            await p.sender.send(chat_id, [Reply(t(Lang.KO, "feed_digest") + "\n" + text)])
        except Exception:  # noqa: BLE001 - one chat that blocked the bot must not stop the others
            log.warning("could not send the feed digest to chat %s", chat_id)


def run(settings: Settings, service: Service, webhook_secret: str | None = None) -> None:
    """Poll Telegram (the default), or serve a webhook when ``WEBHOOK_URL`` is set."""
    application = build_application(settings, service)
    if not settings.webhook_url:
        application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
        return
    log.info("webhook mode: listening on %s:%s%s", settings.webhook_listen, settings.webhook_port, settings.webhook_path)
    application.run_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=settings.webhook_path,
        webhook_url=settings.webhook_url,
        secret_token=webhook_secret,
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False,
    )
