"""Feed bytes in, a :class:`FeedChannel` and :class:`FeedItem` values out (RSS 2.0, RSS 1.0, Atom).

Decoding is ours, not feedparser's: feedparser reads an ``encoding="euc-kr"``
declaration with Python's strict EUC-KR codec, fails on the many characters
only cp949 has, and falls back to windows-1252 (mojibake).  So the body is
decoded like a page (header charset, else the XML declaration, else BOM /
UTF-8 / detection; EUC-KR read as cp949), re-encoded as UTF-8 with its
declaration rewritten, and only then parsed.

A feed of thousands of items is cut after the ``max_items``-th ``</item>`` /
``</entry>`` before parsing, so parsing time follows the cap, not the feed.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import lxml.html
from lxml import etree

from index.ingest.extract import decode_body, iso_date, normalize_charset, strip_boilerplate
from index.ingest.feeds_models import FeedChannel, FeedItem
from index.ingest.fetch import FetchError

FULL_TEXT_MIN_CHARS = 120  # non-space characters of a whole article carried by the feed
FULL_TEXT_MIN_SENTENCES = 3
FULL_TEXT_OVER_SUMMARY = 2.0  # ... and at least this many times longer than the summary
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]+)[\"']")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ROOT = re.compile(r"<([A-Za-z][\w:.\-]*)")
_PROLOG = re.compile(r"\s*(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S | re.I)
_ITEM_END = re.compile(rb"</(?:[\w.\-]+:)?(?:item|entry)\s*>", re.I)
_SENTENCE_END = re.compile(r"[.!?。](?=[\s\"'”’)\]]|$)")
_TEASER_END = re.compile(r"(…|\.\.\.|더\s*보기|전문\s*보기|계속\s*읽기|read more)\W*$", re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
_OUTLET_SEPARATORS = re.compile(r"\s+(?:-|:|::|\||–|—|>)\s+")
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
           "article", "pre", "dd", "dt")
_DROPPED = ("script", "style", "img", "figure", "figcaption", "iframe", "video", "audio",
            "noscript", "object", "embed", "form", "button")


class ParsedFeed(NamedTuple):
    channel: FeedChannel
    items: tuple[FeedItem, ...]  # unique keys, feed order, at most max_items
    total_items: int  # items in the whole body (before the cap)


# ------------------------------------------------------------------ bytes


def xml_declared_encoding(body: bytes) -> str:
    """The ``encoding`` of the XML declaration ("" when absent)."""
    start = body[3:] if body.startswith(b"\xef\xbb\xbf") else body
    match = _XML_ENCODING.match(start[:200])
    return match.group(1).decode("ascii") if match else ""


def decode_feed(body: bytes, header_charset: str = "") -> str:
    """The feed as text: header charset, else XML declaration, else BOM / UTF-8 / detection."""
    declared = header_charset if header_charset and normalize_charset(header_charset) else ""
    return decode_body(body, declared or xml_declared_encoding(body))


def _as_utf8_xml(text: str) -> bytes:
    text = text.lstrip("\ufeff")
    return _XML_DECL.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1).encode("utf-8")


def _root_name(text: str) -> str:
    """Local name, lower case, of the document's first element ("" if none)."""
    position = 0
    while match := _PROLOG.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    root = _ROOT.match(text, position) or _ROOT.search(text[position:position + 2000])
    return root.group(1).split(":")[-1].lower() if root else ""


def _cut_items(data: bytes, max_items: int) -> tuple[bytes, int]:
    """``data`` cut after its ``max_items``-th item, and how many items it holds in all."""
    ends = [match.end() for match in _ITEM_END.finditer(data)]
    if len(ends) <= max_items:
        return data, len(ends)
    return (data[:ends[max_items - 1]] if max_items > 0 else data[:0]), len(ends)


# ------------------------------------------------------------------- text


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph a block, paragraphs split by blank lines.

    Images, figures with their captions and small copyright / ad blocks are dropped
    (``extract.strip_boilerplate``); the text itself is not cleaned further.
    """
    if "<" not in html:
        return "\n\n".join(" ".join(line.split()) for line in html.splitlines() if line.strip())
    try:
        tree = lxml.html.document_fromstring(f"<html><body><div>{html}</div></body></html>")
    except (etree.ParserError, ValueError):
        return ""
    for node in tree.xpath("|".join(f"//{tag}" for tag in _DROPPED)):
        node.drop_tree()
    strip_boilerplate(tree)
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == "br":
            node.tail = "\n" + (node.tail or "")
        elif node.tag in _BLOCKS:
            node.text = "\n" + (node.text or "")
            node.tail = "\n" + (node.tail or "")
    text = tree.text_content()
    return "\n\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _one_line(html: str) -> str:
    return " ".join(html_to_text(html).split())


def _chars(text: str) -> int:
    return len("".join(text.split()))


def is_whole_article(content: str, summary: str) -> bool:
    """Is the feed's full content the whole article (so its page need not be fetched)?

    The rule: at least ``FULL_TEXT_MIN_CHARS`` non-space characters, at least
    ``FULL_TEXT_MIN_SENTENCES`` sentence ends, ``FULL_TEXT_OVER_SUMMARY`` times the
    summary's length (a teaser repeated in <content> is not the article), and no
    teaser ending ("…", "...", "더보기", "Read more").
    """
    size = _chars(content)
    return (size >= FULL_TEXT_MIN_CHARS and not _TEASER_END.search(content)
            and len(_SENTENCE_END.findall(content)) >= FULL_TEXT_MIN_SENTENCES
            and size >= FULL_TEXT_OVER_SUMMARY * _chars(summary))


def outlet_name(channel_title: str) -> str:
    """The outlet a channel title names: "연합뉴스 - 경제" -> "연합뉴스", "한겨레 : 전체기사" -> "한겨레"."""
    title = " ".join(channel_title.split())
    head = _OUTLET_SEPARATORS.split(title, maxsplit=1)[0].strip()
    return head or title


# ---------------------------------------------------------------- identity


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host += f":{port}"
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
             if not name.lower().startswith(_TRACKING)]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def _http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def item_key(guid: str, link: str, feed_url: str, content: str) -> str:
    """An item's identity: its guid, else its link, else a hash of what it says.

    A guid that is an http(s) URL is normalised like a link; one with another
    scheme ("tag:", "urn:") is taken as globally unique; a bare guid ("12345") is
    only unique within its feed, so it is prefixed with the feed's URL.
    """
    guid = guid.strip()
    if guid:
        if _http(guid):
            return normalize_url(guid)
        return guid if _SCHEME.match(guid) else f"{normalize_url(feed_url)}#guid={guid}"
    if link:
        return normalize_url(link)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:24]
    return f"{normalize_url(feed_url)}#sha256={digest}"


# ------------------------------------------------------------------- dates


def feed_date(raw: str, parsed: Any = None) -> str:
    """YYYY-MM-DD of a feed date, in the time zone it was written in (a Korean
    09:00 +0900 stays that day, not the day before in UTC)."""
    raw = (raw or "").strip()
    if raw:
        for parse in (parsedate_to_datetime, datetime.fromisoformat):
            try:
                return parse(raw).date().isoformat()
            except (TypeError, ValueError, IndexError, OverflowError):
                continue
        if found := iso_date(raw):
            return found
    if parsed:
        return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return ""


def _entry_date(entry: Any) -> str:
    for name in ("published", "updated", "created"):
        if found := feed_date(entry.get(name, ""), entry.get(f"{name}_parsed")):
            return found
    return ""


# ------------------------------------------------------------------ entries


def _entry_link(entry: Any, base_url: str) -> str:
    candidates = [entry.get("link", "")]
    candidates += [link.get("href", "") for link in entry.get("links", [])
                   if link.get("rel", "alternate") == "alternate"]
    guid = entry.get("id", "")
    if entry.get("guidislink") or _http(guid):
        candidates.append(guid)
    for candidate in candidates:
        url = urljoin(base_url, candidate.strip()) if candidate and candidate.strip() else ""
        if _http(url):
            return url
    return ""


def _entry_content(entry: Any) -> str:
    bodies = [part.get("value", "") for part in entry.get("content", [])]
    return max((html_to_text(body) for body in bodies), key=len, default="")


def _own_summary(summary: str, content: str) -> str:
    """The summary, unless it is the content itself (feedparser copies <content> into
    ``summary`` when an entry has none)."""
    return "" if summary == content else summary


def _usable(entry: Any) -> bool:
    return any(entry.get(name) for name in ("title", "link", "id", "summary", "content"))


def _item(entry: Any, base_url: str, feed_url: str, feed_title: str) -> FeedItem:
    link = _entry_link(entry, base_url)
    title = _one_line(entry.get("title", ""))
    summary = html_to_text(entry.get("summary", ""))
    content = _entry_content(entry)
    guid = (entry.get("id") or "").strip()
    return FeedItem(
        key=item_key(guid, link, feed_url, f"{title}\n{summary}\n{content}"),
        link=link, title=title, published=_entry_date(entry), summary=summary,
        full_content=content if is_whole_article(content, _own_summary(summary, content)) else "",
        feed_title=feed_title, author=_one_line(entry.get("author", "")), guid=guid)


def _not_feed(parsed: Any) -> FetchError:
    if parsed.get("bozo"):
        reason = " ".join(str(parsed.get("bozo_exception", "")).split())[:120]
        return FetchError(f"피드 XML이 깨져 있습니다 (malformed feed XML: {reason})", "not_feed")
    return FetchError("RSS/Atom 피드가 아닙니다 (not an RSS or Atom feed)", "not_feed")


def parse_feed(body: bytes, *, feed_url: str, base_url: str = "", charset: str = "",
               max_items: int = 200) -> ParsedFeed:
    """Parse a feed body; raise ``FetchError`` (kind ``not_feed``) for HTML, broken XML, non-feeds.

    ``feed_url`` scopes bare guids; ``base_url`` (the URL after redirects) resolves
    relative links.  Duplicate keys keep their first item.
    """
    base_url = base_url or feed_url
    text = decode_feed(body, charset)
    root = _root_name(text)
    if root == "html" or (not root and "<html" in text[:2000].lower()):
        raise FetchError("피드가 아니라 웹 페이지(HTML)입니다 (an HTML page, not an RSS/Atom feed)",
                         "not_feed")
    data, total = _cut_items(_as_utf8_xml(text), max_items)
    parsed = feedparser.parse(data, response_headers={"content-location": base_url,
                                                      "content-type": "application/xml; "
                                                                      "charset=utf-8"},
                              sanitize_html=False, resolve_relative_uris=False)
    entries = [entry for entry in parsed.entries if _usable(entry)]
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        raise _not_feed(parsed)
    feed = parsed.get("feed", {})
    title = _one_line(feed.get("title", ""))
    site = urljoin(base_url, feed.get("link", "")) if feed.get("link") else ""
    channel = FeedChannel(title, site if _http(site) else "", outlet_name(title),
                          parsed.get("version", ""))
    items: dict[str, FeedItem] = {}
    for entry in entries[:max_items]:
        item = _item(entry, base_url, feed_url, title)
        items.setdefault(item.key, item)
    return ParsedFeed(channel, tuple(items.values()), max(total, len(entries)))
