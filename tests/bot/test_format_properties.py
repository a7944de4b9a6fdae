"""Property-based tests (hypothesis) of the bot's Telegram HTML formatting.

Every message the bot sends goes through ``split_messages(answer_blocks(...))``;
whatever the articles hold (``<``, ``>``, ``&``, quotes, emoji, control
characters, 5k-character titles and passages), each message must be valid
Telegram HTML (the fake server's strict validator) and fit Telegram's 4096
limit, and splitting must not lose what fits.
"""
from __future__ import annotations

import html
import re
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.format import BIDI_CONTROLS, MAX_MESSAGE, answer_blocks, citation, escape, highlight, split_messages
from bot.state import ShownHit as Hit
from tests.fakebot import check_telegram_html, parse_telegram_html, utf16_len

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BIG = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---- strategies ------------------------------------------------------------------

SPECIAL = [
    "<", ">", "&", '"', "'", "&amp;", "&lt;", "&#x27;", "&#0;", "&quot", "<b>", "</b>", "</i>", "<script>",
    '<a href="x">', "</a>", "<br/>", "<<", ">>", "&&", "\\", "`", "*", "_", "[", "]", "(", ")",
]
EMOJI = ["😀", "🇰🇷", "👍🏽", "❤️", "👩‍👩‍👧‍👦", "🧑🏻‍💻", "🏳️‍🌈", "1️⃣", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "\u200d", "\ufe0f", "𠀀", "İ", "㈜", "①", "ﬁ"]
CONTROLS = [chr(c) for c in range(0x20)] + [
    "\x7f", "\x85", "\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffe", "\ue000", "\ud800", "\udfff",
]
KOREAN = ["머스크", "테슬라", "오픈AI", "소송", "투자", "금액은", "10억 달러", "입니다.", "했다.", " ", " ", "\n", "\t"]

fragment = st.one_of(
    st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), max_size=10),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=10),
    st.sampled_from(SPECIAL),
    st.sampled_from(EMOJI),
    st.sampled_from(CONTROLS),
    st.sampled_from(KOREAN),
    st.text(st.characters(exclude_categories=()), max_size=4),
)
short_text = st.lists(fragment, max_size=30).map("".join)


def long_text(max_repeat: int) -> st.SearchStrategy[str]:
    """Up to ``max_repeat`` repetitions of a short text: 5k-20k characters cheaply."""
    return st.tuples(st.lists(fragment, min_size=1, max_size=8).map("".join), st.integers(1, max_repeat)).map(
        lambda pair: pair[0] * pair[1]
    )


field = st.one_of(short_text, long_text(5_000).map(lambda s: s[:5_000]))
urls = st.one_of(
    st.just(""),
    st.sampled_from([
        "https://example.com/news?id=1&page=2",
        'https://example.com/"quoted"<tag>',
        "http://example.com/a'b",
        "https://example.com/" + "x" * 3000,
        "javascript:alert(1)",
        "ftp://example.com/file",
        "https://",
    ]),
    short_text.map(lambda s: "https://example.com/" + s),
    short_text,
)


spans = st.lists(st.tuples(st.integers(-5, 6000), st.integers(-5, 6000)), max_size=8)


@st.composite
def hits(draw) -> Hit:
    passage = draw(field)
    # bold spans: mostly inside the passage, some overlapping, empty, reversed or out of range
    inside = st.tuples(st.integers(0, max(0, len(passage))), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1]))
    bold = draw(st.lists(st.one_of(inside, st.tuples(st.integers(-5, 6000), st.integers(-5, 6000))), max_size=6))
    return Hit(
        article_id=draw(st.text(max_size=20)),
        title=draw(field),
        source=draw(st.one_of(st.just(""), field)),
        published=draw(st.one_of(st.just(""), st.just("2024-04-05"), short_text)),
        url=draw(urls),
        passage=passage,
        sentence=draw(short_text),
        bold=bold,
    )


questions = st.one_of(short_text, field, st.just(""), st.just("  "))


def plain_of(message: str) -> str:
    return parse_telegram_html(message)[0]


def check_messages(messages: list[str]) -> None:
    for message in messages:
        error = check_telegram_html(message)
        assert error is None, f"{error}\n{message[:500]!r}"
        assert utf16_len(message) <= MAX_MESSAGE, utf16_len(message)


# ---- answer_blocks → split_messages -------------------------------------------------


@PROPS
@given(questions, st.lists(hits(), max_size=6), st.integers(1, 50))
@example("<b>머스크</b> & 테슬라?", [], 1)
@example(
    "머스크",
    [Hit(article_id="a", title="<제목> & \"따옴표\"", source="연합&뉴스", published="2024-04-05",
         url='https://example.com/?a=1&b="2"', passage="머스크 & <테슬라> 😀\x00\ud800", sentence="s",
         bold=[(0, 3), (6, 11), (4, 5)])],
    1,
)
def test_answer_messages_are_valid_telegram_html(question, hit_list, first):
    messages = split_messages(answer_blocks(question, hit_list, first_number=first))
    assert messages
    check_messages(messages)
    for message in messages:
        assert plain_of(message).strip(), f"empty message {message!r}"


@BIG
@given(questions, st.lists(hits(), min_size=1, max_size=6))
@example("머스크", [Hit(article_id="a", title="😀" * 150, source="", published="", url="", passage="😀" * 5000,
                      sentence="😀", bold=[])])
def test_answer_messages_fit_telegrams_utf16_limit(question, hit_list):
    """Telegram (and the fake server) counts the 4096 in UTF-16 code units: an emoji is 2."""
    for message in split_messages(answer_blocks(question, hit_list)):
        assert utf16_len(plain_of(message).strip()) <= MAX_MESSAGE, (len(message), utf16_len(plain_of(message)))


@PROPS
@given(questions, st.lists(hits(), max_size=4))
@example("", [Hit(article_id="", title="", source="", published="", url="", passage="가가<😀" * 500,
                  sentence="", bold=[])])  # under 4096 code points, over 4096 UTF-16 units
def test_no_short_hit_is_lost(question, hit_list):
    """Every block that fits a message shows up whole, in order, in the messages."""
    blocks = answer_blocks(question, hit_list)
    messages = split_messages(blocks)
    joined = "\n\n".join(plain_of(m) for m in messages)
    position = 0
    for block in blocks:
        if utf16_len(block) <= MAX_MESSAGE:  # it fits a message, as Telegram counts
            found = joined.find(plain_of(block), position)
            assert found >= 0, f"block lost: {block[:200]!r}"
            position = found


# ---- escape / highlight / citation ---------------------------------------------------


def visible(text: str) -> str:
    """What ``escape`` keeps of ``text``: controls, surrogates, private-use, unassigned and direction overrides dropped."""
    return "".join(
        ch for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn") and ch not in BIDI_CONTROLS)
    )


@PROPS
@given(field)
def test_escape_is_valid_and_lossless(text):
    escaped = escape(text)
    assert check_telegram_html(escaped) is None
    assert plain_of(escaped) == visible(text)


def valid_spans(text: str, wanted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept, last = [], 0
    for start, end in sorted(wanted):
        if start >= last and start < end <= len(text):
            kept.append((start, end))
            last = end
    return kept


@PROPS
@given(field, spans)
@example("İstanbul에서 머스크가 말했다", [(12, 15), (12, 14), (0, 1)])
@example("a\u202eb", [(0, 3)])
def test_highlight_keeps_the_text_and_bolds_exactly_the_spans(text, wanted):
    marked = highlight(text, wanted)
    assert check_telegram_html(marked) is None
    assert plain_of(marked) == visible(text)
    bolds = [html.unescape(b) for b in re.findall(r"<b>(.*?)</b>", marked, flags=re.S)]
    assert bolds == [visible(text[a:b]) for a, b in valid_spans(text, wanted)]


@PROPS
@given(hits(), st.integers(1, 1000))
def test_citation_is_valid(hit, number):
    cited = citation(number, hit)
    assert check_telegram_html(cited) is None, cited[:300]


# ---- split_messages on arbitrary blocks ---------------------------------------------

TAGS = [("<b>", "</b>"), ("<i>", "</i>"), ("<u>", "</u>"), ("<s>", "</s>"), ("<code>", "</code>"),
        ('<a href="https://example.com/?a=1&amp;b=2">', "</a>"), ("<tg-spoiler>", "</tg-spoiler>")]


@st.composite
def blocks(draw) -> str:
    """A valid HTML block: escaped text, maybe wrapped in tags, up to ~20k characters."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        text = escape(draw(st.one_of(short_text, long_text(2_000)))[:20_000])
        if draw(st.booleans()):
            opening, closing = draw(st.sampled_from(TAGS))
            text = f"{opening}{text}{closing}"
        parts.append(text)
    return draw(st.sampled_from(["", " ", "\n"])).join(parts)


@BIG
@given(st.lists(blocks(), max_size=8))
@example(["&amp;" * 4000])
@example(["a" * 4096, "b"])
@example(["<b>" + "가 " * 3000 + "</b>"])
@example([escape("<>&" * 7000)])
def test_split_messages_of_arbitrary_blocks(block_list):
    for block in block_list:
        assert check_telegram_html(block) is None  # the strategy makes valid blocks
    messages = split_messages(block_list)
    check_messages(messages)
    joined = "\n\n".join(plain_of(m) for m in messages)
    position = 0
    for block in block_list:
        if utf16_len(block) <= MAX_MESSAGE and plain_of(block).strip():  # it fits a message and shows something
            found = joined.find(plain_of(block), position)
            assert found >= 0, f"block lost: {block[:200]!r}"
            position = found


@BIG
@given(st.lists(blocks(), min_size=1, max_size=4))
@example(["x" * 20_000])
@example([escape("&" * 9000)])
def test_split_messages_keeps_the_text_of_long_blocks(block_list):
    """Long blocks are cut into plain pieces; only whitespace at the cuts may go."""
    squash = re.compile(r"\s+")
    joined = squash.sub("", "".join(plain_of(m) for m in split_messages(block_list)))
    for block in block_list:
        assert squash.sub("", visible(plain_of(block))) in joined
