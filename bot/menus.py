"""The command menus: ask/help/start for everyone, the full list in each admin's own chat."""
from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError

from bot.commands import description, visible_commands
from bot.texts import Lang

log = logging.getLogger(__name__)


def menu(is_admin: bool, lang: Lang) -> list[BotCommand]:
    return [BotCommand(c.name, description(c, lang)) for c in visible_commands(is_admin)]


def _language_code(lang: Lang) -> str | None:
    return None if lang == Lang.KO else lang.value  # Korean is the menu of every other language


class Menus:
    """Which admins already have their menu (an admin who never opened the bot's chat gets it on /start)."""

    def __init__(self, admin_ids: frozenset[int]):
        self.admin_ids = admin_ids
        self.done: set[int] = set()

    async def set_all(self, bot: Bot) -> None:
        for lang in Lang:
            await bot.set_my_commands(menu(False, lang), scope=BotCommandScopeDefault(), language_code=_language_code(lang))
        for admin_id in sorted(self.admin_ids):
            await self.set_admin(bot, admin_id)

    async def set_admin(self, bot: Bot, admin_id: int) -> None:
        if admin_id in self.done or admin_id not in self.admin_ids:
            return
        try:
            for lang in Lang:
                await bot.set_my_commands(
                    menu(True, lang), scope=BotCommandScopeChat(admin_id), language_code=_language_code(lang)
                )
        except TelegramError as error:
            log.warning("no admin menu for %s yet (%s); it is set when they send /start", admin_id, error.message)
            return
        self.done.add(admin_id)
