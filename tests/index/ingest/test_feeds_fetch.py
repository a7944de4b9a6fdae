"""Tests of index.ingest.feeds_fetch (and the feed additions to fetch.download) on a local site.

Everything is served by tests/feedsite.py on 127.0.0.1; every fetch has small
timeouts, and a watchdog aborts the run if a test ever hangs.
"""
from __future__ import annotations

import faulthandler
import socket
import time
from datetime import datetime, timedelta, timezone

import pytest

from index.ingest.feeds_fetch import check_feed_url, conditional_headers, fetch_feed
from index.ingest.feeds_models import Backoff, FeedState, FetchStatus, parse_time
from index.ingest.fetch import FEED_ACCEPT, FetchError, download
from tests.feedsite import serve_site
from tests.feedsite_bad import MANY_ITEMS
from tests.feedsite_stories import HANI, YNA

NOW = datetime(2024, 8, 19, 9, 0, tzinfo=timezone.utc)
FAST = {"allow_private": True, "timeout": 2.0, "deadline": 4.0, "now": NOW}


@pytest.fixture(scope="module")
def site():
    with serve_site() as running:
        yield running


@pytest.fixture(autouse=True)
def hang_guard():
    faulthandler.dump_traceback_later(60, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def fetch(site, path: str, state: FeedState | None = None, **kwargs):
    return fetch_feed(state or FeedState(url=site.url(path)), **{**FAST, **kwargs})


def headers_of_last(site, path: str) -> dict[str, str]:
    return [seen.headers for seen in site.seen if seen.path == path][-1]


# -------------------------------------------------------- download additions


def test_download_sends_extra_headers_and_returns_validators(site):
    raw = download(site.url("/rss/yna.xml"), allow_private=True, accept=FEED_ACCEPT,
                   headers={"X-Test": "1", "Host": "evil.example"})
    sent = headers_of_last(site, "/rss/yna.xml")
    assert sent["x-test"] == "1" and sent["host"] == f"127.0.0.1:{site.server_port}"
    assert "application/rss+xml" in sent["accept"]
    assert raw.status == 200 and raw.etag.startswith('"') and raw.last_modified.endswith("GMT")
    again = download(site.url("/rss/yna.xml"), allow_private=True, accept=FEED_ACCEPT,
                     headers={"If-None-Match": raw.etag})
    assert again.not_modified and again.body == b"" and again.etag == raw.etag


def test_download_still_refuses_feeds_as_pages_and_images_as_feeds(site):
    with pytest.raises(FetchError) as caught:
        download(site.url("/rss/yna.xml"), allow_private=True)  # the page default
    assert caught.value.kind == "not_html"
    with pytest.raises(FetchError) as caught:
        download(site.url("/image.png"), allow_private=True, accept=FEED_ACCEPT)
    assert caught.value.kind == "not_feed" and "image/png" in str(caught.value)


def test_a_304_without_a_conditional_request_is_an_error(site):
    site.extra_routes["/bad/304"] = lambda h: h.send_body(b"", "text/xml", 304)
    with pytest.raises(FetchError) as caught:
        download(site.url("/bad/304"), allow_private=True, accept=FEED_ACCEPT)
    assert caught.value.kind == "http_status"


# --------------------------------------------------------------- good feeds


def test_first_fetch_reads_items_and_keeps_validators(site):
    result = fetch(site, "/rss/yna.xml")
    assert result.status is FetchStatus.OK and result.ok
    assert [item.title for item in result.items] == [story.title for story in YNA]
    state = result.state
    assert state.title == "연합뉴스 - 경제" and state.site_url == "https://www.yna.co.kr/economy"
    assert state.etag and state.last_modified and state.consecutive_failures == 0
    assert state.last_polled_at == "2024-08-19T09:00:00+00:00" and state.next_poll_at == ""
    assert "if-none-match" not in headers_of_last(site, "/rss/yna.xml")


def test_second_fetch_is_conditional_and_304_gives_no_items(site):
    first = fetch(site, "/atom/hani.xml")
    second = fetch(site, "/atom/hani.xml", first.state)
    sent = headers_of_last(site, "/atom/hani.xml")
    assert sent["if-none-match"] == first.state.etag
    assert sent["if-modified-since"] == first.state.last_modified
    assert second.status is FetchStatus.NOT_MODIFIED and second.items == ()
    assert second.state.etag == first.state.etag and second.ok


def test_last_modified_alone_is_sent_back(site):
    first = fetch(site, "/rss/etnews.rdf")
    only_date = first.state.model_copy(update={"etag": ""})
    assert conditional_headers(only_date) == {"If-Modified-Since": first.state.last_modified}
    assert fetch(site, "/rss/etnews.rdf", only_date).status is FetchStatus.NOT_MODIFIED


def test_a_changed_feed_answers_200_again(site):
    first = fetch(site, "/rss/khan.xml")
    site.feeds["/rss/khan.xml"].stories.reverse()
    site.feeds["/rss/khan.xml"].touch()
    second = fetch(site, "/rss/khan.xml", first.state)
    assert second.status is FetchStatus.OK and second.state.etag != first.state.etag
    assert "똠얌꿍" in second.items[1].title  # EUC-KR with the charset in the header


def test_euc_kr_declared_only_in_the_xml_declaration(site):
    result = fetch(site, "/rss/khan-xmldecl.xml")
    assert result.ok and "똠얌꿍" in result.items[0].title and "햏자" in result.items[0].full_content


def test_a_redirected_feed_keeps_its_url_and_resolves_against_the_target(site):
    result = fetch(site, "/bad/redirect.xml")
    assert result.ok and result.final_url == site.url("/rss/yna.xml")
    assert result.state.url == site.url("/bad/redirect.xml")
    assert result.items[0].link == site.url(YNA[0].slug) + "?input=1195m"


def test_ten_thousand_items_respect_max_items(site):
    result = fetch(site, "/bad/many.xml", max_items=25)
    assert result.ok and len(result.items) == 25 and result.total_items == MANY_ITEMS


def test_relative_links_are_made_absolute(site):
    result = fetch(site, "/bad/relative.xml")
    assert [item.link for item in result.items] == [site.url(YNA[3].slug), site.url(YNA[4].slug)]
    assert [item.link for item in fetch(site, "/atom/hani.xml").items] == \
        [site.url(story.slug) for story in HANI]


# ---------------------------------------------------------------- bad feeds


@pytest.mark.parametrize("path, kind, words", [
    ("/bad/missing.xml", "http_status", "HTTP 404"),
    ("/bad/broken.xml", "http_status", "HTTP 500"),
    ("/bad/html-as-feed.xml", "not_feed", "HTML"),
    ("/bad/page.html", "not_feed", "HTML"),
    ("/bad/malformed.xml", "not_feed", "malformed feed XML"),
    ("/bad/notfeed.xml", "not_feed", "not an RSS or Atom feed"),
    ("/image.png", "not_feed", "image/png"),
    ("/bad/huge.xml", "too_large", "bytes"),
    ("/bad/huge-declared.xml", "too_large", "bytes"),
])
def test_bad_feeds_fail_with_a_clear_message_and_never_raise(site, path, kind, words):
    before = FeedState(url=site.url(path), etag='"old"', title="이전 제목", consecutive_failures=2)
    result = fetch(site, path, before)
    assert result.status is FetchStatus.ERROR and not result.ok and result.items == ()
    assert result.error_kind == kind and words in result.error
    assert result.state.last_error == result.error and "(" in result.error  # Korean (English)
    assert result.state.consecutive_failures == 3
    assert result.state.etag == '"old"' and result.state.title == "이전 제목"  # nothing lost


def test_a_server_that_never_answers_is_given_up_on_at_the_deadline(site):
    started = time.monotonic()
    result = fetch(site, "/bad/hang.xml", timeout=1.0, deadline=1.5)
    assert result.error_kind == "timeout" and "timed out" in result.error
    assert time.monotonic() - started < 3.0


def test_private_addresses_are_refused_unless_allowed(site):
    asked_before = len(site.seen)
    result = fetch(site, "/rss/yna.xml", allow_private=False)
    assert result.error_kind == "blocked_address" and "127.0.0.1" in result.error
    assert len(site.seen) == asked_before  # refused before connecting


def test_a_feed_switched_to_500_fails_then_recovers(site):
    spec = site.feeds["/rss/etnews.rdf"]
    ok = fetch(site, "/rss/etnews.rdf")
    spec.status = 500
    try:
        failed = fetch(site, "/rss/etnews.rdf", ok.state)
    finally:
        spec.status = 200
    assert failed.error_kind == "http_status" and failed.state.etag == ok.state.etag
    recovered = fetch(site, "/rss/etnews.rdf", failed.state, conditional=False)
    assert recovered.ok and recovered.state.consecutive_failures == 0
    assert recovered.state.last_error == "" and recovered.state.next_poll_at == ""


# ------------------------------------------------------------------ backoff


def test_backoff_grows_exponentially_and_is_capped(site):
    backoff = Backoff(base=timedelta(minutes=10), cap=timedelta(hours=2))
    state = FeedState(url=site.url("/bad/broken.xml"))
    delays = []
    for _ in range(7):
        state = fetch(site, "/bad/broken.xml", state, backoff=backoff).state
        delays.append(parse_time(state.next_poll_at) - NOW)
    assert [d // timedelta(minutes=1) for d in delays] == [10, 20, 40, 80, 120, 120, 120]
    assert state.consecutive_failures == 7
    assert not state.is_due(NOW) and state.is_due(NOW + timedelta(hours=2))
    assert Backoff().delay(10_000) == Backoff().cap and Backoff().delay(0) == timedelta(0)


def test_is_due_allows_a_little_slack_for_drifting_ticks():
    state = FeedState(url="http://a.kr/rss", next_poll_at="2024-08-19T09:15:00+00:00")
    assert not state.is_due(NOW + timedelta(minutes=13))
    assert state.is_due(NOW + timedelta(minutes=14, seconds=30))
    assert FeedState(url="http://a.kr/rss").is_due(NOW)


# --------------------------------------------------------------- feed add


def test_check_accepts_a_feed_without_keeping_validators(site):
    result = check_feed_url(" " + site.url("/rss/yna.xml") + " ", allow_private=True)
    assert result.ok and len(result.items) == 5 and result.state.title == "연합뉴스 - 경제"
    assert result.state.url == site.url("/rss/yna.xml")
    assert result.state.etag == "" and result.state.last_modified == ""  # first poll reads items


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("url, kind, words", [
    ("", "bad_scheme", "malformed URL"),
    ("not a url", "bad_scheme", "malformed URL"),
    ("ftp://example.kr/rss.xml", "bad_scheme", "unsupported scheme"),
    ("http:///rss.xml", "bad_scheme", "no host"),
    ("http://example.kr:99999/rss", "bad_scheme", "malformed URL"),
    ("http://no-such-host.invalid/rss.xml", "network", "DNS lookup failed"),
])
def test_check_refuses_malformed_and_unresolvable_urls(url, kind, words):
    result = check_feed_url(url, allow_private=True, timeout=2.0, deadline=4.0)
    assert result.status is FetchStatus.ERROR and result.error_kind == kind
    assert words in result.error


def test_check_refuses_unreachable_hosts():
    result = check_feed_url(f"http://127.0.0.1:{_closed_port()}/rss.xml", allow_private=True,
                            timeout=2.0, deadline=4.0)
    assert result.error_kind == "network" and "연결에 실패했습니다" in result.error


@pytest.mark.parametrize("path, words", [
    ("/bad/missing.xml", "HTTP 404"), ("/bad/broken.xml", "HTTP 500"),
    ("/bad/page.html", "HTML"), ("/bad/malformed.xml", "malformed"),
    ("/bad/notfeed.xml", "not an RSS or Atom feed"),
])
def test_check_refuses_what_is_not_a_feed(site, path, words):
    result = check_feed_url(site.url(path), allow_private=True, timeout=2.0, deadline=4.0)
    assert result.status is FetchStatus.ERROR and words in result.error


def test_check_refuses_private_addresses(site):
    result = check_feed_url(site.url("/rss/yna.xml"))
    assert result.error_kind == "blocked_address" and "내부망" in result.error
