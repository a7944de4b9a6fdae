"""Faults, load and concurrency, driven through the real Application and the fake Bot API."""
from __future__ import annotations

import asyncio
import json
import time

from tests.bot.conftest import ADMIN, running_bot

QUESTION = "머스크가 오픈AI를 고소한 진짜 이유는?"


def answers_in(fake, chat_id):
    return [r for r in fake.sent_to(chat_id) if r.method == "sendMessage"]


async def test_get_updates_502_and_send_429_lose_nothing(fake, corpus_dir, shared_kiwi):
    fake.fail_next("getUpdates", status=502, times=3)
    fake.fail_next("sendMessage", status=429, retry_after=1)
    fake.send_text(300, 300, QUESTION)
    started = time.monotonic()
    async with running_bot(fake, corpus_dir, shared_kiwi):
        reply = await fake.wait_for(lambda r: r.chat_id == 300, timeout=30)
        assert "머니투데이" in reply.plain_text
        assert time.monotonic() - started >= 1.0  # the retry_after wait was honoured
        await fake.wait_idle()
    assert len(answers_in(fake, 300)) == 1


async def test_server_error_on_send_is_retried_once_without_duplicates(fake, bot):
    fake.fail_next("sendMessage", status=502, times=2)
    fake.send_text(301, 301, QUESTION)
    reply = await fake.wait_for(lambda r: r.chat_id == 301, timeout=15)
    assert "머니투데이" in reply.plain_text
    await fake.wait_idle()
    assert len(answers_in(fake, 301)) == 1


async def test_burst_of_40_chats_all_answered_once_to_the_right_chat(fake, bot):
    words = ["테슬라", "도조", "투자", "머스크", "소송", "에단", "인재", "보상", "엔지니어", "마이크로소프트", "슈퍼컴퓨터"]
    pairs = [(a, b) for i, a in enumerate(words) for b in words[i + 1 :]][:40]
    questions = {400 + i: f"{a}와 {b}는?" for i, (a, b) in enumerate(pairs)}  # a different question per chat
    started = time.monotonic()
    for chat_id, question in questions.items():
        fake.send_text(chat_id, chat_id, question)
    for chat_id in questions:
        await fake.wait_for(lambda r, c=chat_id: r.chat_id == c, timeout=30)
    elapsed = time.monotonic() - started
    await fake.wait_idle()
    for chat_id, question in questions.items():
        replies = answers_in(fake, chat_id)
        assert len(replies) == 1, (chat_id, [r.plain_text[:40] for r in replies])
        assert question in replies[0].plain_text  # the answer echoes this chat's own question
    print(f"40 chats answered in {elapsed:.2f} s")


async def test_flooding_user_is_slowed_and_others_are_not_starved(fake, bot):
    for i in range(20):
        fake.send_text(500, 500, f"도조 질문 {i}")
    fake.send_text(501, 501, QUESTION)
    other = await fake.wait_for(lambda r: r.chat_id == 501, timeout=10)
    assert "머니투데이" in other.plain_text
    await fake.wait_idle()
    replies = answers_in(fake, 500)
    slow = [r for r in replies if "너무 빠르게" in r.plain_text]
    assert len(slow) == 1  # one polite warning, not twenty
    assert 1 <= len(replies) - len(slow) <= 6  # USER_RATE_LIMIT answers in the window


async def test_big_upload_runs_while_others_are_answered(fake, bot):
    lines = [
        json.dumps({"id": f"bulk-{i}", "title": f"제{i}회 지역 축제 개막", "source": "테스트신문",
                    "text": f"제{i}회 축제가 열렸다. 올해 {i}번째 축제에는 관람객 {i * 3}명이 찾았다고 주최 측이 밝혔다. "
                            "행사는 사흘 동안 이어진다."}, ensure_ascii=False)
        for i in range(1000)
    ]
    since = fake.mark()
    fake.send_document(ADMIN, ADMIN, filename="bulk.jsonl", content="\n".join(lines).encode(), caption="/add")
    await fake.wait_for(lambda r: r.chat_id == ADMIN and "가져오는 중" in r.plain_text, since=since, timeout=10)
    asked = time.monotonic()
    fake.send_text(600, 600, QUESTION)
    await fake.wait_for(lambda r: r.chat_id == 600, timeout=10)
    latency = time.monotonic() - asked
    assert latency < 3.0, latency
    done = await fake.wait_for(lambda r: r.chat_id == ADMIN and "추가 1000" in r.plain_text, since=since, timeout=120)
    assert done.method in ("editMessageText", "sendMessage")
    reply_since = fake.mark()
    fake.send_text(601, 601, "제777회 축제 관람객은 몇 명?")
    reply = await fake.wait_for(lambda r: r.chat_id == 601, since=reply_since, timeout=10)
    assert "2331명" in reply.plain_text
    print(f"question answered in {latency:.2f} s during a 1,000-article upload")


async def test_graceful_restart_answers_waiting_updates_exactly_once(fake, corpus_dir, shared_kiwi):
    async with running_bot(fake, corpus_dir, shared_kiwi):
        fake.send_text(700, 700, QUESTION)
        await fake.wait_for(lambda r: r.chat_id == 700, timeout=10)
        await fake.wait_idle()
    for chat_id in (701, 702, 703):
        fake.send_text(chat_id, chat_id, QUESTION)
    async with running_bot(fake, corpus_dir, shared_kiwi):
        for chat_id in (701, 702, 703):
            await fake.wait_for(lambda r, c=chat_id: r.chat_id == c, timeout=10)
        await fake.wait_idle()
    for chat_id in (700, 701, 702, 703):
        assert len(answers_in(fake, chat_id)) == 1, chat_id


async def test_articles_added_by_another_process_are_picked_up(fake, corpus_dir, shared_kiwi):
    from index.engine import Engine
    from index.models import Article
    from index.text.tokenize import Tokenizer

    async with running_bot(fake, corpus_dir, shared_kiwi, corpus_reload_seconds=0.2):
        other = await asyncio.to_thread(Engine.open, corpus_dir, Tokenizer(shared_kiwi))
        article = Article(id="cli-1", title="부산 해상 풍력단지 착공", source="테스트일보",
                          text="부산 앞바다에 원전 한 기 규모의 해상 풍력단지가 내년 착공한다고 부산시가 밝혔다.")
        await asyncio.to_thread(other.add_article, article)
        deadline = time.monotonic() + 10
        while True:
            since = fake.mark()
            fake.send_text(800, 800, "부산 해상 풍력단지 착공 시기는?")
            reply = await fake.wait_for(lambda r: r.chat_id == 800, since=since, timeout=10)
            if "테스트일보" in reply.plain_text or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.3)
        assert "테스트일보" in reply.plain_text
