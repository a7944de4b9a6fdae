"""Turn a downloaded body into a :class:`FetchedPage`; ``fetch_article`` downloads and extracts.

Decoding (header charset, then ``<meta>`` charset, then detection; EUC-KR read
as its superset cp949), metadata from the page's own ``<meta>`` / JSON-LD /
``<time>`` tags, and the article text from trafilatura run in precision mode on
a copy of the page stripped of navigation, ads, related / most-read lists,
figures with their captions and copyright footers.
"""
from __future__ import annotations

import codecs
import json
import re
from datetime import date
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

import lxml.html
from charset_normalizer import from_bytes
from lxml import etree

from index.ingest.fetch import FetchError, RawResponse, download

MIN_TEXT_CHARS = 50
_KOREAN_ALIASES = {"euc-kr", "euc_kr", "euckr", "ks_c_5601-1987", "ks_c_5601", "ksc5601",
                   "ksc_5601", "korean", "windows-949", "x-windows-949", "cp949", "uhc",
                   "ms949"}
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_TITLE_SUFFIX = re.compile(r"\s+(?:-|\||::|–|—)\s+[^-|:–—]{1,40}$")
_DATE = re.compile(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})|(\d{4})(\d{2})(\d{2})")

# Removed outright: never article text.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "form", "button", "select", "input", "textarea", "label")
# Removed unless they hold most of the page's text (a page wrapped in <header>).
_BOILER_TAGS = ("nav", "aside", "footer", "header", "figure", "figcaption", "menu", "dialog")
# class / id words of boilerplate blocks (matched against words split on -, _, space)
_BOILER_WORDS = {
    "ad", "ads", "adsbygoogle", "advert", "advertisement", "banner", "sponsor", "sponsored",
    "promotion", "related", "relation", "recommend", "popular", "ranking", "rank", "most",
    "hot", "best", "copyright", "caption", "photo", "share", "sns", "social",
    "comment", "comments", "reply", "gnb", "lnb", "snb", "nav", "menu", "breadcrumb",
    "subscribe", "newsletter", "tag", "tags", "keyword", "keywords", "footer", "header",
    "sidebar", "aside", "byline", "reporter", "journalist", "writer", "popup", "modal",
    "widget", "toolbar", "util", "fontsize", "cookie", "img", "image", "imgbox", "pic",
    "picture", "thumb", "thumbnail",
}
# a copyright notice needs both a mark and a prohibition, so that an article *about*
# "무단 전재" keeps its sentences
_COPYRIGHT = re.compile(r"(ⓒ|©|\(c\)|copyright|저작권자).{0,120}?(무단|금지|reserved|all rights)",
                        re.I | re.S)


# ------------------------------------------------------------------ decoding


class FetchedPage(NamedTuple):
    requested_url: str
    final_url: str  # after redirects
    canonical_url: str  # <link rel=canonical> / og:url, else final_url
    title: str
    text: str  # paragraphs separated by blank lines, as extracted (the engine cleans it)
    source: str  # og:site_name, else a readable domain ("mt.co.kr")
    published: str  # YYYY-MM-DD or ""
    author: str  # or ""


def normalize_charset(name: str) -> str | None:
    """A Python codec name for ``name``, EUC-KR family as cp949; None if unknown."""
    name = name.strip().strip("'\"").lower()
    if name in _KOREAN_ALIASES:
        return "cp949"
    if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        return "cp1252"  # what browsers do (WHATWG encoding standard)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "cp949" if codec == "euc_kr" else codec


def sniff_meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return normalize_charset(match.group(1).decode("ascii", "ignore")) if match else None


def decode_body(body: bytes, header_charset: str = "") -> str:
    """Header charset, else BOM, else ``<meta>`` charset, else detection."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace")
    for candidate in (normalize_charset(header_charset) if header_charset else None,
                      sniff_meta_charset(body)):
        if candidate:
            text = body.decode(candidate, "replace")
            if text.count("\ufffd") <= max(10, len(text) // 1000):
                return text  # a few broken bytes are common; more means the declaration lies
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass

    best = from_bytes(body).best()
    codec = normalize_charset(best.encoding) if best is not None else None
    return body.decode(codec or "cp949", "replace")


# ------------------------------------------------------------------ metadata


def _meta(tree: etree._Element, *names: str) -> str:
    """Content of the first ``<meta property|name|itemprop=...>`` among ``names``."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for node in tree.xpath(f"//meta[translate(@{attr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                                   f"'abcdefghijklmnopqrstuvwxyz')=$n]", n=name):
                value = " ".join((node.get("content") or "").split())
                if value:
                    return value
    return ""


def _json_ld(tree: etree._Element) -> list[dict]:
    """Every JSON-LD object of the page (flattening lists and @graph)."""
    found: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
    return found


def _ld_value(objects: list[dict], key: str) -> str:
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict):
            value = value.get("name", "")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def iso_date(value: str) -> str:
    """``YYYY-MM-DD`` from the date at the start of ``value`` ("" if none/invalid)."""
    match = _DATE.search(value or "")
    if not match:
        return ""
    year, month, day = (int(g) for g in (match.groups()[:3] if match.group(1)
                                         else match.groups()[3:]))
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def find_published(tree: etree._Element, ld: list[dict], fallback: str = "") -> str:
    candidates = [
        _meta(tree, "article:published_time", "og:article:published_time",
              "og:published_time", "datepublished", "article:published", "pubdate",
              "publishdate", "publish-date", "publish_date", "date", "dc.date.issued",
              "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date"),
        next(iter(tree.xpath("//time[@datetime]/@datetime")), ""),
        _ld_value(ld, "datePublished"),
        _ld_value(ld, "dateCreated"),
        fallback,
    ]
    return next((d for d in map(iso_date, candidates) if d), "")


def _clean_author(value: str) -> str:
    value = re.sub(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", "", value or "")
    value = " ".join(value.split()).strip(" ,/|")
    return "" if not value or value.lower().startswith(("http://", "https://")) else value


def find_author(tree: etree._Element, ld: list[dict], fallback: str = "") -> str:
    names = ("author", "article:author", "dable:author", "byl", "dc.creator",
             "sailthru.author", "parsely-author")  # article:author is often a profile URL
    candidates = [*(_meta(tree, name) for name in names), _ld_value(ld, "author"), fallback]
    return next((a for a in map(_clean_author, candidates) if a), "")


def _http_url(value: str, base: str) -> str:
    url = urljoin(base, value.strip()) if value and value.strip() else ""
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname else ""


def find_canonical(tree: etree._Element, final_url: str) -> str:
    for href in tree.xpath("//link[contains(concat(' ', translate(@rel, 'CANOICL', "
                           "'canoicl'), ' '), ' canonical ')]/@href"):
        if url := _http_url(href, final_url):
            return url
    return _http_url(_meta(tree, "og:url"), final_url) or final_url


def readable_domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host


def strip_title_suffix(title: str) -> str:
    """Drop a trailing " - Outlet" / " | Outlet" / " :: Outlet"."""
    title = " ".join(title.split())
    stripped = _TITLE_SUFFIX.sub("", title)
    return stripped if stripped else title


def find_title(tree: etree._Element, source: str) -> str:
    og = _meta(tree, "og:title", "twitter:title")
    if og:  # only remove a suffix that names the outlet
        suffix = _TITLE_SUFFIX.search(og)
        named = suffix and source and source.lower() in suffix.group(0).lower()
        return strip_title_suffix(og) if named else og
    for h1 in tree.xpath("//h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return text
    titles = tree.xpath("//title")
    return strip_title_suffix(titles[0].text_content()) if titles else ""


# ---------------------------------------------------------------- body text


def _words(element: etree._Element) -> set[str]:
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return set(re.split(r"[\s_\-]+", names)) - {""}


def _text_len(element: etree._Element) -> int:
    return len("".join(element.itertext()).strip())


def _holds_article(element: etree._Element) -> bool:
    return element.tag == "article" or element.get("itemprop") == "articleBody" or bool(
        element.xpath(".//article | .//*[@itemprop='articleBody']"))


def _is_boilerplate(element: etree._Element, page_chars: int) -> bool:
    size = _text_len(element)
    if size > page_chars * 0.5 or _holds_article(element):
        return False  # never throw the article away with its wrapper
    if element.tag in _BOILER_TAGS or _words(element) & _BOILER_WORDS:
        return True
    return size < 200 and bool(_COPYRIGHT.search("".join(element.itertext())))


def strip_boilerplate(tree: etree._Element) -> etree._Element:
    """Remove navigation, ads, lists of other articles, figures, copyright blocks."""
    for node in tree.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        node.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    page_chars = _text_len(root)
    pending = [root]
    while pending:
        for child in list(pending.pop()):
            if not isinstance(child.tag, str):
                continue
            if _is_boilerplate(child, page_chars):
                child.drop_tree()  # keeps its tail text
            else:
                pending.append(child)
    return tree


def _lines_to_paragraphs(text: str) -> str:
    """One paragraph a line in, paragraphs separated by a blank line out (the corpus's format)."""
    return "\n\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def extract_text(tree: etree._Element, url: str) -> tuple[str, dict]:
    """Main text (one paragraph a line) and trafilatura's metadata of a stripped tree."""
    import trafilatura  # heavy (about 0.3 s): only when a page is extracted, not for every CLI start

    common = dict(url=url, include_comments=False, include_tables=False, include_images=False,
                  include_links=False, with_metadata=True)
    for mode in ({"favor_precision": True}, {"favor_recall": True}):
        try:
            document = trafilatura.bare_extraction(_copy(tree), **common, **mode)
        except Exception:  # noqa: BLE001 - a parser bug on one page must not crash the bot
            document = None
        found = document.as_dict() if document is not None else {}
        if len((found.get("text") or "").strip()) >= MIN_TEXT_CHARS:
            return _lines_to_paragraphs(found["text"]), found
    return "", {}


def _copy(tree: etree._Element) -> etree._Element:
    return lxml.html.fromstring(lxml.html.tostring(tree, encoding="unicode"))


def _require_text(text: str) -> str:
    if len("".join(text.split())) < MIN_TEXT_CHARS:
        raise FetchError("기사 본문을 찾지 못했습니다 (no article text found)", "no_text")
    return text


# -------------------------------------------------------------------- pages


def page_from_html(html: str, *, requested_url: str, final_url: str) -> FetchedPage:
    html = _XML_DECL.sub("", html, count=1)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise FetchError("기사 본문을 찾지 못했습니다 (empty or invalid HTML)", "no_text") from exc
    ld = _json_ld(tree)
    canonical = find_canonical(tree, final_url)
    source = _meta(tree, "og:site_name", "application-name") or readable_domain(canonical)
    text, found = extract_text(strip_boilerplate(_copy(tree)), final_url)
    text = _require_text(text.strip())
    return FetchedPage(
        requested_url=requested_url, final_url=final_url, canonical_url=canonical,
        title=find_title(tree, source) or found.get("title") or "",
        text=text, source=source,
        published=find_published(tree, ld, found.get("date") or ""),
        author=find_author(tree, ld, found.get("author") or ""))


def page_from_plain_text(text: str, *, requested_url: str, final_url: str) -> FetchedPage:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title = " ".join(lines[0].split()) if lines else ""
    body = _require_text(_lines_to_paragraphs("\n".join(lines[1:])))
    return FetchedPage(requested_url, final_url, final_url, title, body,
                       readable_domain(final_url), "", "")


def page_from_response(raw: RawResponse) -> FetchedPage:
    text = decode_body(raw.body, raw.charset)
    build = page_from_plain_text if raw.media_type == "text/plain" else page_from_html
    return build(text, requested_url=raw.requested_url, final_url=raw.final_url)


def fetch_article(url: str, *, allow_private: bool = False, timeout: float = 10.0,
                  deadline: float = 30.0, max_bytes: int = 5 * 1024 * 1024,
                  max_redirects: int = 5) -> FetchedPage:
    """Download ``url`` and extract its article; raise :class:`FetchError`."""
    raw = download(url, allow_private=allow_private, timeout=timeout, deadline=deadline,
                   max_bytes=max_bytes, max_redirects=max_redirects)
    return page_from_response(raw)
