"""With no token, ``python -m bot`` is the same bot as a chat in the terminal."""
from __future__ import annotations

import subprocess
import sys

from tests.bot.process import this_checkout_env


def console_output(corpus_dir, script: str, **settings: str) -> str:
    """What ``python -m bot`` with no token prints for ``script`` typed in (``settings``: more environment)."""
    env = {k: v for k, v in this_checkout_env().items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(CORPUS_DIR=str(corpus_dir), TELEGRAM_BOT_TOKEN="", **settings)
    result = subprocess.run(
        [sys.executable, "-m", "bot"], input=script, capture_output=True, text=True, env=env,
        cwd=corpus_dir.parent, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_console_chat_answers_with_citations(corpus_dir):
    script = "머스크가 오픈AI를 고소한 진짜 이유는?\n머스크 오픈AI\n/more\n/up\nwhy did Musk sue OpenAI?\n오늘 서울 날씨 어때?\n/help\n/quit\n"
    out = console_output(corpus_dir, script)
    assert "TELEGRAM_BOT_TOKEN" in out  # says how to run it on Telegram
    assert "블랙홀" in out and "머니투데이 · 2024-04-05" in out
    assert "[4]" in out  # /more paged on
    assert "의견 감사합니다" in out
    assert "관련 기사를 찾지 못했습니다" in out
    assert "/synonym" in out  # /help, with admin commands: the console user runs the bot


def test_console_says_when_the_bot_stays_silent(corpus_dir):
    """Past the per-user limit the bot warns once, then answers nothing (as on Telegram); the console says so
    instead of printing an empty answer."""
    script = "머스크 오픈AI\n테슬라 도조\n머스크 소송\n/quit\n"
    out = console_output(corpus_dir, script, USER_RATE_LIMIT="1", USER_RATE_WINDOW="600")
    assert "머니투데이 · 2024-04-05" in out  # the first is answered
    assert "너무 빠르게 이어지고 있습니다" in out  # the second is warned
    assert out.count("답 없음") == 1  # the third gets nothing, and the console says it
