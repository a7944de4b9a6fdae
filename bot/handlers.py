"""Telegram handlers: decide whether a message is for the bot, then hand it to the pipeline."""
from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import format as fmt
from bot.commands import BY_NAME, MAX_UPLOAD_BYTES, SUPPORTED_UPLOADS, Commands
from bot.service import Reply, Service, User
from bot.texts import t

log = logging.getLogger(__name__)
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+|$)(.*)$", re.DOTALL)


def service_of(context: ContextTypes.DEFAULT_TYPE) -> Service:
    return context.application.bot_data["service"]


def commands_of(context: ContextTypes.DEFAULT_TYPE) -> Commands:
    return context.application.bot_data["commands"]


def user_of(update: Update, service: Service) -> User:
    user_id = update.effective_user.id if update.effective_user else 0
    return User(user_id, update.effective_chat.id, service.is_admin(user_id))


def markup(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in reply.buttons]
    )


async def send_replies(message: Message, replies: list[Reply]) -> None:
    for reply in replies:
        await message.reply_text(
            reply.text, parse_mode=ParseMode.HTML, reply_markup=markup(reply), disable_web_page_preview=True
        )


class StatusMessage:
    """One message edited in place to show progress."""

    def __init__(self, message: Message):
        self.origin, self.sent = message, None

    async def __call__(self, text: str) -> None:
        try:
            if self.sent is None:
                self.sent = await self.origin.reply_text(text, parse_mode=ParseMode.HTML)
            else:
                await self.sent.edit_text(text, parse_mode=ParseMode.HTML)
        except BadRequest as error:  # "message is not modified" and the like: progress is best effort
            log.debug("status update skipped: %s", error.message)

    async def finish(self, text: str) -> None:
        if self.sent is None:
            await self.origin.reply_text(text, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
            return
        try:
            await self.sent.edit_text(text, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
        except BadRequest:
            await self.origin.reply_text(text, parse_mode=ParseMode.HTML, disable_web_page_preview=True)


def addressed_text(update: Update, bot_username: str, bot_id: int) -> str | None:
    """The text meant for the bot, or None when the message is not for it."""
    message = update.effective_message
    text = (message.text or "").strip()
    if update.effective_chat.type == ChatType.PRIVATE:
        return text
    mention = f"@{bot_username}".lower()
    if mention in text.lower():
        return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip()
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return text
    return None


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Commands and questions in one place, so private, group and console agree."""
    message = update.effective_message
    text = (message.text or "").strip()
    match = _COMMAND.match(text)
    service = service_of(context)
    user = user_of(update, service)
    if match:
        name, target, args = match.group(1).lower(), match.group(2), match.group(3)
        if target and target.lower() != context.bot.username.lower():
            return  # a command for another bot in the same group
        if not target and name not in BY_NAME and update.effective_chat.type != ChatType.PRIVATE:
            return  # an unknown bare command in a group is probably another bot's
        status = StatusMessage(message)
        replies = await commands_of(context).run(name, args, user, status)
        if status.sent is not None and len(replies) == 1 and not replies[0].buttons:
            await status.finish(replies[0].text)
            return
        await send_replies(message, replies)
        return
    question = addressed_text(update, context.bot.username, context.bot.id)
    if question is None:
        return
    await send_replies(message, await service.ask(question, user))


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    caption = (message.caption or "").strip()
    match = _COMMAND.match(caption)
    if not match or match.group(1).lower() != "add":
        if update.effective_chat.type == ChatType.PRIVATE:
            await message.reply_text("파일을 추가하려면 캡션에 /add 를 적어 보내세요. (caption the file with /add)")
        return
    service = service_of(context)
    if not service.is_admin(update.effective_user.id):
        await message.reply_text(t("ko", "admin_only"))
        return
    document = message.document
    name = document.file_name or "upload"
    if not name.lower().endswith(SUPPORTED_UPLOADS):
        await message.reply_text(f"지원하지 않는 파일 형식입니다. 지원: {', '.join(SUPPORTED_UPLOADS)}")
        return
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await message.reply_text("파일이 너무 큽니다. 텔레그램 봇은 20MB까지만 내려받을 수 있습니다.")
        return
    if not service.ready:
        await message.reply_text(t("ko", "loading"))
        return
    status = StatusMessage(message)
    await status("📥 파일을 내려받는 중…")
    telegram_file = await document.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    await status.finish(await commands_of(context).import_document(name, data, status))


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    service = service_of(context)
    parts = (query.data or "").split(":")
    user = user_of(update, service)
    if len(parts) == 3 and parts[0] == "m" and parts[2].isdigit():
        reply = await service.more(parts[1], int(parts[2]))
        if reply is None:
            await query.answer(t(service.lang_of_qid(parts[1]), "expired"))
            return
        await query.answer()
        try:
            await query.edit_message_text(
                reply.text, parse_mode=ParseMode.HTML, reply_markup=markup(reply), disable_web_page_preview=True
            )
        except BadRequest as error:
            if "not modified" not in error.message.lower():
                raise
        return
    if len(parts) == 4 and parts[0] == "f" and parts[2].isdigit() and parts[3] in ("u", "d"):
        await query.answer(await service.vote(parts[1], int(parts[2]), parts[3], user))
        return
    await query.answer(t("ko", "expired"))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: log (the token is redacted by the log filter) and tell the user."""
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        text = update.effective_message.text or update.effective_message.caption or ""
        lang = "en" if text and fmt.escape(text).isascii() and any(c.isalpha() for c in text) else "ko"
        try:
            await update.effective_message.reply_text(t(lang, "error"))
        except Exception:  # noqa: BLE001 - the error path must not raise again
            log.warning("could not tell the user about the error")
