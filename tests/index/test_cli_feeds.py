"""``python -m index feed …`` end to end: real subprocesses against a local news site with feeds.

The site (tests/feedsite.py) serves an RSS feed of 5 연합뉴스 stories and an Atom
feed of 3 한겨레 stories on 127.0.0.1, with their article pages (nav, ads and
copyright chrome) and the bad feeds under /bad/. ``ALLOW_PRIVATE_URLS=1`` lets
the CLI fetch loopback addresses. One corpus goes through every step in order.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus import stored_rows
from tests.feedsite import HANI, YNA, YNA_NEW, serve_site
from tests.feedsite_pages import CHROME

ROOT = Path(__file__).resolve().parents[2]
RSS, ATOM = "/rss/yna.xml", "/atom/hani.xml"


def run(corpus: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CORPUS_DIR", "ALLOW_PRIVATE_URLS")}
    env.update(PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""), PYTHONIOENCODING="utf-8",
               ALLOW_PRIVATE_URLS="1", FEED_HOST_DELAY="0")
    return subprocess.run([sys.executable, "-m", "index", "--corpus", str(corpus), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=180)


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


def feeds_listed(corpus: Path) -> dict[str, dict]:
    return {row["url"]: row for row in json.loads(ok(run(corpus, "feed", "list", "--json")).stdout)}


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("feeds") / "corpus"
    steps: dict = {}
    with serve_site() as site:
        steps["add_rss"] = run(corpus, "feed", "add", site.url(RSS))
        steps["add_atom"] = run(corpus, "feed", "add", site.url(ATOM))
        steps["add_malformed"] = run(corpus, "feed", "add", site.url("/bad/malformed.xml"))
        steps["add_404"] = run(corpus, "feed", "add", site.url("/bad/missing.xml"))
        steps["poll"] = run(corpus, "feed", "poll")
        steps["rows_after_poll"] = stored_rows(corpus)
        steps["ask"] = run(corpus, "ask", "--json", "-k", "3", "온열질환자는 누적 몇 명이야?")
        pages, seen = len(site.page_requests()), len(site.seen)
        steps["poll_again"] = run(corpus, "feed", "poll")
        steps["second_poll_requests"] = site.seen[seen:]
        steps["second_poll_pages"] = site.page_requests()[pages:]
        steps["rows_after_again"] = stored_rows(corpus)
        site.add_story(RSS, YNA_NEW)
        steps["poll_new"] = run(corpus, "feed", "poll")
        steps["poll_new_again"] = run(corpus, "feed", "poll")
        steps["rows_after_new"] = stored_rows(corpus)
        site.feeds[ATOM].status = 500
        steps["poll_failing"] = run(corpus, "feed", "poll")
        steps["listed"] = feeds_listed(corpus)
        steps["rss_polled"] = [r for r in site.seen if r.path.startswith(RSS)]
        steps["remove"] = run(corpus, "feed", "remove", site.url(ATOM))
        steps["listed_after_remove"] = feeds_listed(corpus)
        steps["urls"] = {"rss": site.url(RSS), "atom": site.url(ATOM)}
    return corpus, steps


def test_feeds_are_added_and_bad_ones_refused(journey):
    _, steps = journey
    ok(steps["add_rss"])
    ok(steps["add_atom"])
    for name in ("add_malformed", "add_404"):
        proc = steps[name]
        assert proc.returncode == 1 and "feed add:" in proc.stderr and "Traceback" not in proc.stderr, proc
    assert "404" in steps["add_404"].stderr


def test_poll_stores_all_eight_articles_with_outlet_date_and_link_and_no_chrome(journey):
    _, steps = journey
    ok(steps["poll"])
    rows = list(steps["rows_after_poll"].values())
    assert len(rows) == 8, steps["poll"].stdout
    titles = {row["title"] for row in rows}
    assert titles == {story.title for story in (*YNA, *HANI)}
    for row in rows:
        assert row["source"] in ("연합뉴스", "한겨레") and row["published"][:4] == "2024" and row["url"].startswith("http")
        leaks = [c for c in CHROME if c in row["text"]]
        assert not leaks, (row["title"], leaks)
        assert "ⓒ" not in row["text"] and "무단" not in row["text"]
    assert "8 articles added" in steps["poll"].stdout


def test_a_question_about_a_feed_article_is_answered_with_its_link(journey):
    _, steps = journey
    answer = json.loads(ok(steps["ask"]).stdout)
    first = answer["hits"][0]
    assert "1천546명" in first["passage"] and first["source"] == "연합뉴스"
    assert first["url"].startswith("http") and "/yna/view/AKR20240803027100530" in first["url"]


def test_a_second_poll_is_conditional_fetches_no_page_and_changes_nothing(journey):
    _, steps = journey
    ok(steps["poll_again"])
    feed_requests = steps["second_poll_requests"]
    assert len(feed_requests) == 2
    for request in feed_requests:
        assert request.headers.get("if-none-match") and request.headers.get("if-modified-since"), request
    assert steps["second_poll_pages"] == []
    assert steps["rows_after_again"] == steps["rows_after_poll"]
    assert "not modified" in steps["poll_again"].stdout


def test_a_new_item_is_added_exactly_once(journey):
    _, steps = journey
    ok(steps["poll_new"])
    ok(steps["poll_new_again"])
    new = [row for row in steps["rows_after_new"].values() if row["title"] == YNA_NEW.title]
    assert len(new) == 1 and len(steps["rows_after_new"]) == 9
    assert "1 added" in steps["poll_new"].stdout and "0 articles added" in steps["poll_new_again"].stdout


def test_a_failing_feed_is_reported_and_the_other_still_polled(journey):
    _, steps = journey
    proc = ok(steps["poll_failing"])  # exit 0 although one feed failed
    urls = steps["urls"]
    failing = steps["listed"][urls["atom"]]
    assert failing["last_error"] and "500" in failing["last_error"] and failing["consecutive_failures"] == 1
    assert steps["listed"][urls["rss"]]["last_error"] == ""
    assert steps["listed"][urls["rss"]]["articles_added"] == 6
    assert len(steps["rss_polled"]) == 1 + 5  # feed add, then every one of the 5 passes, the failing one included
    assert "failed" in proc.stdout and "1 feeds failed" in proc.stdout


def test_feed_remove(journey):
    _, steps = journey
    ok(steps["remove"])
    assert list(steps["listed_after_remove"]) == [steps["urls"]["rss"]]
