"""Cutting HTML into messages: valid pieces, within the limit, cut on line boundaries, nothing lost."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.format import escape
from bot.split import split_html, utf16_len
from tests.fakebot import check_telegram_html, parse_telegram_html

PROPS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WRAPS = [("", ""), ("<b>", "</b>"), ("<code>", "</code>"), ('<a href="https://e.com/?a=1&amp;b=2">', "</a>"),
         ("<i><b>", "</b></i>"), ("<blockquote>", "</blockquote>")]

line = st.one_of(st.text(max_size=120), st.just("가나다 " * 300), st.just("😀" * 2500)).map(escape)


@st.composite
def documents(draw) -> str:
    lines = []
    for text in draw(st.lists(line, max_size=60)):
        opening, closing = draw(st.sampled_from(WRAPS))
        lines.append(f"{opening}{text}{closing}")
    text = "\n".join(lines)
    if draw(st.booleans()):  # a tag around many lines, as in <code>/add\n제목\n…</code>
        opening, closing = draw(st.sampled_from(WRAPS))
        text = f"{opening}{text}{closing}"
    return text


def plain(message: str) -> str:
    return parse_telegram_html(message)[0]


@PROPS
@given(documents(), st.sampled_from([4096, 500, 64]))
@example("<code>/add\n" + "줄\n" * 3000 + "</code>", 4096)
@example("<b>" + "&amp;" * 3000 + "</b>", 4096)
def test_pieces_are_valid_fit_and_keep_the_text(text, limit):
    pieces = split_html(text, limit)
    for piece in pieces:
        assert check_telegram_html(piece) is None, piece[:200]
        assert utf16_len(piece) <= limit
        assert plain(piece).strip()
    squash = re.compile(r"\s+")
    assert squash.sub("", "".join(plain(p) for p in pieces)) == squash.sub("", plain(text))


def test_short_lines_are_never_cut():
    lines = [f"<code>{i:03d}</code> " + ("동의어, 같은말, 비슷한말 " * 8).strip() for i in range(200)]
    pieces = split_html("\n".join(lines))
    assert len(pieces) > 2
    assert [line for piece in pieces for line in piece.split("\n")] == lines


def test_blank_lines_are_preferred_to_line_breaks():
    blocks = ["첫째 줄\n둘째 줄 " + "가" * 1500 for _ in range(4)]
    pieces = split_html("\n\n".join(blocks))
    assert all(piece.count("첫째 줄") == piece.count("둘째 줄") for piece in pieces)
