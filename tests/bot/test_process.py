"""``python -m bot`` as a real process: SIGTERM and SIGKILL restarts, and the token never printed."""
from __future__ import annotations

import signal

import pytest

from tests.bot.process import BotProcess

QUESTION = "머스크가 오픈AI를 고소한 진짜 이유는?"
SECRET_TOKEN = "987654321:AAH-secret-TOKEN-value_xyz"


@pytest.fixture
async def secret_fake():
    from tests.fakebot import FakeTelegram

    server = FakeTelegram(token=SECRET_TOKEN)
    await server.start()
    yield server
    await server.stop()


def replies(fake, chat_id):
    return [r for r in fake.sent_to(chat_id) if r.method == "sendMessage"]


async def test_sigterm_restart_answers_each_waiting_update_once_and_token_never_printed(
    secret_fake, corpus_dir, tmp_path
):
    fake = secret_fake
    bot = BotProcess(fake, corpus_dir, tmp_path / "bot.log")
    await bot.start()
    fake.send_text(900, 900, QUESTION)
    await fake.wait_for(lambda r: r.chat_id == 900, timeout=20)
    fake.fail_next("sendMessage", status=500, times=1)  # an error path that gets logged
    fake.send_text(901, 901, QUESTION)
    await fake.wait_for(lambda r: r.chat_id == 901, timeout=20)
    await fake.wait_idle()
    await bot.stop(signal.SIGTERM)
    assert bot.process.returncode == 0
    for chat_id in (902, 903, 904):  # waiting while the bot is down
        fake.send_text(chat_id, chat_id, QUESTION)
    calls_before = len(fake.calls)
    await bot.start()
    for chat_id in (902, 903, 904):
        await fake.wait_for(lambda r, c=chat_id: r.chat_id == c, timeout=20)
    await fake.wait_idle()
    await bot.stop(signal.SIGTERM)
    for chat_id in (900, 901, 902, 903, 904):
        assert len(replies(fake, chat_id)) == 1, chat_id
    assert any(m == "getUpdates" for m, _ in fake.calls[calls_before:])
    output = (tmp_path / "bot.log").read_bytes().decode("utf-8", "replace")
    assert "getUpdates" in output or "ready" in output  # the log did record the bot's work
    assert SECRET_TOKEN not in output
    assert SECRET_TOKEN.split(":")[1] not in output


async def test_sigkill_restart_loses_no_waiting_update(secret_fake, corpus_dir, tmp_path):
    fake = secret_fake
    bot = BotProcess(fake, corpus_dir, tmp_path / "bot.log")
    await bot.start()
    fake.send_text(910, 910, QUESTION)
    await fake.wait_for(lambda r: r.chat_id == 910, timeout=20)
    await bot.stop(signal.SIGKILL)
    for chat_id in (911, 912):
        fake.send_text(chat_id, chat_id, QUESTION)
    await bot.start()
    for chat_id in (911, 912):
        await fake.wait_for(lambda r, c=chat_id: r.chat_id == c, timeout=20)
    await fake.wait_idle()
    await bot.stop(signal.SIGTERM)
    for chat_id in (911, 912):
        assert len(replies(fake, chat_id)) == 1
    assert 1 <= len(replies(fake, 910)) <= 2  # at most the update in flight is handled again
    assert SECRET_TOKEN not in (tmp_path / "bot.log").read_text(errors="replace")
