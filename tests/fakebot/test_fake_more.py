"""Self-tests of the fake's newer parts: media, edits, group membership, inline queries,
scoped commands and webhooks, read back through real python-telegram-bot objects."""

from __future__ import annotations

import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommandScopeChat,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, Conflict

from . import FakeTelegram
from .webhook import SECRET_HEADER

CHAT = 5151
USER = 5151


@pytest.fixture
async def bot(fake: FakeTelegram):
    b = Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)
    async with b:
        yield b


async def _updates(bot: Bot) -> list[Update]:
    return list(await bot.get_updates(timeout=0))


async def test_media_captions_edits_and_language(fake: FakeTelegram, bot: Bot) -> None:
    fake.send_photo(CHAT, USER, caption="오픈AI의 대주주는?", language_code="en")
    fake.send_sticker(CHAT, USER, emoji="😀")
    fake.send_voice(CHAT, USER)
    fake.send_location(CHAT, USER)
    mid = fake.send_text(CHAT, USER, "첫 질문")
    fake.edit_text(CHAT, mid, "고친 질문")
    photo, sticker, voice, location, _, edited = await _updates(bot)
    assert photo.message.caption == "오픈AI의 대주주는?" and len(photo.message.photo) == 3
    assert photo.effective_user.language_code == "en"
    assert sticker.message.sticker.emoji == "😀" and sticker.message.text is None
    assert voice.message.voice.duration == 3
    assert location.message.location.latitude == pytest.approx(37.5665)
    assert edited.edited_message.message_id == mid and edited.edited_message.text == "고친 질문"
    assert edited.edited_message.edit_date is not None


async def test_bot_added_to_a_group(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_bot_to_group(-300, USER, title="뉴스방")
    (update,) = await _updates(bot)
    change = update.my_chat_member
    assert change.chat.type == "group" and change.chat.title == "뉴스방"
    assert change.old_chat_member.status == "left" and change.new_chat_member.status == "member"
    assert change.new_chat_member.user.id == fake.bot_id
    await bot.send_message(-300, "안녕하세요")  # the group is known now


async def test_inline_query_answers_are_checked(fake: FakeTelegram, bot: Bot) -> None:
    qid = fake.send_inline_query(USER, "머스크 소송")
    (update,) = await _updates(bot)
    assert update.inline_query.query == "머스크 소송" and update.inline_query.id == qid
    good = InlineQueryResultArticle("1", "제목", InputTextMessageContent("<b>굵게</b> 본문", parse_mode="HTML"))
    with pytest.raises(BadRequest, match="(?i)result_id_duplicate"):
        await bot.answer_inline_query(qid, [good, good])
    bad_html = InlineQueryResultArticle("2", "제목", InputTextMessageContent("<b>열림", parse_mode="HTML"))
    with pytest.raises(BadRequest):
        await bot.answer_inline_query(qid, [bad_html])
    button = InlineQueryResultsButton(text="질문을 입력하세요", start_parameter="inline")
    await bot.answer_inline_query(qid, [good], cache_time=30, button=button)
    answer = await fake.wait_for_inline_answer(qid)
    assert answer["results"][0]["plain_text"] == "굵게 본문" and answer["cache_time"] == 30
    assert answer["button"]["start_parameter"] == "inline"
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_inline_query(qid, [good])


async def test_commands_by_scope(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.set_my_commands([("add", "추가")], scope=BotCommandScopeChat(777))
    fake.add_chat(777)
    await bot.set_my_commands([("add", "추가")], scope=BotCommandScopeChat(777))
    await bot.set_my_commands([("ask", "질문")], language_code="en")
    assert fake.commands_for({"type": "chat", "chat_id": 777}) == ["add"]
    assert fake.commands_for(language_code="en") == ["ask"]
    assert fake.commands_for() is None
    with pytest.raises(BadRequest, match="(?i)lang_code_invalid"):
        await bot.set_my_commands([("ask", "질문")], language_code="english")


async def test_webhook_delivery_with_secret(fake: FakeTelegram, bot: Bot) -> None:
    received: list[tuple[str | None, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get(SECRET_HEADER), await request.json()))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        with pytest.raises(BadRequest, match="(?i)https url"):
            await bot.set_webhook("http://bot.example/hook")
        with pytest.raises(BadRequest, match="(?i)unallowed characters"):
            await bot.set_webhook("https://bot.example/hook", secret_token="no spaces")
        await bot.set_webhook("https://bot.example/hook", secret_token="s3cret_-X")
        fake.deliver_via(f"http://127.0.0.1:{runner.addresses[0][1]}")
        fake.send_text(CHAT, USER, "웹훅으로")
        await fake.wait_idle()
        assert received and received[0][0] == "s3cret_-X"
        assert received[0][1]["message"]["text"] == "웹훅으로"
        assert (await bot.get_webhook_info()).url == "https://bot.example/hook"
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)
        forged = fake.text_update(CHAT, USER, "가짜")
        assert await fake.post_update(forged, "wrong") == 200  # this test server checks nothing
        assert received[-1][0] == "wrong"
        await bot.delete_webhook()
        assert await _updates(bot) == []
    finally:
        await runner.cleanup()
