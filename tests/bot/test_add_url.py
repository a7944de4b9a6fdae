"""``/add URL`` end to end: the real Application, the fake Bot API, a local news site.

A small HTTP server on 127.0.0.1 serves ``tests/pages/mt_seed.html`` (the seed
article as a 머니투데이 page, with navigation, ads and captions around it).
The bot runs on an empty corpus so the page is a new article, and with
``allow_private_urls=True`` (the conftest default) unless a test says otherwise.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.corpus import stored_ids
from tests.bot.conftest import ADMIN, USER, running_bot
from tests.httpserver import LocalServer, RouteHandler, serving

PAGE = (Path(__file__).resolve().parents[1] / "pages" / "mt_seed.html").read_bytes()
TITLE = '머스크가 오픈AI 소송한 진짜 이유...결국 "미친 AI 인재전쟁" 때문'
CANONICAL = "https://news.mt.co.kr/mtview.php?no=2024040500000000001"
ARTICLE_ID = hashlib.sha256(CANONICAL.encode()).hexdigest()[:16]  # ids of web articles come from their url
FAILED = "⚠️ 기사를 가져오지 못했습니다:"


class NewsHandler(RouteHandler):
    ignore_query = True

    def routes(self):
        return {"/seed": lambda: self.send_body(PAGE, "text/html; charset=utf-8")}

    def not_found(self) -> None:
        self.send_body("<h1>404 Not Found</h1>".encode(), "text/html; charset=utf-8", 404)


@pytest.fixture(scope="module")
def site():
    with serving(LocalServer(NewsHandler)) as httpd:
        yield httpd


@pytest.fixture
def empty_corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture
async def web_bot(fake, empty_corpus, shared_kiwi):
    async with running_bot(fake, empty_corpus, shared_kiwi) as application:
        yield application


def article_files(corpus: Path) -> list[str]:
    return sorted(stored_ids(corpus))


async def add(fake, url: str, user: int = ADMIN):
    """Send ``/add URL``; return (status message, its final edit) for an admin."""
    since = fake.mark()
    fake.send_text(user, user, f"/add {url}")
    status = await fake.wait_for(lambda r: r.chat_id == user and r.method == "sendMessage",
                                 since=since, timeout=15)
    assert status.plain_text.startswith("🌐 가져오는 중…") and url in status.plain_text, status
    final = await fake.wait_for(
        lambda r: r.method == "editMessageText" and r.message_id == status.message_id
        and not r.plain_text.startswith("🌐"), since=since, timeout=30)
    return status, final


async def ask(fake, chat_id: int, text: str):
    since = fake.mark()
    fake.send_text(chat_id, USER, text)
    return await fake.wait_for(lambda r: r.chat_id == chat_id and r.method == "sendMessage",
                               since=since, timeout=15)


async def test_admin_adds_a_url_and_users_get_cited_answers(fake, web_bot, site, empty_corpus):
    url = f"{site.base}/seed"
    _status, done = await add(fake, url)
    assert "✅ 추가됨" in done.plain_text and ARTICLE_ID in done.plain_text, done
    assert TITLE in done.plain_text and "추가 1 · 중복 0 · 건너뜀 0" in done.plain_text
    assert article_files(empty_corpus) == [ARTICLE_ID]
    assert f"<code>{ARTICLE_ID}</code>" in done.text

    reply = await ask(fake, 300, "머스크가 오픈AI를 고소한 진짜 이유는?")
    assert "블랙홀" in reply.plain_text or "소송을 건 이유" in reply.plain_text, reply.plain_text
    assert "머니투데이" in reply.plain_text and "2024-04-05" in reply.plain_text
    assert f'<a href="{CANONICAL}">' in reply.text  # the title links to the article
    for chrome in ("ⓒ", "Copyright", "무단", "사진=", "로이터=뉴스1", "많이 본 뉴스", "관련기사", "[광고]"):
        assert chrome not in reply.plain_text, chrome
    reply = await ask(fake, 301, "테슬라는 도조에 얼마를 투자하나?")
    assert "10억 달러" in reply.plain_text

    _status, again = await add(fake, url)
    assert "↩️ 이미 있음" in again.plain_text and ARTICLE_ID in again.plain_text, again
    assert "추가 0 · 중복 1" in again.plain_text
    assert article_files(empty_corpus) == [ARTICLE_ID]


async def test_non_admin_add_url_is_refused_and_nothing_is_fetched(fake, web_bot, site, empty_corpus):
    url = f"{site.base}/seed?from-non-admin"
    since = fake.mark()
    fake.send_text(USER, USER, f"/add {url}")
    reply = await fake.wait_for(lambda r: r.chat_id == USER, since=since, timeout=15)
    assert "관리자만" in reply.plain_text
    await fake.wait_idle()
    assert len(fake.sent_to(USER)) == 1 and reply.method == "sendMessage"  # no status message
    assert "/seed?from-non-admin" not in site.requests
    assert article_files(empty_corpus) == []


async def test_missing_page_gives_a_clear_failure(fake, web_bot, site, empty_corpus):
    _status, done = await add(fake, f"{site.base}/no-such-article")
    assert done.plain_text.startswith(FAILED), done
    assert "페이지를 찾을 수 없습니다 (HTTP 404)" in done.plain_text
    assert "/no-such-article" in site.requests
    assert article_files(empty_corpus) == []


async def test_private_address_is_refused_when_not_allowed(fake, empty_corpus, shared_kiwi, site):
    async with running_bot(fake, empty_corpus, shared_kiwi, allow_private_urls=False):
        _status, done = await add(fake, f"{site.base}/seed?private")
    assert done.plain_text.startswith(FAILED), done
    assert "내부망·사설 주소는 가져올 수 없습니다" in done.plain_text
    assert "127.0.0.1" in done.plain_text
    assert "/seed?private" not in site.requests  # refused before connecting
    assert article_files(empty_corpus) == []
