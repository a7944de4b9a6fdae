"""Issue 15's "Done when", checked against the real ``python -m bot`` process and the strict fake Bot API.

One bot process serves the polling checks (in file order); the webhook checks run their own.
"""
from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
import pytest_asyncio

from tests.bot.checks import NUMBER_QUESTIONS, NUMBERS_ARTICLE, add_article, bold_inside_a_word, bold_spans
from index.models import Article
from tests.bot.conftest import ADMIN, REPO, USER
from tests.corpus import SAMPLE, SAMPLE_TEXT
from tests.bot.process import BotProcess, free_port
from tests.fakebot import FakeTelegram

pytestmark = pytest.mark.asyncio(loop_scope="module")

TOKEN = "7357135791:AAF-done-when-SECRET_token-42"
WEBHOOK_SECRET = "wh-Secret_0123456789-abcdefXYZ"
SEED_QUESTION = "머스크가 오픈AI를 고소한 진짜 이유는?"


def make_corpus(folder: Path) -> Path:
    """A folder corpus (as earlier versions wrote it; the bot moves it into its database at start)."""
    folder.mkdir(parents=True)
    add_article(folder, Article(**{**SAMPLE, "text": SAMPLE_TEXT}))
    add_article(folder, NUMBERS_ARTICLE)
    return folder


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    server = FakeTelegram(token=TOKEN)
    await server.start()
    server.add_chat(ADMIN)  # the admin has opened the bot's chat
    yield server
    await server.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(fake, tmp_path_factory):
    folder = tmp_path_factory.mktemp("done-when")
    process = BotProcess(fake, make_corpus(folder / "corpus"), folder / "bot.log")
    await process.start()
    await fake.wait_for_call("getUpdates", timeout=30)
    yield process
    await process.stop()


async def ask(fake, chat_id: int, text: str, user: int | None = None, **kwargs):
    """``text`` from ``user`` (by default one user per chat, so the per-user rate limit stays out of the way)."""
    since = fake.mark()
    fake.send_text(chat_id, user or abs(chat_id), text, **kwargs)
    return await fake.wait_for(lambda r: r.chat_id == chat_id and r.method == "sendMessage", since=since, timeout=20)


async def test_default_menu_has_no_admin_commands_and_the_admins_menu_has_them(fake, bot):
    for language in ("", "en"):
        default = set(fake.commands_for(language_code=language))
        assert default and not default & {"add", "remove"}
        admin = set(fake.commands_for({"type": "chat", "chat_id": ADMIN}, language))
        assert {"add", "remove"} <= admin


async def test_inline_query_about_the_seed(fake, bot):
    qid = fake.send_inline_query(USER, SEED_QUESTION)
    answer = await fake.wait_for_inline_answer(qid, timeout=20)
    text = answer["results"][0]["plain_text"]
    assert "머니투데이" in text and ("블랙홀" in text or "소송을 건 이유" in text)


async def test_edited_question_is_answered_anew(fake, bot):
    since = fake.mark()
    asked = fake.send_text(300, 300, "테슬라는 도조에 얼마를 투자하나?")
    first = await fake.wait_for(lambda r: r.chat_id == 300, since=since, timeout=20)
    since = fake.mark()
    fake.edit_text(300, asked, "오픈AI의 대주주는 어디야?")
    anew = await fake.wait_for(lambda r: r.chat_id == 300, since=since, timeout=20)
    assert "마이크로소프트" in anew.plain_text and anew.plain_text != first.plain_text


async def test_bold_never_starts_or_ends_inside_a_number(fake, bot):
    for chat_id, question in enumerate(NUMBER_QUESTIONS, 310):
        reply = await ask(fake, chat_id, question)
        assert "한빛일보" in reply.plain_text, question
        spans = bold_spans(reply.plain_text, reply.entities)
        assert spans and bold_inside_a_word(reply.plain_text, spans) == [], question


async def test_photo_with_a_question_caption(fake, bot):
    since = fake.mark()
    fake.send_photo(320, 320, caption="오픈AI의 대주주는 어디야?")
    reply = await fake.wait_for(lambda r: r.chat_id == 320, since=since, timeout=20)
    assert "마이크로소프트" in reply.plain_text


async def test_sticker_gets_a_hint(fake, bot):
    since = fake.mark()
    fake.send_sticker(321, 321)
    reply = await fake.wait_for(lambda r: r.chat_id == 321, since=since, timeout=20)
    assert "질문을 글로" in reply.plain_text


async def test_greeting_in_a_new_group(fake, bot):
    since = fake.mark()
    fake.add_bot_to_group(-322, USER, title="뉴스 토론방")
    reply = await fake.wait_for(lambda r: r.chat_id == -322, since=since, timeout=20)
    assert "/ask" in reply.plain_text


async def test_a_message_to_botname2_is_ignored(fake, bot):
    fake.send_text(-323, USER, f"@{fake.bot_username}2 {SEED_QUESTION}", chat_type="group")
    await fake.wait_idle()
    assert fake.sent_to(-323) == []
    reply = await ask(fake, -323, f"@{fake.bot_username} {SEED_QUESTION}", chat_type="group")
    assert "머니투데이" in reply.plain_text  # the bot itself is still heard there


async def test_three_presses_of_one_user_count_once(fake, bot):
    before = await ask(fake, ADMIN, "/feedback", user=ADMIN)
    assert "👍 0 · 👎 0" in before.plain_text
    reply = await ask(fake, 330, SEED_QUESTION)
    up = next(d for d in reply.callback_data if d.endswith(":u"))
    for _ in range(3):
        calls = len(fake.calls)
        fake.press_button(330, 330, reply.message_id, up)
        await fake.wait_for_call("answerCallbackQuery", since=calls, timeout=20)
    await fake.wait_idle()
    after = await ask(fake, ADMIN, "/feedback", user=ADMIN)
    assert "👍 1 · 👎 0" in after.plain_text


async def test_synonym_list_after_80_long_groups_arrives_whole(fake, bot):
    groups = [f"장문동의어{i:02d}첫째{'가' * 30}, 장문동의어{i:02d}둘째{'나' * 30}" for i in range(80)]
    for group in groups:
        reply = await ask(fake, ADMIN, f"/synonym add {group}", user=ADMIN)
        assert "동의어 추가" in reply.plain_text
    await fake.wait_idle()
    since = fake.mark()
    fake.send_text(ADMIN, ADMIN, "/synonym list")
    await fake.wait_idle(timeout=20)
    pieces = [r.plain_text for r in fake.sent[since:] if r.chat_id == ADMIN]
    assert len(pieces) >= 2
    lines = set("\n".join(pieces).splitlines())
    assert all(group in lines for group in groups)


async def test_the_token_never_appears_in_the_log(fake, bot):
    await fake.wait_idle()
    log = bot.log()
    assert "getUpdates" in log or "ready" in log  # the log did record the bot's work
    assert TOKEN not in log and TOKEN.split(":")[1] not in log


async def test_webhook_mode(tmp_path):
    fake = FakeTelegram(token=TOKEN)
    await fake.start()
    port = free_port()
    process = BotProcess(
        fake, make_corpus(tmp_path / "corpus"), tmp_path / "bot.log",
        WEBHOOK_URL="https://newsqa.example/telegram/hook", WEBHOOK_PORT=str(port), WEBHOOK_SECRET=WEBHOOK_SECRET,
    )
    try:
        await process.start(ready_call="setWebhook")
        hook = await fake.wait_for_call("setWebhook")
        assert hook["url"] == "https://newsqa.example/telegram/hook" and hook["secret_token"] == WEBHOOK_SECRET
        fake.deliver_via(f"http://127.0.0.1:{port}")
        forged = fake.text_update(400, USER, SEED_QUESTION)
        for _ in range(100):  # until the listener is up
            status = await fake.post_update(forged, "wrong-secret")
            if status:
                break
            await asyncio.sleep(0.1)
        assert status == 403
        assert await fake.post_update(fake.text_update(400, USER, SEED_QUESTION), None) == 403
        since = fake.mark()
        fake.send_text(401, USER, SEED_QUESTION)  # Telegram posts it with the right secret
        reply = await fake.wait_for(lambda r: r.chat_id == 401, since=since, timeout=20)
        assert "머니투데이" in reply.plain_text
        await fake.wait_idle()
        assert fake.sent_to(400) == []
        assert not any(method.lower() == "getupdates" for method, _ in fake.calls)
    finally:
        await process.stop()
        await fake.stop()
    assert process.process.returncode == 0
    log = process.log()
    assert "webhook" in log.lower()
    set_webhook = [line for line in log.splitlines() if "`setWebhook` with parameters" in line]
    assert set_webhook and all("<redacted>" in line for line in set_webhook)  # it was there, and hidden
    assert TOKEN not in log and TOKEN.split(":")[1] not in log and WEBHOOK_SECRET not in log
