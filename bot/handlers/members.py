"""Being added to a group: one short message saying how to ask there."""
from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.handlers.parts import parts, user_of
from bot.service import Reply
from bot.texts import t

_PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER}


def _present(member: ChatMember) -> bool:
    return member.status in _PRESENT or (member.status == ChatMember.RESTRICTED and getattr(member, "is_member", False))


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.my_chat_member
    if change.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    if _present(change.old_chat_member) or not _present(change.new_chat_member):
        return  # promoted, restricted or removed: nothing to say
    p = parts(context)
    user = user_of(update, p.service)
    await p.sender.send(change.chat.id, [Reply(t(user.lang, "greeting", username=context.bot.username))])
