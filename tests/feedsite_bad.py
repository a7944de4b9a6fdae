"""The misbehaving endpoints of tests/feedsite.py: every "bad input" of a feed, under /bad/.

``BAD`` maps a path to a function answering through a :class:`RouteHandler`:

    /bad/html-as-feed.xml   a news page (HTML) served as application/rss+xml
    /bad/page.html          a news page served as text/html (a page URL added as a feed)
    /bad/malformed.xml      broken XML that no parser gets an item out of
    /bad/notfeed.xml        well-formed XML that is not a feed
    /bad/missing.xml, /bad/broken.xml   404 and 500
    /bad/hang.xml           accepts the connection, never answers
    /bad/huge.xml           an endless RSS body with no Content-Length (past 5 MB)
    /bad/huge-declared.xml  Content-Length of 50 MB
    /bad/many.xml           10,000 items
    /bad/nolink.xml         items without a link (one with its full text, one without, one good)
    /bad/dupguid.xml        three items, two of them with the same guid
    /bad/relative.xml       relative links ("/yna/view/…", "../yna/view/…")
    /bad/redirect.xml       301 to /rss/yna.xml
    /bad/image-item.xml     an item whose link is a PNG, then a good one
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from tests.feedsite_pages import content_html, yna_page
from tests.feedsite_stories import KHAN, YNA
from tests.httpserver import RouteHandler

RSS_HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
            "<title>{title}</title>\n<link>https://news.example.kr/</link>\n"
            "<description>테스트 피드</description>\n")
RSS_TAIL = "</channel>\n</rss>\n"
GOOD = YNA[0]
GOOD_ITEM = (f"<item><title>{GOOD.title}</title><link>{{base}}{GOOD.slug}</link>"
             f"<guid>{{base}}{GOOD.slug}</guid><description>{GOOD.summary}</description>"
             "<pubDate>Thu, 01 Aug 2024 09:12:00 +0900</pubDate></item>\n")
MALFORMED = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
             "<title>깨진 피드</title></channel>\n<<<item>>> & 제목 없음 </rss")
NOT_FEED = ('<?xml version="1.0" encoding="utf-8"?>\n<config><server>news</server>'
            "<port>8080</port></config>\n")
MANY_ITEMS = 10_000


def _rss(title: str, items: str) -> str:
    return RSS_HEAD.format(title=title) + items + RSS_TAIL


def _send_rss(handler: RouteHandler, text: str) -> None:
    body = text.replace("{base}", handler.server.base).encode("utf-8")
    handler.send_body(body, "application/rss+xml; charset=utf-8")


def _nolink() -> str:
    full = KHAN[0]
    return _rss("링크 없는 피드", (
        f"<item><title>{full.title}</title><guid isPermaLink=\"false\">khan-202408091530001</guid>"
        f"<description>{full.summary}</description>"
        f"<content:encoded><![CDATA[{content_html(full)}]]></content:encoded>"
        "<pubDate>Fri, 09 Aug 2024 15:30:00 +0900</pubDate></item>\n"
        "<item><title>[알림] 홈페이지 점검 안내</title><description>8월 20일 새벽 2시부터 4시까지 "
        "점검합니다.</description></item>\n" + GOOD_ITEM))


def _dupguid() -> str:
    first, second = YNA[1], YNA[2]
    return _rss("중복 guid 피드", (
        f"<item><title>{first.title}</title><link>{{base}}{first.slug}</link>"
        "<guid isPermaLink=\"false\">yna-dup-0001</guid></item>\n"
        f"<item><title>{second.title}</title><link>{{base}}{second.slug}</link>"
        "<guid isPermaLink=\"false\">yna-0002</guid></item>\n"
        f"<item><title>{first.title} (수정)</title><link>{{base}}{first.slug}?v=2</link>"
        "<guid isPermaLink=\"false\">yna-dup-0001</guid></item>\n"))


def _relative() -> str:
    first, second = YNA[3], YNA[4]
    return _rss("상대 주소 피드", (
        f"<item><title>{first.title}</title><link>{first.slug}</link></item>\n"
        f"<item><title>{second.title}</title><link>..{second.slug}</link></item>\n"))


def _image_item() -> str:
    return _rss("사진 피드", "<item><title>[포토] 한강 야경</title><link>{base}/image.png</link>"
                "<guid>{base}/image.png</guid></item>\n" + GOOD_ITEM)


@lru_cache(maxsize=1)
def many_items() -> bytes:
    items = "".join(
        f"<item><title>속보 {n}번째 기사</title><link>https://news.example.kr/view/{n}</link>"
        f"<guid>https://news.example.kr/view/{n}</guid><description>요약 {n}</description>"
        "<pubDate>Mon, 19 Aug 2024 09:00:00 +0900</pubDate></item>\n" for n in range(MANY_ITEMS))
    return _rss("만 개짜리 피드", items).encode("utf-8")


def _stream_huge(handler: RouteHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml; charset=utf-8")
    handler.end_headers()
    item = ("<item><title>반복 기사</title><link>https://news.example.kr/x</link>"
            "<description>" + "가" * 4000 + "</description></item>\n").encode("utf-8")
    try:
        handler.wfile.write(RSS_HEAD.format(title="끝없는 피드").encode("utf-8"))
        while not handler.server.stopping.is_set():
            handler.wfile.write(item * 50)
    except OSError:  # the client gave up: that is the point
        pass


BAD: dict[str, Callable[[RouteHandler], object]] = {
    "/bad/html-as-feed.xml": lambda h: h.send_body(yna_page(GOOD).encode("utf-8"),
                                                   "application/rss+xml; charset=utf-8"),
    "/bad/page.html": lambda h: h.send_body(yna_page(GOOD).encode("utf-8"),
                                            "text/html; charset=utf-8"),
    "/bad/malformed.xml": lambda h: h.send_body(MALFORMED.encode("utf-8"), "application/xml"),
    "/bad/notfeed.xml": lambda h: h.send_body(NOT_FEED.encode("utf-8"), "application/xml"),
    "/bad/missing.xml": lambda h: h.send_body(b"<h1>Not Found</h1>", "text/html", 404),
    "/bad/broken.xml": lambda h: h.send_body(b"<h1>Internal Server Error</h1>", "text/html", 500),
    "/bad/hang.xml": lambda h: h.server.stopping.wait(30),
    "/bad/huge.xml": _stream_huge,
    "/bad/huge-declared.xml": lambda h: h.huge_declared("application/rss+xml", b"<?xml"),
    "/bad/many.xml": lambda h: h.send_body(many_items(), "application/rss+xml; charset=utf-8"),
    "/bad/nolink.xml": lambda h: _send_rss(h, _nolink()),
    "/bad/dupguid.xml": lambda h: _send_rss(h, _dupguid()),
    "/bad/relative.xml": lambda h: _send_rss(h, _relative()),
    "/bad/redirect.xml": lambda h: h.redirect("/rss/yna.xml", 301),
    "/bad/image-item.xml": lambda h: _send_rss(h, _image_item()),
}
