"""A local news site with feeds on 127.0.0.1, for the feed tests and the CLI's end-to-end check.

``FeedSite`` serves, from mutable :class:`FeedSpec` objects (a test may add a
story or switch a feed to an HTTP error between two polls)::

    /rss/yna.xml           RSS 2.0, UTF-8, the 5 연합뉴스 stories (summaries; pages fetched)
    /atom/hani.xml         Atom, the 3 한겨레 stories (relative links; 2 with full <content>)
    /rss/etnews.rdf        RSS 1.0 (RDF), 2 stories with dc:date
    /rss/khan.xml          RSS 2.0 in EUC-KR (cp949 characters), charset in the header
    /rss/khan-xmldecl.xml  the same, charset only in the XML declaration
    /yna/view/…, /arti/…   the article pages, with nav, ads, lists and copyright chrome

Feeds answer conditional requests (ETag / Last-Modified -> 304).  The bad inputs
live under /bad/ (tests/feedsite_bad.py).  Use it as::

    with serve_site() as site:
        site.url("/rss/yna.xml"); site.add_story("/rss/yna.xml", YNA_NEW)
        site.feeds["/atom/hani.xml"].status = 500
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape

from tests.feedsite_bad import BAD
from tests.feedsite_pages import content_html, hani_page, yna_page
from tests.feedsite_stories import ETNEWS, HANI, HANI_FULL_TEXT, KHAN, YNA, YNA_NEW, Story
from tests.httpserver import PNG, LocalServer, RouteHandler, serving

__all__ = ["FeedSite", "FeedSpec", "serve_site", "YNA", "YNA_NEW", "HANI", "ETNEWS", "KHAN"]
FIRST_MODIFIED = datetime(2024, 8, 19, 6, 0, tzinfo=timezone.utc)
YNA_QUERY = "?input=1195m"  # what 연합뉴스 appends to its feed links (the canonical has none)


@dataclass
class FeedSpec:
    """One feed as the site serves it now; change it and the next request sees the change."""

    kind: str  # "rss" | "atom" | "rdf"
    title: str
    site_link: str
    stories: list[Story]
    full_text: set[str] = field(default_factory=set)  # slugs whose item carries the whole text
    encoding: str = "utf-8"  # "cp949" for an EUC-KR feed
    charset_in_header: bool = True
    status: int = 200  # set to 500 (or 404 ...) to make the feed fail
    modified: datetime = FIRST_MODIFIED

    def touch(self) -> None:
        self.modified += timedelta(minutes=5)


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def _declaration(spec: FeedSpec) -> str:
    return f'<?xml version="1.0" encoding="{"euc-kr" if spec.encoding == "cp949" else "utf-8"}"?>\n'


def render_rss(spec: FeedSpec, base: str) -> str:
    items = []
    for story in spec.stories:
        link = f"{base}{story.slug}{YNA_QUERY if story in YNA or story is YNA_NEW else ''}"
        content = (f"<content:encoded>{_cdata(content_html(story))}</content:encoded>"
                   if story.slug in spec.full_text else "")
        items.append(f"""<item>
<title>{_cdata(story.title)}</title>
<link>{escape(link)}</link>
<guid isPermaLink="true">{escape(link)}</guid>
<description>{_cdata(story.summary)}</description>
<pubDate>{_rfc822(story.published)}</pubDate>
<dc:creator>{escape(story.author)}</dc:creator>{content}
</item>""")
    return (_declaration(spec) + '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/'
            'modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
            f"<title>{escape(spec.title)}</title>\n<link>{escape(spec.site_link)}</link>\n"
            f"<description>{escape(spec.title)} 최신 기사</description>\n<language>ko</language>\n"
            f"<lastBuildDate>{format_datetime(spec.modified)}</lastBuildDate>\n"
            + "\n".join(items) + "\n</channel>\n</rss>\n")


def render_atom(spec: FeedSpec, base: str) -> str:
    entries = []
    for story in spec.stories:
        number = story.slug.rsplit("/", 1)[-1].split(".")[0]
        content = (f'<content type="html">{escape(content_html(story))}</content>'
                   if story.slug in spec.full_text else "")
        entries.append(f"""<entry>
<title>{escape(story.title)}</title>
<link rel="alternate" type="text/html" href="{escape(story.slug)}"/>
<id>tag:hani.co.kr,2024:{number}</id>
<published>{story.published}</published>
<updated>{story.published}</updated>
<author><name>{escape(story.author)}</name></author>
<summary>{escape(story.summary)}</summary>{content}
</entry>""")
    return (_declaration(spec) + '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko">\n'
            f"<title>{escape(spec.title)}</title>\n"
            f'<link rel="alternate" href="{escape(spec.site_link)}"/>\n'
            f"<id>tag:hani.co.kr,2024:feed</id>\n<updated>{spec.modified.isoformat()}</updated>\n"
            + "\n".join(entries) + "\n</feed>\n")


def render_rdf(spec: FeedSpec, base: str) -> str:
    links = [f"{base}{story.slug}" for story in spec.stories]
    seq = "".join(f'<rdf:li rdf:resource="{escape(link)}"/>' for link in links)
    items = "\n".join(f"""<item rdf:about="{escape(link)}">
<title>{escape(story.title)}</title>
<link>{escape(link)}</link>
<description>{escape(story.summary)}</description>
<dc:date>{story.published}</dc:date>
<dc:creator>{escape(story.author)}</dc:creator>
</item>""" for link, story in zip(links, spec.stories))
    return (_declaration(spec) + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-'
            'ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
            f'<channel rdf:about="{base}/rss/etnews.rdf">\n<title>{escape(spec.title)}</title>\n'
            f"<link>{escape(spec.site_link)}</link>\n<description>IT 뉴스</description>\n"
            f"<items><rdf:Seq>{seq}</rdf:Seq></items>\n</channel>\n{items}\n</rdf:RDF>\n")


RENDERERS = {"rss": render_rss, "atom": render_atom, "rdf": render_rdf}
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml",
               "rdf": "application/rdf+xml"}


def default_feeds() -> dict[str, FeedSpec]:
    khan = dict(kind="rss", title="경향신문 - 전체뉴스", site_link="https://www.khan.co.kr/",
                full_text={s.slug for s in KHAN}, encoding="cp949")
    return {
        "/rss/yna.xml": FeedSpec("rss", "연합뉴스 - 경제", "https://www.yna.co.kr/economy", list(YNA)),
        "/atom/hani.xml": FeedSpec("atom", "한겨레 : 전체기사", "https://www.hani.co.kr/", list(HANI),
                                   {s.slug for s in HANI[:HANI_FULL_TEXT]}),
        "/rss/etnews.rdf": FeedSpec("rdf", "전자신문 - 전체기사", "https://www.etnews.com/",
                                    list(ETNEWS)),
        "/rss/khan.xml": FeedSpec(stories=list(KHAN), **khan),
        "/rss/khan-xmldecl.xml": FeedSpec(stories=list(KHAN), charset_in_header=False, **khan),
    }


def default_pages() -> dict[str, str]:
    pages = {story.slug: yna_page(story) for story in (*YNA, YNA_NEW)}
    pages.update({story.slug: hani_page(story) for story in HANI})
    return pages


class SiteHandler(RouteHandler):
    server: "FeedSite"
    ignore_query = True  # /yna/view/X?input=1195m is the page /yna/view/X

    def route_for(self, path: str) -> Callable[[], object] | None:
        plain = path.split("?")[0]
        if plain in self.server.feeds:
            return lambda: self.send_feed(self.server.feeds[plain])
        if plain in self.server.pages:
            return lambda: self.send_page(self.server.pages[plain])
        if plain in self.server.extra_routes:
            return lambda: self.server.extra_routes[plain](self)
        if plain == "/image.png":
            return lambda: self.send_body(PNG, "image/png")
        return None

    def send_page(self, html: str) -> None:
        time.sleep(self.server.page_delay)  # a slow site, when a test asks for one
        self.send_body(html.encode("utf-8"), "text/html; charset=utf-8")

    def send_feed(self, spec: FeedSpec) -> None:
        if spec.status != 200:
            return self.send_body(f"<h1>Error {spec.status}</h1>".encode(), "text/html",
                                  spec.status)
        body = RENDERERS[spec.kind](spec, self.server.base).encode(spec.encoding)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        last_modified = format_datetime(spec.modified, usegmt=True)
        validators = {"ETag": etag, "Last-Modified": last_modified}
        if_none_match = self.headers.get("If-None-Match")
        if (if_none_match == etag if if_none_match is not None
                else self.headers.get("If-Modified-Since") == last_modified):
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return None
        charset = "; charset=EUC-KR" if spec.encoding == "cp949" else "; charset=utf-8"
        media_type = MEDIA_TYPES[spec.kind] + (charset if spec.charset_in_header else "")
        if not spec.charset_in_header:
            media_type = "text/xml"  # and no charset: only the XML declaration says EUC-KR
        return self.send_body(body, media_type, extra=validators)


class FeedSite(LocalServer):
    """The site: ``feeds`` and ``pages`` by path, mutable; ``extra_routes`` for odd endpoints."""

    def __init__(self) -> None:
        super().__init__(SiteHandler)
        self.feeds: dict[str, FeedSpec] = default_feeds()
        self.pages: dict[str, str] = default_pages()
        self.extra_routes: dict[str, Callable[[RouteHandler], object]] = dict(BAD)
        self.page_delay = 0.0  # seconds each article page takes to answer

    def url(self, path: str) -> str:
        return self.base + path

    def add_story(self, feed_path: str, story: Story, *, first: bool = True) -> None:
        """Publish ``story`` in a feed (at the top, as news feeds do) and serve its page."""
        spec = self.feeds[feed_path]
        spec.stories.insert(0 if first else len(spec.stories), story)
        spec.touch()
        self.pages.setdefault(story.slug, yna_page(story) if spec.kind == "rss" else hani_page(story))

    def paths_requested(self) -> list[str]:
        return [seen.path for seen in self.seen]

    def page_requests(self) -> list[str]:
        """Requests for anything but a feed (article pages, images ...), in order."""
        return [path for path in self.paths_requested()
                if path.split("?")[0] not in self.feeds and not path.startswith("/bad/")]


@contextmanager
def serve_site() -> Iterator[FeedSite]:
    """A fresh :class:`FeedSite` (with the /bad/ endpoints) for the ``with`` block."""
    with serving(FeedSite()) as running:
        yield running


def main() -> None:
    """``python -m tests.feedsite``: serve the site until Ctrl-C (for trying the CLI by hand)."""
    with serve_site() as site:
        print("\n".join(site.url(path) for path in site.feeds), flush=True)
        try:
            site.stopping.wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
