"""Tests of index.ingest.feeds_poll: feeds -> articles, politely, never twice, on a local site.

``Store`` is a tiny fake of what the caller persists: the feed states and every
key of every item result.  Each test gets a fresh site (tests/feedsite.py) so
that it can add stories or break feeds.
"""
from __future__ import annotations

import faulthandler
import threading

import pytest

import index.ingest.feeds_poll as feeds_poll
from index.ingest.feeds_models import (FeedChannel, FeedItem, FeedState, FetchStatus,
                                       ItemOutcome)
from index.ingest.feeds_poll import HostPacer, article_for_item, poll_feed
from index.ingest.fetch import FetchError
from index.text.clean import clean_text
from tests.feedsite import serve_site
from tests.feedsite_pages import CHROME
from tests.feedsite_stories import HANI, HANI_FULL_TEXT, KHAN, YNA, YNA_NEW

YNA_FEED, HANI_FEED = "/rss/yna.xml", "/atom/hani.xml"
FAST = {"allow_private": True, "timeout": 2.0, "deadline": 4.0}


class Store:
    """What the caller keeps: a state per feed and the keys of every item result."""

    def __init__(self, site, *paths: str) -> None:
        self.states = {path: FeedState(url=site.url(path)) for path in paths}
        self.keys: set[str] = set()
        self.articles = []

    def poll(self, path: str, **kwargs):
        result = poll_feed(self.states[path], self.keys.__contains__, **{**FAST, **kwargs})
        self.states[path] = result.state
        for item_result in result.results:
            self.keys.update(item_result.keys)
        self.articles.extend(result.articles)
        return result


class FakeTime:
    """A clock that only moves when slept on, recording every sleep."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def site():
    with serve_site() as running:
        yield running


@pytest.fixture(autouse=True)
def hang_guard():
    faulthandler.dump_traceback_later(90, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


# ------------------------------------------------------------- articles


def test_new_items_become_clean_articles_with_page_metadata(site):
    poll = Store(site, YNA_FEED).poll(YNA_FEED)
    assert poll.fetch.status is FetchStatus.OK
    assert [r.outcome for r in poll.results] == [ItemOutcome.ARTICLE] * 5
    for story, result in zip(YNA, poll.results):
        article = result.article
        assert (article.id, article.title, article.source) == ("", story.title, "연합뉴스")
        assert article.published == story.day and article.author == story.author
        assert article.url == site.url(story.slug)  # the page's canonical, without ?input=
        assert result.fetched_page and site.url(story.slug) in result.keys
        cleaned = clean_text(article.text)
        assert all(paragraph[-20:] in cleaned for paragraph in story.paragraphs)
        assert [junk for junk in CHROME if junk in cleaned] == []
    assert site.page_requests() == [f"{story.slug}?input=1195m" for story in YNA]


def test_full_content_is_used_without_fetching_the_page(site):
    poll = Store(site, HANI_FEED).poll(HANI_FEED)
    assert [r.fetched_page for r in poll.results] == [False] * HANI_FULL_TEXT + [True]
    assert site.page_requests() == [HANI[2].slug]  # only the summary-only entry's page
    whole = poll.results[0].article
    assert whole.text.split("\n\n") == list(HANI[0].paragraphs)
    assert (whole.source, whole.published, whole.url) == ("한겨레", HANI[0].day,
                                                          site.url(HANI[0].slug))


def test_metadata_falls_back_to_the_feed(site):
    """The 한겨레 page has no og:site_name, no date and a "title : 경제 : 뉴스 : 한겨레"."""
    article = Store(site, HANI_FEED).poll(HANI_FEED).results[2].article
    assert article.source == "한겨레"  # the channel's outlet, not "127.0.0.1"
    assert article.published == HANI[2].day and article.title == HANI[2].title
    assert article.author == HANI[2].author
    assert [junk for junk in CHROME if junk in clean_text(article.text)] == []


def test_euc_kr_feed_with_full_text(site):
    poll = Store(site, "/rss/khan.xml").poll("/rss/khan.xml")
    assert [r.article.title for r in poll.results] == [s.title for s in KHAN]
    assert "햏자" in poll.results[0].article.text and poll.results[0].article.source == "경향신문"
    assert site.page_requests() == []


# ------------------------------------------------------------ never twice


def test_second_poll_is_conditional_fetches_nothing_and_changes_nothing(site):
    store = Store(site, YNA_FEED, HANI_FEED)
    store.poll(YNA_FEED), store.poll(HANI_FEED)
    pages, states = len(site.page_requests()), dict(store.states)
    again = [store.poll(YNA_FEED), store.poll(HANI_FEED)]
    assert [p.fetch.status for p in again] == [FetchStatus.NOT_MODIFIED] * 2
    assert [p.results for p in again] == [(), ()] and len(site.page_requests()) == pages
    for path in (YNA_FEED, HANI_FEED):
        sent = [seen.headers for seen in site.seen if seen.path == path][-1]
        assert sent["if-none-match"] == states[path].etag
        assert sent["if-modified-since"] == states[path].last_modified
        assert store.states[path].etag == states[path].etag
    assert len(store.articles) == 8


def test_known_items_are_never_fetched_even_without_a_304(site):
    store = Store(site, YNA_FEED)
    store.keys.update(f"{site.url(story.slug)}?input=1195m" for story in YNA[:3])
    poll = store.poll(YNA_FEED)
    assert poll.skipped_known == 3 and len(poll.results) == 2
    store.states[YNA_FEED] = store.states[YNA_FEED].model_copy(update={"etag": "",
                                                                       "last_modified": ""})
    assert store.poll(YNA_FEED).skipped_known == 5
    assert site.page_requests() == [f"{story.slug}?input=1195m" for story in YNA[3:]]


def test_a_new_item_is_added_exactly_once(site):
    store = Store(site, YNA_FEED)
    store.poll(YNA_FEED)
    site.add_story(YNA_FEED, YNA_NEW)
    new = store.poll(YNA_FEED)
    assert [r.article.title for r in new.results] == [YNA_NEW.title]
    assert new.skipped_known == 5
    assert store.poll(YNA_FEED).fetch.status is FetchStatus.NOT_MODIFIED
    store.states[YNA_FEED] = FeedState(url=site.url(YNA_FEED))  # validators lost: still once
    assert store.poll(YNA_FEED).results == ()
    assert [a.title for a in store.articles].count(YNA_NEW.title) == 1
    assert site.page_requests().count(f"{YNA_NEW.slug}?input=1195m") == 1


def test_a_failing_feed_is_reported_and_the_other_still_polled(site):
    store = Store(site, YNA_FEED, HANI_FEED)
    site.feeds[HANI_FEED].status = 500
    broken, working = store.poll(HANI_FEED), store.poll(YNA_FEED)
    assert broken.fetch.status is FetchStatus.ERROR and broken.results == ()
    assert "HTTP 500" in store.states[HANI_FEED].last_error
    assert store.states[HANI_FEED].consecutive_failures == 1
    assert store.states[HANI_FEED].next_poll_at > store.states[HANI_FEED].last_polled_at
    assert len(working.articles) == 5


def test_the_same_article_under_two_links_is_added_once(site):
    story = YNA[0]
    site.extra_routes["/bad/twice.xml"] = lambda h: h.send_body((
        '<?xml version="1.0"?><rss version="2.0"><channel><title>연합뉴스 - 속보</title>'
        f"<item><title>{story.title}</title><link>{h.server.base}{story.slug}?input=1195m</link>"
        f"</item><item><title>{story.title}</title><link>{h.server.base}{story.slug}?from=main"
        "</link></item></channel></rss>").encode("utf-8"), "application/rss+xml")
    poll = Store(site, "/bad/twice.xml").poll("/bad/twice.xml")
    assert [r.outcome for r in poll.results] == [ItemOutcome.ARTICLE, ItemOutcome.DUPLICATE]
    assert site.url(story.slug) in poll.results[1].keys  # the canonical URL, remembered


def test_duplicate_guids_fetch_each_page_once(site):
    poll = Store(site, "/bad/dupguid.xml").poll("/bad/dupguid.xml")
    assert len(poll.results) == 2 and len(site.page_requests()) == 2


# -------------------------------------------------------------- bad items


def test_an_image_item_fails_and_the_next_item_is_still_read(site):
    poll = Store(site, "/bad/image-item.xml").poll("/bad/image-item.xml")
    image, good = poll.results
    assert image.outcome is ItemOutcome.FAILED and image.error_kind == "not_html"
    assert "image/png" in image.error and site.url("/image.png") in image.keys
    assert good.outcome is ItemOutcome.ARTICLE and good.article.title == YNA[0].title


def test_items_without_link(site):
    poll = Store(site, "/bad/nolink.xml").poll("/bad/nolink.xml")
    whole, notice, good = poll.results
    assert whole.outcome is ItemOutcome.ARTICLE and whole.article.url == ""
    assert "똠얌꿍" in whole.article.text and not whole.fetched_page
    assert notice.outcome is ItemOutcome.FAILED and notice.error_kind == "no_link"
    assert "no link" in notice.error or "neither a link" in notice.error
    assert notice.keys == (notice.item.key,) and good.article is not None


def test_relative_links_are_fetched_at_their_absolute_address(site):
    poll = Store(site, "/bad/relative.xml").poll("/bad/relative.xml")
    assert [r.article.url for r in poll.results] == [site.url(YNA[3].slug), site.url(YNA[4].slug)]


def test_a_redirecting_feed_is_followed(site):
    poll = Store(site, "/bad/redirect.xml").poll("/bad/redirect.xml")
    assert len(poll.articles) == 5


def test_an_unexpected_error_in_one_item_does_not_stop_the_others(site, monkeypatch):
    real = feeds_poll.fetch_article

    def flaky(url, **kwargs):
        if YNA[1].slug in url:
            raise RuntimeError("parser exploded")
        return real(url, **kwargs)

    monkeypatch.setattr(feeds_poll, "fetch_article", flaky)
    poll = Store(site, YNA_FEED).poll(YNA_FEED)
    assert [r.outcome for r in poll.results].count(ItemOutcome.FAILED) == 1
    assert "parser exploded" in poll.failures[0].error and len(poll.articles) == 4


def test_article_for_item_raises_clear_errors(site):
    channel = FeedChannel("연합뉴스 - 경제", "", "연합뉴스", "rss20")
    item = FeedItem("k", site.url("/yna/view/none"), "없는 기사", "", "", "", "연합뉴스 - 경제")
    with pytest.raises(FetchError) as caught:
        article_for_item(item, channel, **FAST)
    assert caught.value.kind == "http_status" and "HTTP 404" in str(caught.value)
    with pytest.raises(FetchError) as caught:
        article_for_item(item._replace(link=""), channel)
    assert caught.value.kind == "no_link"


def test_private_address_without_allow_private(site):
    asked = len(site.seen)
    poll = Store(site, YNA_FEED).poll(YNA_FEED, allow_private=False)
    assert poll.fetch.error_kind == "blocked_address" and poll.results == ()
    assert len(site.seen) == asked


# ------------------------------------------------------------- politeness


def test_max_items_defers_the_rest_to_the_next_poll(site):
    store = Store(site, YNA_FEED)
    first = store.poll(YNA_FEED, max_items=2)
    assert len(first.results) == 2 and first.deferred == 3
    assert store.states[YNA_FEED].etag == ""  # so the next poll is not a 304
    second = store.poll(YNA_FEED, max_items=2)
    third = store.poll(YNA_FEED, max_items=2)
    assert (len(second.results), len(third.results), third.deferred) == (2, 1, 0)
    assert store.states[YNA_FEED].etag and len(set(site.page_requests())) == 5


def test_budget_stops_a_long_poll_and_defers_the_rest(site):
    ticks = iter(range(0, 1000, 10))
    poll = Store(site, YNA_FEED).poll(YNA_FEED, budget=25, clock=lambda: next(ticks))
    assert len(poll.results) == 2 and poll.deferred == 3


def test_pacer_delays_requests_to_the_same_host():
    fake = FakeTime()
    pacer = HostPacer(2.0, clock=fake.clock, sleep=fake.sleep)
    assert pacer.wait("http://news.example.kr/a") == 0.0
    assert pacer.wait("http://NEWS.example.kr/b") == 2.0  # same host
    assert pacer.wait("http://other.example.kr/a") == 0.0
    fake.now += 10
    assert pacer.wait("http://news.example.kr/c") == 0.0
    assert fake.sleeps == [2.0]


def test_pacer_gives_concurrent_callers_separate_slots():
    pacer = HostPacer(1.0, clock=lambda: 50.0, sleep=lambda _seconds: None)
    slept: list[float] = []
    threads = [threading.Thread(target=lambda: slept.append(pacer.wait("http://a.kr/x")))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(slept) == [0.0, 1.0, 2.0, 3.0]


def test_a_poll_paces_its_page_requests(site):
    fake = FakeTime()
    pacer = HostPacer(1.5, clock=fake.clock, sleep=fake.sleep)
    Store(site, YNA_FEED).poll(YNA_FEED, pacer=pacer)
    assert fake.sleeps == [1.5] * 5  # the feed, then five pages of the same host
