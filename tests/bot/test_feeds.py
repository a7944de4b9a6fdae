"""/feed in the bot, and the JobQueue polling a local feed while users ask questions."""
from __future__ import annotations

import asyncio
import time

from tests.bot.conftest import ADMIN, USER, running_bot
from tests.feedsite import HANI, YNA, serve_site

SEED_QUESTION = "머스크가 오픈AI를 고소한 진짜 이유는?"
FEED_QUESTION = "온열질환자는 누적 몇 명이야?"


async def said(fake, chat_id: int, words: str, since: int, timeout: float = 30):
    """The first message sent or edited in ``chat_id`` that holds ``words``."""
    return await fake.wait_for(lambda r: r.chat_id == chat_id and r.method in ("sendMessage", "editMessageText")
                               and words in r.plain_text, since=since, timeout=timeout)


async def ask(fake, chat_id: int, text: str, user: int = USER):
    since = fake.mark()
    fake.send_text(chat_id, user, text)
    return await fake.wait_for(lambda r: r.chat_id == chat_id and r.method == "sendMessage", since=since, timeout=15)


async def test_feed_commands_are_for_admins_and_follow_list_poll_and_remove(fake, corpus_dir, shared_kiwi):
    with serve_site() as site:
        async with running_bot(fake, corpus_dir, shared_kiwi, feed_poll_minutes=0, feed_host_delay=0):
            reply = await ask(fake, 300, f"/feed add {site.url('/rss/yna.xml')}")
            assert "관리자만" in reply.plain_text
            since = fake.mark()
            fake.send_text(ADMIN, ADMIN, "/feed add " + site.url("/bad/malformed.xml"))
            assert "피드를 추가하지 못했습니다" in (await said(fake, ADMIN, "추가하지 못했", since)).plain_text
            since = fake.mark()
            fake.send_text(ADMIN, ADMIN, "/feed add " + site.url("/rss/yna.xml"))
            await said(fake, ADMIN, "구독합니다", since)
            since = fake.mark()
            fake.send_text(ADMIN, ADMIN, "/feed poll")
            done = await said(fake, ADMIN, "피드 1개 확인", since, timeout=60)
            assert f"새 기사 {len(YNA)}건" in done.plain_text and YNA[0].title[:10] in done.plain_text
            reply = await ask(fake, 301, FEED_QUESTION)
            assert "1천546명" in reply.plain_text and "연합뉴스" in reply.plain_text
            listing = await ask(fake, ADMIN, "/feed list", user=ADMIN)
            assert "연합뉴스" in listing.plain_text and f"기사 {len(YNA)}건" in listing.plain_text
            removed = await ask(fake, ADMIN, "/feed remove " + site.url("/rss/yna.xml"), user=ADMIN)
            assert "구독을 끊었습니다" in removed.plain_text
            assert "구독 중인 피드가 없습니다" in (await ask(fake, ADMIN, "/feed list", user=ADMIN)).plain_text


async def test_the_job_queue_polls_while_users_ask_and_sends_the_digest(fake, corpus_dir, shared_kiwi):
    with serve_site() as site:
        site.page_delay = 0.3  # a slow news site: a poll takes seconds
        async with running_bot(fake, corpus_dir, shared_kiwi, feed_poll_minutes=0.05, feed_host_delay=0.5):
            since = fake.mark()
            fake.send_text(ADMIN, ADMIN, "/feed digest on")
            await said(fake, ADMIN, "알려드립니다", since)
            for path in ("/rss/yna.xml", "/atom/hani.xml"):
                since = fake.mark()
                fake.send_text(ADMIN, ADMIN, "/feed add " + site.url(path))
                await said(fake, ADMIN, "구독합니다", since)
            asked_during_poll = []
            deadline = time.monotonic() + 60
            digest_since = fake.mark()
            while time.monotonic() < deadline and not any(
                    r.method == "sendMessage" and "피드 새 기사" in r.plain_text for r in fake.sent[digest_since:]):
                started = time.monotonic()
                asker = 1000 + len(asked_during_poll)  # many users: the per-user rate limit is not the point here
                reply = await ask(fake, asker, SEED_QUESTION, user=asker)
                asked_during_poll.append(time.monotonic() - started)
                assert "머니투데이" in reply.plain_text
                await asyncio.sleep(0.2)
            digest = await said(fake, ADMIN, "피드 새 기사", digest_since, timeout=5)
            assert "연합뉴스" in digest.plain_text or "한겨레" in digest.plain_text
            assert site.page_requests(), "the job fetched no page"
            print(f"\nanswers during the poll: {len(asked_during_poll)}, slowest {max(asked_during_poll):.2f} s, "
                  f"median {sorted(asked_during_poll)[len(asked_during_poll) // 2]:.2f} s")
            assert len(asked_during_poll) >= 3
            assert max(asked_during_poll) < 3.0, asked_during_poll  # polling never held an answer back
            reply = await ask(fake, 402, FEED_QUESTION)
            assert "1천546명" in reply.plain_text
            pages = site.page_requests()
            assert len(pages) == len(set(pages)) <= len(YNA) + len(HANI)
