"""Inline mode: ``@bot 질문`` in any chat offers up to five passages to send there."""
from __future__ import annotations

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import format as fmt
from bot.commands import BY_NAME
from bot.handlers.parts import parts, user_of
from bot.sender import NO_PREVIEW
from bot.state import ShownHit
from bot.texts import Lang, t

CACHE_SECONDS = 30  # the same query from anyone within this time is answered by Telegram itself
MAX_DESCRIPTION = 200


def _button(lang: Lang, key: str) -> InlineQueryResultsButton:
    """The line above the results; pressing it opens the private chat with /start."""
    return InlineQueryResultsButton(text=fmt.strip_html(t(lang, key)), start_parameter="inline")


def result(number: int, hit: ShownHit) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=f"{number}-{hit.article_id}"[:64],
        title=fmt.shorten(hit.title, 100) or hit.article_id,
        description=fmt.shorten(hit.sentence or hit.passage, MAX_DESCRIPTION),
        input_message_content=InputTextMessageContent(
            fmt.split_messages([fmt.passage_message(hit)])[0], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        ),
    )


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    p = parts(context)
    query = update.inline_query
    user = user_of(update, p.service)
    if not query.query.strip():
        await query.answer([], cache_time=CACHE_SECONDS, button=_button(user.lang, "inline_hint"))
        return
    if p.commands.gate(BY_NAME["ask"], user):  # the index is still loading
        await query.answer([], cache_time=0, button=_button(user.lang, "inline_loading"))
        return
    hits = await p.service.inline(query.query, user)
    button = None if hits else _button(user.lang, "inline_no_hits")
    await query.answer([result(n, h) for n, h in enumerate(hits, 1)], cache_time=CACHE_SECONDS, button=button)
