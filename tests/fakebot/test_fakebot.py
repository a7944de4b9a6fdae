"""Self-tests of the fake Telegram Bot API server, driven by real python-telegram-bot objects."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from . import FakeTelegram, check_telegram_html, parse_telegram_html

CHAT = 4242
USER = 4242


@pytest.fixture
async def bot(fake: FakeTelegram):
    b = Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)
    async with asyncio.timeout(10):
        await b.initialize()
    try:
        yield b
    finally:
        await b.shutdown()


@contextlib.asynccontextmanager
async def running_app(fake: FakeTelegram, *handlers, limit: float = 30.0):
    app: Application = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    for h in handlers:
        app.add_handler(h)
    async with asyncio.timeout(limit):
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0, timeout=1)
            try:
                yield app
            finally:
                await app.updater.stop()
                await app.stop()


# --------------------------------------------------------------------------- HTML validator


@pytest.mark.parametrize(
    "text",
    [
        "<b>x",
        "<script>alert(1)</script>",
        "a < b",
        "a > b",
        "AT&T",
        "&nbsp;",
        "<b>x</i>",
        "<b><i>x</b></i>",
        "x</b>",
        "<a href=https://x>y</a>",
        "<a>y</a>",
        '<span class="x">y</span>',
        "<br>",
        "<b",
        '<a href="https://x" target="_blank">y</a>',
        "<tg-emoji>x</tg-emoji>",
    ],
)
def test_html_invalid(text: str) -> None:
    err = check_telegram_html(text)
    assert err is not None and err.startswith("can't parse entities: "), (text, err)


@pytest.mark.parametrize(
    "text",
    [
        "<b>a &lt; b</b>",
        '<a href="https://x">y</a>',
        "plain text",
        "",
        "<B>upper</B>",
        "<strong>s</strong><em>e</em><ins>i</ins><strike>s</strike><del>d</del><s>s</s><u>u</u>",
        '<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler>',
        '<pre><code class="language-python">x = 1 &amp;&amp; 2</code></pre>',
        "<code>a&gt;b</code> &quot;q&quot; &#39; &#x1F600;",
        "<blockquote>q</blockquote><blockquote expandable>e</blockquote>",
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "<b>굵게 <i>기울임</i></b>\n뉴스",
        "<a href='https://x?a=1&amp;b=2'>single</a>",
    ],
)
def test_html_valid(text: str) -> None:
    assert check_telegram_html(text) is None


def test_html_lenient_mode_matches_telegram_leniency() -> None:
    assert check_telegram_html("AT&T > x", strict=False) is None
    assert check_telegram_html("<b>x", strict=False) is not None


def test_html_parse_entities_in_utf16() -> None:
    plain, ents = parse_telegram_html('😀<b>굵게</b> <a href="https://e.com/?q=1">링크</a>')
    assert plain == "😀굵게 링크"
    assert ents == [
        {"type": "bold", "offset": 2, "length": 2},
        {"type": "text_link", "offset": 5, "length": 2, "url": "https://e.com/?q=1"},
    ]
    plain, ents = parse_telegram_html('<pre><code class="language-py">x</code></pre>')
    assert ents == [{"type": "pre", "offset": 0, "length": 1, "language": "py"}]


# --------------------------------------------------------------------------- plain Bot calls


async def test_get_me_and_send_message(fake: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == fake.bot_username and me.id == fake.bot_id and me.is_bot
    fake.send_text(CHAT, USER, "hello")  # makes the chat known
    msg = await bot.send_message(CHAT, "<b>안녕</b> &amp; bye", parse_mode=ParseMode.HTML)
    assert msg.text == "안녕 & bye"
    assert msg.entities[0].type == "bold" and msg.entities[0].length == 2
    assert msg.message_id == 2  # the user's message was 1
    rec = await fake.wait_for(lambda r: r.method == "sendMessage", timeout=2)
    assert rec.chat_id == CHAT and rec.text == "<b>안녕</b> &amp; bye" and rec.parse_mode == "HTML"
    assert rec.plain_text == "안녕 & bye" and rec.message_id == 2 and rec.time <= time.monotonic()
    assert ("sendMessage", rec.params) in fake.calls


async def test_chat_not_found_and_blocked(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(12345, "hi")
    fake.add_chat(7)
    fake.block_user(7)
    with pytest.raises(Forbidden, match="(?i)blocked"):
        await bot.send_message(7, "hi")
    assert fake.sent == []


async def test_html_errors_through_bot(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)
    for bad in ("<b>x", "<script>x</script>", "a < b"):
        with pytest.raises(BadRequest, match="(?i)can't parse entities"):
            await bot.send_message(CHAT, bad, parse_mode=ParseMode.HTML)
    # without parse_mode the same text is fine
    await bot.send_message(CHAT, "a < b")
    with pytest.raises(BadRequest, match="(?i)text is empty"):
        await bot.send_message(CHAT, "<b> \n </b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="(?i)text is empty"):
        await bot.send_message(CHAT, "   ")


async def test_text_length_limits(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)
    await bot.send_message(CHAT, "가" * 4096)
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(CHAT, "가" * 4097)
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(CHAT, "😀" * 2049)  # 2049 chars but 4098 UTF-16 units
    # the limit applies to the text after entity parsing (as on Telegram)
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)


async def test_callback_data_limit(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)

    def kb(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data=data)]])

    await bot.send_message(CHAT, "ok", reply_markup=kb("x" * 64))
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(CHAT, "no", reply_markup=kb("x" * 65))
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(CHAT, "no", reply_markup=kb("가" * 22))  # 66 bytes
    assert [r.text for r in fake.sent] == ["ok"]
    assert fake.sent[0].callback_data == ["x" * 64]


async def test_edit_message(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)
    kb = InlineKeyboardMarkup([[InlineKeyboardButton("more", callback_data="more:1")]])
    msg = await bot.send_message(CHAT, "v1", reply_markup=kb)
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=999)
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_text("v1", chat_id=CHAT, message_id=msg.message_id, reply_markup=kb)
    edited = await bot.edit_message_text(
        "<i>v2</i>", chat_id=CHAT, message_id=msg.message_id, parse_mode="HTML", reply_markup=kb
    )
    assert edited.text == "v2" and edited.edit_date is not None
    # like Telegram, editing the text without reply_markup drops the keyboard
    await bot.edit_message_text("v3", chat_id=CHAT, message_id=msg.message_id)
    assert fake.sent[-1].reply_markup is None
    assert "reply_markup" not in fake.message(CHAT, msg.message_id)
    await bot.edit_message_reply_markup(chat_id=CHAT, message_id=msg.message_id, reply_markup=kb)
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_reply_markup(
            chat_id=CHAT, message_id=msg.message_id, reply_markup=kb
        )
    assert [r.method for r in fake.sent] == [
        "sendMessage",
        "editMessageText",
        "editMessageText",
        "editMessageReplyMarkup",
    ]
    assert await bot.delete_message(CHAT, msg.message_id)
    with pytest.raises(BadRequest, match="(?i)message to delete not found"):
        await bot.delete_message(CHAT, msg.message_id)
    assert fake.sent[-1].method == "deleteMessage"


async def test_get_updates_offsets_and_long_poll(fake: FakeTelegram, bot: Bot) -> None:
    mid = fake.send_text(CHAT, USER, "/start@newsqa_bot hi @newsqa_bot")
    ups = await bot.get_updates(timeout=0)
    assert len(ups) == 1 and ups[0].message.message_id == mid
    ents = ups[0].message.entities
    assert [(e.type, e.offset, e.length) for e in ents] == [
        ("bot_command", 0, 17),
        ("mention", 21, 11),
    ]
    uid = ups[0].update_id
    # not confirmed yet: delivered again
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [uid]
    assert [u.update_id for u in await bot.get_updates(offset=uid, timeout=0)] == [uid]
    # confirmed by a later offset
    assert await bot.get_updates(offset=uid + 1, timeout=0) == ()
    assert await bot.get_updates(timeout=0) == ()

    # long poll returns as soon as an update arrives
    async def later() -> None:
        await asyncio.sleep(0.2)
        fake.send_text(CHAT, USER, "late")

    task = asyncio.create_task(later())
    t0 = time.monotonic()
    ups = await bot.get_updates(offset=uid + 1, timeout=5)
    await task
    assert time.monotonic() - t0 < 3
    assert [u.message.text for u in ups] == ["late"]
    # long poll without updates honours timeout
    t0 = time.monotonic()
    assert await bot.get_updates(offset=ups[0].update_id + 1, timeout=1) == ()
    assert 0.8 < time.monotonic() - t0 < 3
    # limit
    fake.send_text(CHAT, USER, "a")
    fake.send_text(CHAT, USER, "b")
    assert len(await bot.get_updates(offset=ups[0].update_id + 1, timeout=0, limit=1)) == 1


async def test_allowed_updates_negative_offset_and_conflict(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)
    msg = await bot.send_message(
        CHAT, "k", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("k", callback_data="k")]])
    )
    fake.press_button(CHAT, USER, msg.message_id, "k")
    fake.send_text(CHAT, USER, "m1")
    ups = await bot.get_updates(timeout=0, allowed_updates=["message"])
    assert [u.message.text for u in ups] == ["m1"]
    # the setting is remembered when allowed_updates is not passed again
    assert len(await bot.get_updates(timeout=0)) == 1
    fake.send_text(CHAT, USER, "m2")
    fake.send_text(CHAT, USER, "m3")
    ups = await bot.get_updates(offset=-1, timeout=0)
    assert [u.message.text for u in ups] == ["m3"]
    assert len(await bot.get_updates(timeout=0)) == 1  # older ones were forgotten

    # a second long poll terminates the first one with 409 Conflict
    other = Bot(fake.token, base_url=fake.base_url)
    async with other:
        first = asyncio.create_task(bot.get_updates(offset=ups[0].update_id + 1, timeout=3))
        await asyncio.sleep(0.3)
        await other.get_updates(offset=ups[0].update_id + 1, timeout=0)
        with pytest.raises(Conflict):
            await asyncio.wait_for(first, 5)


async def test_raw_http_shapes(fake: FakeTelegram) -> None:
    fake.add_chat(CHAT)
    base = f"{fake.base_url}{fake.token}"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as s:
        async with s.post(f"{base}/noSuchMethod") as r:
            assert r.status == 404
            assert await r.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        async with s.post(f"{fake.base_url}1:wrong/getMe") as r:
            assert r.status == 401 and (await r.json())["error_code"] == 401
        async with s.post(f"{base}/sendMessage", json={"chat_id": CHAT, "text": "json"}) as r:
            body = await r.json()
            assert r.status == 200 and body["ok"] and body["result"]["text"] == "json"
        async with s.get(f"{base}/getMe") as r:
            assert (await r.json())["result"]["username"] == fake.bot_username
        form = {"chat_id": str(CHAT), "text": "x", "reply_markup": json.dumps({"bad": 1})}
        async with s.post(f"{base}/sendMessage", data=form) as r:
            body = await r.json()
            assert r.status == 400 and body["ok"] is False
            assert body["description"].startswith("Bad Request: ")


async def test_unknown_method_and_wrong_token(fake: FakeTelegram, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):  # ptb's name for a 404 on an initialized bot
        await bot.do_api_request("noSuchMethod")
    bad = Bot("1:wrong", base_url=fake.base_url, base_file_url=fake.base_file_url)
    with pytest.raises(InvalidToken):
        async with asyncio.timeout(10):
            await bad.initialize()


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_surfaces(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)
    fake.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as ei:
        await bot.send_message(CHAT, "x")
    assert "3" in str(ei.value)
    assert fake.sent == []
    await bot.send_message(CHAT, "x")  # only the next call failed
    assert len(fake.sent) == 1


async def test_faults_status_delay_and_processed(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)
    fake.fail_next("sendMessage", status=502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(CHAT, "x")
    fake.fail_next("sendMessage", status=None, delay=1.5)
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT, "slow", read_timeout=0.3)
    fake.fail_next("sendMessage", status=500, processed=True, when=lambda p: p["text"] == "lost")
    await bot.send_message(CHAT, "fine")
    with pytest.raises(NetworkError):
        await bot.send_message(CHAT, "lost")
    # the slow call is applied after its delay, even though the client gave up
    rec = await fake.wait_for(lambda r: r.text == "slow", timeout=5)
    assert [r.text for r in fake.sent] == ["fine", "lost", "slow"] and rec.method == "sendMessage"


async def test_callback_answer(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)
    kb = InlineKeyboardMarkup([[InlineKeyboardButton("go", callback_data="go")]])
    msg = await bot.send_message(CHAT, "pick", reply_markup=kb)
    with pytest.raises(ValueError):
        fake.press_button(CHAT, USER, msg.message_id, "nope")
    qid = fake.press_button(CHAT, USER, msg.message_id, "go")
    ups = await bot.get_updates(timeout=0)
    cq = ups[-1].callback_query
    assert cq.id == qid and cq.data == "go" and cq.message.message_id == msg.message_id
    assert cq.message.from_user.id == fake.bot_id
    assert await bot.answer_callback_query(qid, text="ok")
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query(qid)
    assert fake.callback_answers[0]["text"] == "ok"


async def test_document_download(fake: FakeTelegram, bot: Bot) -> None:
    content = "뉴스 본문\n".encode() * 100
    mid = fake.send_document(
        CHAT, USER, filename="news.txt", content=content, mime_type="text/plain", caption="q"
    )
    ups = await bot.get_updates(timeout=0)
    doc = ups[0].message.document
    assert ups[0].message.message_id == mid and doc.file_name == "news.txt"
    assert doc.file_size == len(content) and ups[0].message.caption == "q"
    f = await bot.get_file(doc.file_id)
    assert f.file_path.startswith(fake.base_file_url)
    assert bytes(await f.download_as_bytearray()) == content

    fake.send_document(CHAT, USER, filename="big.pdf", content=b"%PDF", file_size=21 * 1024 * 1024)
    ups = await bot.get_updates(offset=ups[0].update_id + 1, timeout=0)
    with pytest.raises(BadRequest, match="(?i)file is too big"):
        await bot.get_file(ups[0].message.document.file_id)

    fake.fail_next("download", status=500)
    with pytest.raises(NetworkError):
        await f.download_as_bytearray()

    sent = await bot.send_document(CHAT, b"abc", filename="r.txt", caption="<b>c</b>", parse_mode="HTML")
    assert sent.document.file_name == "r.txt" and sent.caption == "c"
    rec = fake.sent[-1]
    assert rec.method == "sendDocument" and rec.document["content"] == b"abc"


async def test_reply_to_bot_message(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)
    msg = await bot.send_message(CHAT, "answer")
    mid = fake.send_text(CHAT, USER, "follow-up", reply_to_message_id=msg.message_id)
    assert mid == msg.message_id + 1
    ups = await bot.get_updates(timeout=0)
    rt = ups[0].message.reply_to_message
    assert rt.message_id == msg.message_id and rt.from_user.id == fake.bot_id
    reply = await bot.send_message(CHAT, "r", reply_to_message_id=mid)
    assert reply.reply_to_message.message_id == mid
    with pytest.raises(BadRequest, match="(?i)replied not found"):
        await bot.send_message(CHAT, "r", reply_to_message_id=555)


async def test_commands_and_chat_action(fake: FakeTelegram, bot: Bot) -> None:
    fake.add_chat(CHAT)
    await bot.set_my_commands([("start", "시작"), ("help", "도움말")])
    cmds = await bot.get_my_commands()
    assert [c.command for c in cmds] == ["start", "help"]
    await bot.send_chat_action(CHAT, "typing")
    assert fake.chat_actions[0]["action"] == "typing"
    with pytest.raises(BadRequest):
        await bot.set_my_commands([("Bad-Cmd", "x")])


# --------------------------------------------------------------------------- real Application


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = update.effective_message.text
    if text == "ignore me":
        return
    await update.effective_message.reply_text(f"echo: {text}")


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    kb = InlineKeyboardMarkup([[InlineKeyboardButton("더보기", callback_data="more")]])
    await update.effective_message.reply_html("<b>환영</b>합니다", reply_markup=kb)


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    q = update.callback_query
    await q.answer("ok")
    await q.edit_message_text(f"pressed {q.data}")


def _handlers():
    return (
        CommandHandler("start", _start),
        MessageHandler(filters.TEXT & ~filters.COMMAND, _echo),
        CallbackQueryHandler(_button),
    )


async def test_application_polling_roundtrip(fake: FakeTelegram) -> None:
    async with running_app(fake, *_handlers()):
        fake.send_text(CHAT, USER, "안녕하세요")
        rec = await fake.wait_for(lambda r: r.text == "echo: 안녕하세요", timeout=10)
        assert rec.chat_id == CHAT and rec.method == "sendMessage"

        since = fake.mark()
        fake.send_text(CHAT, USER, "/start")
        rec = await fake.wait_for(lambda r: r.method == "sendMessage", timeout=10, since=since)
        assert rec.plain_text == "환영합니다" and rec.callback_data == ["more"]

        fake.press_button(CHAT, USER, rec.message_id, "more")
        edit = await fake.wait_for(lambda r: r.method == "editMessageText", timeout=10)
        assert edit.message_id == rec.message_id and edit.text == "pressed more"
        await fake.wait_for_call("answerCallbackQuery", timeout=5)
        assert fake.callback_answers[-1]["text"] == "ok"

        # silence: the update is fetched and confirmed, nothing is sent
        since = fake.mark()
        fake.send_text(CHAT, USER, "ignore me")
        await fake.wait_idle(grace=0.3, timeout=10)
        assert fake.sent[since:] == []

    # after stop, every fetched update has been confirmed
    assert await _pending(fake) == []


async def _pending(fake: FakeTelegram) -> list:
    b = Bot(fake.token, base_url=fake.base_url)
    async with b:
        return list(await b.get_updates(timeout=0))


async def test_application_survives_get_updates_errors(fake: FakeTelegram) -> None:
    fake.fail_next("getUpdates", status=502, times=3)
    fake.send_text(CHAT, USER, "after errors")
    t0 = time.monotonic()
    async with running_app(fake, *_handlers()):
        # ptb's polling loop backs off 1 s, 1.5 s, 2.25 s and then gets the update
        rec = await fake.wait_for(lambda r: r.text == "echo: after errors", timeout=20)
        assert rec.chat_id == CHAT
        assert time.monotonic() - t0 > 4
        polls = [p for m, p in fake.calls if m == "getUpdates"]
        assert len(polls) >= 4
