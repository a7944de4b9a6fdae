"""Tests of index.ingest.feeds_parse: feed bytes -> channel and items (no network, no server)."""
from __future__ import annotations

from html import escape

import feedparser
import pytest
from hypothesis import given, strategies as st

from index.ingest.feeds_parse import (_cut_items, decode_feed, feed_date, html_to_text,
                                      is_whole_article, item_key, normalize_url, outlet_name,
                                      parse_feed, xml_declared_encoding)
from index.ingest.fetch import FetchError
from tests.feedsite import default_feeds, render_atom, render_rdf, render_rss
from tests.feedsite_bad import MALFORMED, MANY_ITEMS, NOT_FEED, many_items
from tests.feedsite_pages import yna_page
from tests.feedsite_stories import ETNEWS, HANI, KHAN, YNA

BASE = "https://news.example.kr"
FEEDS = default_feeds()


def parsed(path: str, charset: str = "", **kwargs):
    spec = FEEDS[path]
    render = {"rss": render_rss, "atom": render_atom, "rdf": render_rdf}[spec.kind]
    body = render(spec, BASE).encode(spec.encoding)
    return parse_feed(body, feed_url=BASE + path, charset=charset, **kwargs)


def rss(items: str, title: str = "테스트") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content='
            f'"http://purl.org/rss/1.0/modules/content/"><channel><title>{title}</title>'
            f"{items}</channel></rss>").encode("utf-8")


# ---------------------------------------------------------------- formats


def test_rss2_channel_and_items():
    feed = parsed("/rss/yna.xml")
    assert feed.channel.title == "연합뉴스 - 경제" and feed.channel.outlet == "연합뉴스"
    assert feed.channel.version == "rss20" and feed.channel.site_url == "https://www.yna.co.kr/economy"
    assert [item.title for item in feed.items] == [story.title for story in YNA]
    assert [item.published for item in feed.items] == [story.day for story in YNA]
    first = feed.items[0]
    assert first.link == f"{BASE}{YNA[0].slug}?input=1195m"
    assert first.key == first.link  # a permalink guid, normalised
    assert first.summary == YNA[0].summary and first.author == YNA[0].author
    assert first.full_content == "" and first.feed_title == "연합뉴스 - 경제"


def test_rss1_rdf_dates_from_dc_date():
    feed = parsed("/rss/etnews.rdf")
    assert feed.channel.version == "rss10" and feed.channel.outlet == "전자신문"
    assert [(i.title, i.published, i.link) for i in feed.items] == [
        (s.title, s.day, BASE + s.slug) for s in ETNEWS]


def test_atom_relative_links_tag_ids_and_full_content():
    feed = parsed("/atom/hani.xml")
    assert feed.channel.version == "atom10" and feed.channel.outlet == "한겨레"
    assert [i.link for i in feed.items] == [BASE + s.slug for s in HANI]  # href="/arti/…"
    assert feed.items[0].key == "tag:hani.co.kr,2024:1153201"  # a tag: URI is global
    assert feed.items[0].full_content.split("\n\n") == list(HANI[0].paragraphs)
    assert "자료사진" not in feed.items[0].full_content  # the figure and its caption are dropped
    assert feed.items[2].full_content == ""  # summary only: its page must be read


@pytest.mark.parametrize("charset", ["EUC-KR", "", "ks_c_5601-1987"])
def test_euc_kr_feed_keeps_cp949_only_characters(charset):
    feed = parsed("/rss/khan.xml", charset=charset)  # "" : only the XML declaration says it
    assert feed.channel.title == "경향신문 - 전체뉴스"
    assert [i.title for i in feed.items] == [s.title for s in KHAN]
    assert "똠얌꿍" in feed.items[0].title and "햏자" in feed.items[0].full_content
    assert "뷁" in feed.items[1].full_content
    assert feed.items[0].published == "2024-08-09"


def test_feedparser_alone_would_garble_euc_kr():
    """Why decode_feed exists: feedparser reads euc-kr strictly and falls back to cp1252."""
    body = render_rss(FEEDS["/rss/khan.xml"], BASE).encode("cp949")
    assert xml_declared_encoding(body) == "euc-kr"
    assert "똠얌꿍" not in feedparser.parse(body).entries[0].title
    assert "똠얌꿍" in decode_feed(body)


def test_utf8_body_with_lying_header_charset_is_detected():
    body = render_rss(FEEDS["/rss/yna.xml"], BASE).encode("utf-8")
    feed = parse_feed(body, feed_url=BASE + "/rss/yna.xml", charset="euc-kr")
    assert feed.items[0].title == YNA[0].title


# ------------------------------------------------------------- bad bodies


@pytest.mark.parametrize("body, words", [
    (yna_page(YNA[0]).encode("utf-8"), "HTML"),
    (MALFORMED.encode("utf-8"), "malformed feed XML"),
    (NOT_FEED.encode("utf-8"), "not an RSS or Atom feed"),
    (b'{"items": []}', "malformed feed XML"),
    (b"", "not an RSS or Atom feed"),
])
def test_not_a_feed_is_refused_with_a_clear_message(body, words):
    with pytest.raises(FetchError) as caught:
        parse_feed(body, feed_url=BASE + "/feed")
    assert caught.value.kind == "not_feed" and words in str(caught.value)


def test_full_content_without_a_summary_is_the_whole_article():
    html = "".join(f"<p>{p}</p>" for p in HANI[1].paragraphs)
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>t</title><entry><title>x</title><link href="/a/1"/><id>tag:a.kr,1</id>'
            f'<content type="html">{escape(html)}</content></entry></feed>').encode("utf-8")
    only_content = rss(f"<item><title>x</title><link>/a/1</link><content:encoded><![CDATA[{html}]]>"
                       "</content:encoded></item>")
    only_description = rss(f"<item><title>x</title><link>/a/1</link><description><![CDATA[{html}"
                           "]]></description></item>")
    for body in (atom, only_content):
        item = parse_feed(body, feed_url=BASE + "/feed").items[0]
        assert item.full_content.split("\n\n") == list(HANI[1].paragraphs)
    described = parse_feed(only_description, feed_url=BASE + "/feed").items[0]
    assert described.full_content == "" and described.summary  # a description: read the page


def test_external_entities_are_not_read_and_entity_bombs_stay_small(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<rss version="2.0"><channel><title>t</title><item><title>a &x; b</title>'
           "<link>http://a.kr/1</link></item></channel></rss>").encode("utf-8")
    assert "SECRET" not in parse_feed(xxe, feed_url=BASE + "/feed").items[0].title
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE r [{entities}]><rss version="2.0"><channel>'
            "<title>t</title><item><title>&l9;</title><link>http://a.kr/1</link></item>"
            "</channel></rss>").encode("utf-8")
    try:
        items = parse_feed(bomb, feed_url=BASE + "/feed").items
    except FetchError as exc:  # refusing it is fine too
        assert exc.kind == "not_feed"
    else:
        assert all(len(item.title) < 1000 for item in items)


def test_a_valid_empty_feed_is_not_an_error():
    feed = parse_feed(rss(""), feed_url=BASE + "/feed")
    assert feed.items == () and feed.channel.title == "테스트"


def test_broken_xml_with_real_items_is_read_leniently():
    body = rss('<item><title>첫 기사</title><link>/a/1</link></item>'
               '<item><title>둘째 & 기사</title><link>/a/2</link></item>')
    feed = parse_feed(body, feed_url=BASE + "/feed")
    assert [i.link for i in feed.items] == [BASE + "/a/1", BASE + "/a/2"]


def test_ten_thousand_items_are_cut_before_parsing():
    body = many_items()
    cut, total = _cut_items(body, 50)
    assert total == MANY_ITEMS and len(cut) < len(body) // 100
    feed = parse_feed(body, feed_url=BASE + "/bad/many.xml", max_items=50)
    assert len(feed.items) == 50 and feed.total_items == MANY_ITEMS
    assert feed.items[-1].title == "속보 49번째 기사"


def test_duplicate_guids_collapse_to_the_first_item():
    body = rss('<item><title>원래 기사</title><link>/a/1</link><guid isPermaLink="false">77</guid></item>'
               '<item><title>다른 기사</title><link>/a/2</link><guid isPermaLink="false">78</guid></item>'
               '<item><title>수정 기사</title><link>/a/1?v=2</link><guid isPermaLink="false">77</guid></item>')
    feed = parse_feed(body, feed_url=BASE + "/feed")
    assert [i.title for i in feed.items] == ["원래 기사", "다른 기사"]
    assert feed.items[0].key == f"{BASE}/feed#guid=77"  # a bare guid is scoped by its feed


def test_items_without_link_get_a_stable_content_key():
    body = rss("<item><title>[알림] 점검 안내</title><description>새벽 점검</description></item>")
    first = parse_feed(body, feed_url=BASE + "/feed").items[0]
    again = parse_feed(body, feed_url=BASE + "/feed").items[0]
    assert first.link == "" and first.key == again.key and "#sha256=" in first.key


def test_relative_links_resolve_against_the_final_url():
    body = rss("<item><title>상대</title><link>../view/9</link></item>")
    feed = parse_feed(body, feed_url="http://old.example.kr/rss", base_url=BASE + "/rss/all.xml")
    assert feed.items[0].link == BASE + "/view/9"


def test_non_http_links_are_dropped():
    body = rss("<item><title>메일</title><link>mailto:desk@example.kr</link>"
               "<guid>javascript:alert(1)</guid></item>")
    assert parse_feed(body, feed_url=BASE + "/feed").items[0].link == ""


# ----------------------------------------------------------------- pieces


@pytest.mark.parametrize("raw, day", [
    ("Thu, 01 Aug 2024 00:30:00 +0900", "2024-08-01"),  # UTC would say July 31
    ("2024-08-05T10:00:00+09:00", "2024-08-05"),
    ("2024-08-05T01:00:00Z", "2024-08-05"),
    ("2024.08.07 15:30", "2024-08-07"),
    ("2024-08-07 15:30:00", "2024-08-07"),
    ("어제", ""),
    ("", ""),
])
def test_feed_dates_keep_the_written_day(raw, day):
    assert feed_date(raw) == day


def test_whole_article_rule():
    paragraphs = "\n\n".join(HANI[1].paragraphs)
    assert is_whole_article(paragraphs, HANI[1].summary)
    assert not is_whole_article(HANI[1].summary, HANI[1].summary)  # a teaser
    assert not is_whole_article(paragraphs[:150] + "…", "")  # cut short
    assert not is_whole_article(paragraphs, paragraphs[:-20])  # no longer than the summary
    assert not is_whole_article("가" * 400, "")  # no sentences


def test_html_to_text_paragraphs_without_chrome():
    html = ('<p>첫 문단입니다.</p><figure><img src="a.jpg"><figcaption>사진=연합뉴스</figcaption>'
            "</figure><p>둘째<br>줄입니다.</p><div class='ad'>[광고] 특판</div>"
            "<p>ⓒ 경향신문 무단전재 및 재배포 금지</p>")
    assert html_to_text(html) == "첫 문단입니다.\n\n둘째\n\n줄입니다."
    assert html_to_text("그냥 글자 &amp; 기호") == "그냥 글자 &amp; 기호"  # not HTML: untouched


@pytest.mark.parametrize("title, outlet", [
    ("연합뉴스 - 경제", "연합뉴스"), ("한겨레 : 전체기사", "한겨레"), ("SBS 뉴스", "SBS 뉴스"),
    ("조선일보 | 전체", "조선일보"), ("", ""),
])
def test_outlet_name(title, outlet):
    assert outlet_name(title) == outlet


def test_normalize_url_and_keys():
    assert normalize_url("HTTPS://News.Example.KR:443/a?utm_source=rss&id=3#top") == \
        "https://news.example.kr/a?id=3"
    assert normalize_url("http://news.example.kr") == "http://news.example.kr/"
    assert item_key(" http://A.kr/x#c ", "", BASE, "") == "http://a.kr/x"
    assert item_key("urn:uuid:1234", "http://a.kr/x", BASE, "") == "urn:uuid:1234"
    assert item_key("", "http://a.kr/x?fbclid=9", BASE, "") == "http://a.kr/x"


@given(st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1,
               max_size=40))
def test_any_hangul_title_survives_an_euc_kr_feed(title):
    body = ('<?xml version="1.0" encoding="euc-kr"?><rss version="2.0"><channel><title>t</title>'
            f"<item><title>{title}</title><link>http://a.kr/1</link></item></channel></rss>"
            ).encode("cp949")
    assert parse_feed(body, feed_url=BASE + "/feed").items[0].title == title


@given(st.sampled_from(["http", "https"]), st.from_regex(r"[a-z]{1,8}(\.[a-z]{2,3}){1,2}",
                                                          fullmatch=True),
       st.from_regex(r"(/[a-z0-9]{0,6}){0,3}", fullmatch=True),
       st.lists(st.tuples(st.sampled_from(["id", "utm_medium", "page"]),
                          st.from_regex(r"[a-z0-9]{0,4}", fullmatch=True)), max_size=3))
def test_normalize_url_is_idempotent(scheme, host, path, query):
    url = f"{scheme}://{host.upper()}{path}?" + "&".join(f"{k}={v}" for k, v in query)
    once = normalize_url(url)
    assert normalize_url(once) == once and "utm_" not in once
