"""What every handler needs, kept in ``application.bot_data``: the service, commands, sender and state."""
from __future__ import annotations

from typing import NamedTuple

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.commands import Commands
from bot.menus import Menus
from bot.sender import Sender, StatusBoard
from bot.service import Service, User
from bot.state import ChatTail, QuestionsInFlight
from bot.texts import Lang


class Parts(NamedTuple):
    service: Service
    commands: Commands
    sender: Sender
    tail: ChatTail
    board: StatusBoard
    menus: Menus
    in_flight: QuestionsInFlight


def parts(context: ContextTypes.DEFAULT_TYPE) -> Parts:
    return context.application.bot_data["parts"]


def user_of(update: Update, service: Service) -> User:
    """Who is asking: admin or not, and in which language the bot should answer."""
    telegram_user = update.effective_user
    user_id = telegram_user.id if telegram_user else 0
    chat = update.effective_chat
    return User(
        id=user_id,
        chat_id=chat.id if chat else user_id,
        is_admin=service.is_admin(user_id),
        lang=Lang.of(telegram_user.language_code if telegram_user else None),
        private=chat is None or chat.type == ChatType.PRIVATE,
    )
