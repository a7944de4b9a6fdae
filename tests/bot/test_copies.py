"""The 같은 기사 line under a hit."""
from __future__ import annotations

from bot.copies import MAX_OUTLETS, also_line, outlet_name
from index.models import AlsoCarried, Hit


def hit(*copies: AlsoCarried, source: str = "연합뉴스") -> Hit:
    return Hit(article_id="a", title="t", source=source, published="2024-05-15", url="https://yna.co.kr/a",
               passage="p", sentence="s", matched=[], score=1.0, also=list(copies))


def copy(source: str, url: str = "", article_id: str = "x") -> AlsoCarried:
    return AlsoCarried(article_id=article_id, source=source, url=url, published="2024-05-15")


def test_names_the_other_outlets_with_links():
    line = also_line(hit(copy("뉴스1", "https://news1.kr/1"), copy("머니S", "https://moneys.co.kr/2")))
    assert line == '같은 기사: <a href="https://news1.kr/1">뉴스1</a> · <a href="https://moneys.co.kr/2">머니S</a>'


def test_plain_names_without_urls_and_english():
    assert also_line(hit(copy("뉴스1"), copy("머니S")), "en") == "Also in: 뉴스1 · 머니S"


def test_nothing_without_copies():
    assert also_line(hit()) == ""
    assert also_line(hit(copy("연합뉴스", "https://yna.co.kr/b"))) == ""  # the same outlet again is not another outlet


def test_each_outlet_once_and_the_rest_counted():
    copies = [copy(f"신문{i}") for i in range(MAX_OUTLETS + 2)] + [copy("신문0", "https://x.kr/dup")]
    line = also_line(hit(*copies))
    assert line.count("신문0") == 1 and line.endswith("외 2곳")


def test_outlet_name_falls_back_to_the_host_then_the_id():
    assert outlet_name(copy("", "https://www.hankyung.com/article/1")) == "hankyung.com"
    assert outlet_name(copy("", "", article_id="abc")) == "abc"


def test_html_is_escaped():
    line = also_line(hit(copy("<b>뉴스</b>", 'https://x.kr/?a=1&b="2"')))
    assert "&lt;b&gt;" in line and "&amp;" in line and '"2"' not in line
