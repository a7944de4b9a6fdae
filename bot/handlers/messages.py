"""Messages: commands, questions (text or caption), edited questions, uploads and other media."""
from __future__ import annotations

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.addressing import addressed_text, text_of
from bot.commands import BY_NAME, Outcome, parse_command
from bot.corpus_commands import DownloadError, Upload
from bot.handlers.parts import Parts, parts, user_of
from bot.sender import StatusMessage
from bot.service import Reply, User
from bot.texts import t


async def track(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Note every new message id, so an edited question can tell whether its answer is still the last."""
    if update.message is not None:
        parts(context).tail.seen(update.message.chat_id, update.message.message_id)


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _handle(update, context, edited=False)


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited question is answered anew; its earlier answer is edited when it is still the last message."""
    await _handle(update, context, edited=True)


async def _handle(update: Update, context: ContextTypes.DEFAULT_TYPE, edited: bool) -> None:
    p = parts(context)
    message = update.effective_message
    user = user_of(update, p.service)
    call = parse_command(text_of(message))
    if call is not None:
        if call.target and call.target.lower() != context.bot.username.lower():
            return  # a command for another bot in the same group
        if not call.target and call.name not in BY_NAME and not user.private:
            return  # an unknown bare command in a group is probably another bot's
        if message.document is not None and call.name == "add" and not call.args.strip():
            await _upload(update, p, message, user)
            return
        name, args = call.name, call.args
        if name == "start" and user.private:
            await p.menus.set_admin(context.bot, user.id)  # an admin who never opened the chat has no menu yet
    else:
        question = addressed_text(message, user.private, context.bot.username, context.bot.id)
        if question is None:
            return
        name, args = "ask", question
    async with p.in_flight.handling(message.chat_id, message.message_id):
        status = p.board.open(update.update_id, StatusMessage(p.sender, message.chat_id, _quote(message, user)))
        outcome = await p.commands.run(name, args, user, status)
        await _deliver(p, outcome, message, user, status, edited)
        p.board.close(update.update_id)


def _quote(message: Message, user: User) -> int | None:
    """Answers quote the question in groups (several people talk there), not in private chats."""
    return None if user.private else message.message_id


async def _deliver(p: Parts, outcome: Outcome, message: Message, user: User, status: StatusMessage, edited: bool) -> None:
    if outcome.answer is None:
        await status.finish(outcome.replies)
        return
    shown = await _edit_earlier(p, outcome, message) if edited else None
    if shown is None:
        shown = await status.finish(outcome.replies)
    await p.service.remember(outcome.answer, message.chat_id, message.message_id, shown)


async def _edit_earlier(p: Parts, outcome: Outcome, message: Message) -> list[int] | None:
    """Edit the answer to the question's earlier text, when it is one message and still the chat's last."""
    earlier = p.service.for_question(message.chat_id, message.message_id)
    if earlier is None or len(earlier.message_ids) != 1 or len(outcome.replies) != 1:
        return None
    if not p.tail.is_last(message.chat_id, earlier.message_ids[0]):
        return None
    return await p.sender.edit(message.chat_id, earlier.message_ids[0], outcome.replies[0])


async def _upload(update: Update, p: Parts, message: Message, user: User) -> None:
    document = message.document

    async def fetch() -> bytes:
        try:
            telegram_file = await document.get_file()
            return bytes(await telegram_file.download_as_bytearray())
        except TelegramError as error:
            raise DownloadError(error.message) from error

    status = p.board.open(update.update_id, StatusMessage(p.sender, message.chat_id, _quote(message, user)))
    upload = Upload(document.file_name or "upload", document.file_size or 0, fetch)
    outcome = await p.commands.upload(upload, user, status)
    await status.finish([Reply(outcome)])
    p.board.close(update.update_id)


async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, voice message, location or captionless photo in a private chat: a one-line hint."""
    p = parts(context)
    user = user_of(update, p.service)
    key = "file_hint" if update.effective_message.document is not None and user.is_admin else "media_hint"
    await p.sender.send(update.effective_chat.id, [Reply(t(user.lang, key))])
