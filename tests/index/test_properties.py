"""Property-based tests (hypothesis) of the cleaner, the tokenizer and the engine.

Inputs are built from fragments that matter for Korean news text: Hangul
syllables and jamo, other scripts (Latin, Hanja, Cyrillic, Arabic), emoji and
ZWJ sequences, control and format characters (lone surrogates included: they
cannot be encoded as UTF-8, yet nothing may raise on them), HTML-like text and
the boilerplate patterns the cleaner looks for (bylines, copyright lines,
captions …). A few 200k-character inputs are tried once each.

Kiwi is shared through the session ``kiwi``/``tokenizer`` fixtures of
``tests/conftest.py``; the engine is built once for the module. Example
counts are sized so the file runs in well under 40 s.
"""
from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.text.clean import clean_text, clean_title, is_boilerplate_sentence
from index.engine import Engine
from index.engine.upkeep import sample_articles
from index.models import Article

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
MAX_PASSAGE = 400

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KIWI = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ENGINE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# ---- strategies ------------------------------------------------------------------

hangul = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
jamo = st.one_of(
    st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),  # conjoining jamo
    st.characters(min_codepoint=0x3131, max_codepoint=0x318E),  # compatibility jamo
)
latin = st.characters(min_codepoint=0x41, max_codepoint=0x7A).filter(str.isalpha)
hanja = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
cyrillic = st.characters(min_codepoint=0x0400, max_codepoint=0x04FF)
arabic = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
EMOJI = [
    "😀", "🇰🇷", "👍🏽", "❤️", "👩‍👩‍👧‍👦", "🧑🏻‍💻", "🏳️‍🌈", "1️⃣", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "\u200d", "\ufe0f", "🤖", "𠀀",
]
CONTROLS = [chr(c) for c in range(0x20)] + [
    "\x7f", "\x85", "\u200b", "\u200c", "\u200e", "\u202e", "\u2028", "\u2029", "\u2060", "\ufeff",
    "\ufffe", "\uffff", "\ud800", "\udbff", "\udc00", "\udfff",
]
controls = st.sampled_from(CONTROLS)
any_char = st.characters(exclude_categories=())  # every code point, lone surrogates included
SPACING = [" ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "\u3000", "\u00a0", ".", "?", "!", "다.", "요.", ",", "·"]
HTML = [
    "<b>", "</b>", "<i>", "</i>", "&amp;", "&lt;", "&gt;", "&", "<", ">", '"', "'", "<script>alert(1)</script>",
    '<a href="https://example.com/?a=1&b=2">', "</a>", "<b", "</", "<<>>", "&#0;", "&#x110000;", "<br/>", "<p>",
    "<!-- x -->", "<저작권자>", "</i></b>",
]
WORDS = [
    "머스크", "테슬라", "오픈AI", "오픈에이아이", "Open AI", "소송", "투자", "금액", "10억", "달러", "도조",
    "인재", "전쟁", "에단 나이트", "xAI", "마이크로소프트", "최대 주주", "정부는", "예산안을", "편성했다",
    "문장입니다", "밝혔다", "했다", "있다", "것이다", "2024년", "4월", "5일", "서울", "뉴욕", "비트코인",
]
BOILERPLATE = [
    "기자", "특파원", "=", "ⓒ", "©", "Copyright (C)", "All rights reserved", "무단 전재 및 재배포 금지",
    "AI학습 이용 금지", "[", "]", "(", ")", "/", "▲", "△", "사진=", "/사진=연합뉴스", "[사진]", "(서울=연합뉴스)",
    "홍길동 기자 =", "[이데일리 홍길동 기자]", "머니투데이 뉴욕=박준식 특파원", "2024.04.05 00:09", "hong@yna.co.kr",
    "▶ 관련기사", "글자크기", "TOP", "제보는 카톡 okjebo", "<저작권자 ⓒ 연합뉴스>", "입력 ", "[연합뉴스 자료사진]",
    "KBS 뉴스 박영희입니다.", "촬영기자:", "가", "가가",
]


def run(alphabet: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, max_size=max_size)


fragment = st.one_of(
    run(hangul, 12),
    run(jamo, 6),
    run(st.one_of(latin, hanja, cyrillic, arabic), 8),
    st.sampled_from(EMOJI),
    controls,
    st.sampled_from(SPACING),
    st.sampled_from(HTML),
    st.sampled_from(WORDS),
    st.sampled_from(BOILERPLATE),
    run(any_char, 4),
)
texts = st.one_of(
    st.lists(fragment, max_size=40).map("".join),
    st.text(any_char, max_size=200),
    st.lists(st.one_of(hangul, controls, st.sampled_from(SPACING)), max_size=200).map("".join),
)
html_like = st.lists(st.one_of(st.sampled_from(HTML), run(hangul, 6), st.sampled_from(SPACING)), max_size=30).map("".join)

#: 200k-character strings built by repetition (tried once each).
HUGE = {
    "korean-sentences": ("테슬라가 도조에 투자하는 금액은 10억 달러다. " * 8000)[:200_000],
    "korean-paragraphs": ("머스크는 오픈AI에 소송을 걸었다고 밝혔다.\n\n" * 8000)[:200_000],
    "mixed-scripts": ("한국어 English 漢字 кириллица العربية 😀 👩‍👩‍👧 " * 6000)[:200_000],
    "controls": ("가나다\x00\x1f\u200b\u2028\ufeff\ud800라마바 " * 20000)[:200_000],
    "html": ("<b>머스크</b> &amp; <script>x</script> </i> & < > " * 6000)[:200_000],
    "boilerplate": ("(서울=연합뉴스) 홍길동 기자 = ⓒ 무단 전재 및 재배포 금지 hong@yna.co.kr\n" * 5000)[:200_000],
    "emoji": ("😀" * 200_000),
}


def bad_controls(text: str) -> list[str]:
    """Control/format characters that must not survive cleaning (``\\n`` is allowed)."""
    return sorted(
        {
            ch
            for ch in text
            if ch != "\n"
            and (unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u200b\u2028\u2029\ufeff")
        }
    )


# ---- clean_text -------------------------------------------------------------------


@FAST
@given(texts)
def test_clean_text_never_raises_and_drops_control_characters(text):
    cleaned = clean_text(text)
    assert isinstance(cleaned, str)
    assert bad_controls(cleaned) == [], repr(cleaned)
    cleaned.encode("utf-8")  # no lone surrogates left
    assert cleaned == cleaned.strip()
    assert "\n\n\n" not in cleaned


@FAST
@given(texts)
def test_clean_title_never_raises(text):
    title = clean_title(text)
    assert isinstance(title, str)
    assert "\n" not in title
    assert bad_controls(title) == [], repr(title)


@FAST
@given(texts)
def test_is_boilerplate_sentence_never_raises(text):
    assert isinstance(is_boilerplate_sentence(text), bool)


@FAST
@given(texts)
def test_clean_text_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once, f"input {text!r}: once {once!r}"


# Minimal inputs on which cleaning twice differs from cleaning once, one per
# cause (see the report); each is a real defect, kept failing on purpose.
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("0000", id="repeat-collapse-is-not-a-fixpoint"),
        pytest.param("\u1100\u200b\u1161", id="nfc-before-control-removal"),
        pytest.param("e\u200b\u0301", id="nfc-before-control-removal-latin"),
        pytest.param("[홍길동 기자] ▲ 사진 설명", id="caption-check-before-lead-strip"),
        pytest.param("(서울=연합뉴스)(서울=연합뉴스)", id="lead-strip-then-dedupe"),
    ],
)
def test_clean_text_is_idempotent_examples(text):
    once = clean_text(text)
    assert clean_text(once) == once, f"once {once!r}, twice {clean_text(once)!r}"


def test_clean_text_keeps_a_short_paragraph_that_repeats_itself():
    """A paragraph such as "2020" or "하하" is not a caption written twice."""
    text = "정부가 예산안을 발표했다.\n\n2020\n\n기획재정부는 설명했다."
    assert clean_text(text) == text


@pytest.mark.parametrize("name", sorted(HUGE))
def test_clean_text_on_huge_inputs(name):
    text = HUGE[name]
    cleaned = clean_text(text)
    assert bad_controls(cleaned) == []
    assert clean_text(cleaned) == cleaned


def test_clean_text_is_not_quadratic_on_a_long_word():
    """200k word characters without a space (a pasted hash, a run of 가) must clean in seconds.

    Run in a subprocess so that a quadratic regex fails the test after the
    timeout instead of hanging the suite for minutes.
    """
    code = "from index.text.clean import clean_text; clean_text('가' * 200_000); clean_text('a' * 200_000)"
    try:
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=8, capture_output=True)
    except subprocess.TimeoutExpired:
        pytest.fail("clean_text took more than 8 s on 200k characters without a space")


# ---- Tokenizer --------------------------------------------------------------------


def check_tokens(tokens) -> None:
    assert isinstance(tokens, tuple)
    for token in tokens:
        assert isinstance(token, str) and token, tokens
        assert token == token.lower(), token
        assert token == token.strip(), repr(token)


def check_spans(text: str, spans) -> None:
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text), (span, len(text))
        piece = text[span.start : span.end]
        assert piece.strip(), repr(piece)
        assert piece == piece.strip(), repr(piece)
        assert span.start >= previous_end, "spans overlap or are out of order"
        previous_end = span.end
        check_tokens(span.tokens)
        assert span.tokens


def has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


@KIWI
@given(texts)
@example("\ud800")
@example("가나다 \udfff")
@example("\ud800 가나다입니다.\n\n\udfff 라마바입니다.")
def test_tokenizer_never_raises(tokenizer, text):
    """Any str, lone surrogates included (the CLI gets them from undecodable argv bytes)."""
    check_tokens(tokenizer.tokens(text))
    check_spans(text, tokenizer.split(text))


@KIWI
@given(texts.filter(lambda t: not has_surrogate(t)))
@example("😀😀 가나다 문장입니다. 👩‍👩‍👧 두번째 문장입니다.")
@example("Open AI와 MICROSOFT가 ПРИВЕТ 했다.")
@example("𠀀𠀁 한자 문장입니다. 다음 문장이다.")
def test_tokenizer_spans_and_tokens(tokenizer, text):
    check_tokens(tokenizer.tokens(text))
    check_spans(text, tokenizer.split(text))
    cleaned = clean_text(text)
    check_spans(cleaned, tokenizer.split(cleaned))


@KIWI
@given(st.lists(texts.filter(lambda t: not has_surrogate(t)), max_size=5))
def test_split_many_matches_split(tokenizer, batch):
    many = list(tokenizer.split_many(batch))
    assert len(many) == len(batch)
    for text, spans in zip(batch, many):
        check_spans(text, spans)
        assert spans == tokenizer.split(text)


@pytest.mark.parametrize("name", ["korean-paragraphs", "mixed-scripts", "controls", "emoji"])
def test_tokenizer_on_huge_inputs(tokenizer, name):
    text = HUGE[name]
    check_spans(text, tokenizer.split(text))
    check_tokens(tokenizer.tokens(text[:20_000]))


# ---- Engine -----------------------------------------------------------------------


def bundled_articles() -> list[Article]:
    return sample_articles()


GENERATED = [
    Article(
        id="gen-budget",
        title="정부, 내년 예산안 656조원 편성",
        text="정부가 내년도 예산안을 656조원 규모로 편성했다고 27일 밝혔다.\n\n"
        "기획재정부는 건전재정 기조를 유지하면서 미래 성장 동력에 투자하겠다고 설명했다.\n\n"
        "(서울=연합뉴스) 홍길동 기자 = ⓒ 연합뉴스 무단 전재 및 재배포 금지",
        source="연합뉴스",
        published="2024-08-27",
    ),
    Article(
        id="gen-emoji",
        title="<b>이모지</b> & 😀 기사",
        text="이모지 👩‍👩‍👧 가 들어간 문장입니다. 다음 문장은 &amp; <script>alert(1)</script> 를 담고 있다.\n\n"
        "같은 문장입니다. 같은 문장입니다. 같은 문장입니다.\n\n같은 문장입니다.",
        url="https://example.com/emoji",
    ),
    Article(
        id="gen-bitcoin",
        title="비트코인 가격 급등",
        # the lead sentence comes back in the last paragraph, as summaries often do
        text="비트코인 가격이 사상 최고치를 경신했다.\n\n"
        + "\n\n".join(f"{n}번째 문단에서 시장 참가자들은 여러 가지 다른 전망을 길게 내놓았다고 전해졌다." for n in range(1, 9))
        + "\n\n비트코인 가격이 사상 최고치를 경신했다. 거래소들은 변동에 대비하고 있다.",
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory, tokenizer) -> Engine:
    engine = Engine.open(tmp_path_factory.mktemp("properties") / "corpus", tokenizer)
    results = engine.add_articles(bundled_articles() + GENERATED)
    assert all(r.status == "added" for r in results), results
    return engine


questions = st.one_of(
    texts,
    html_like,
    st.sampled_from(["", " ", "\n\t ", "?", "??!!", "😀", "👩‍👩‍👧‍👦", "<b>", "&amp;", "\x00", "\ud800"]),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join).map(lambda q: q + "?"),
)


def check_answer(answer, k: int) -> None:
    assert len(answer.hits) <= k
    seen = set()
    for hit in answer.hits:
        assert len(hit.passage) <= MAX_PASSAGE, len(hit.passage)
        assert hit.sentence.strip(), hit
        key = (hit.article_id, hit.sentence)
        assert key not in seen, f"two hits share a sentence: {key}"
        seen.add(key)


@ENGINE
@given(questions.filter(lambda q: not has_surrogate(q)))
@example("머스크가 오픈AI를 고소한 진짜 이유는?")
@example("가" * 10_000)
@example("머스크 " * 2_000)
@example("<b>머스크</b> &amp; <script>테슬라</script> </i> 😀👩‍👩‍👧")
def test_ask_never_raises(engine, question):
    answer = engine.ask(question, k=5)
    assert len(answer.hits) <= 5
    for hit in answer.hits:
        assert len(hit.passage) <= MAX_PASSAGE, len(hit.passage)
        assert hit.sentence.strip(), hit


@pytest.mark.parametrize("question", ["\ud800", "머스크\udc00", "테슬라 \udfff"])
def test_ask_with_lone_surrogates(engine, question):
    """``python -m index ask`` gets lone surrogates from undecodable argv bytes (surrogateescape)."""
    check_answer(engine.ask(question, k=5), 5)


@ENGINE
@given(questions.filter(lambda q: not has_surrogate(q)))
@example("비트코인 가격 " * 50)
@example("비트코인 가격이 사상 최고치를 경신했다")
def test_hits_never_repeat_a_sentence(engine, question):
    """No two hits of one answer show the same sentence of the same article."""
    check_answer(engine.ask(question, k=5), 5)


def test_ask_finds_the_bundled_article(engine):
    answer = engine.ask("머스크가 오픈AI를 고소한 진짜 이유는?", k=5)
    assert answer.hits and answer.hits[0].article_id in {a.id for a in bundled_articles()}
    check_answer(answer, 5)


safe_ids = st.one_of(st.just(""), st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,20}\Z"))
any_ids = st.one_of(
    safe_ids, st.sampled_from(["../evil", "a/b", "한글", "x" * 100, ".hidden", " ", "\x00"]), st.text(max_size=10)
)


def random_articles(field_text: st.SearchStrategy[str]) -> st.SearchStrategy[Article]:
    return st.builds(
        Article,
        id=any_ids,
        title=st.one_of(field_text, st.sampled_from(WORDS), st.just("")),
        text=st.one_of(
            field_text,
            st.lists(st.sampled_from(BOILERPLATE), max_size=20).map("\n".join),  # boilerplate only
            st.lists(st.sampled_from(WORDS + SPACING), max_size=60).map("".join),
        ),
        source=st.one_of(st.just(""), field_text),
        author=st.one_of(st.just(""), field_text),
        published=st.one_of(st.just(""), st.just("2024-04-05"), field_text),
        url=st.one_of(
            st.just(""), st.sampled_from(["https://example.com/a", "https://example.com/a#x", "ftp://x"]), field_text
        ),
    )


def check_added(engine: Engine, articles: list[Article], results) -> None:
    assert len(results) == len(articles)
    for result in results:
        assert result.status in {"added", "duplicate", "skipped"}, result
        if result.status == "added":
            assert engine.article(result.article_id) is not None
            assert engine.store.get(result.article_id).id == result.article_id
    for hit in engine.ask("머스크 테슬라 오픈AI 소송", k=5).hits:
        assert len(hit.passage) <= MAX_PASSAGE and hit.sentence.strip()


@ENGINE
@given(st.lists(random_articles(texts), min_size=1, max_size=4))
@example([Article(id="", title="제목", text="정부가 예산안을 발표했다고 밝혔다.", url="\ud800")])
@example([Article(id="", title="제목", text="정부가 예산안을 발표했다고 밝혔다. 두번째.", source="연합\udc00뉴스")])
def test_add_articles_never_raises(engine, articles):
    """Any field may hold any str (a JSON Lines import decodes "\\ud800" to a lone surrogate)."""
    check_added(engine, articles, engine.add_articles(articles))


@ENGINE
@given(st.lists(random_articles(texts.filter(lambda t: not has_surrogate(t))), min_size=1, max_size=4))
def test_add_articles_returns_a_status_per_input(engine, articles):
    check_added(engine, articles, engine.add_articles(articles))


def test_add_articles_after_random_additions_still_answers(engine):
    """Runs after the random additions: the bundled article is still found first, stats are consistent.

    The random articles are made of WORDS, which hold 테슬라, 도조, 투자 and 금액: one of
    them can hold more of "테슬라가 도조에 투자하는 금액은?" than the bundled article
    (which never says 금액), and then rightly win. So the question also names
    what only the bundled article holds (슈퍼컴퓨터): a random article can match at
    most a part of it, and must not win on that part, however short it is.
    """
    assert all("슈퍼컴퓨터" not in w for w in WORDS + SPACING + BOILERPLATE)
    answer = engine.ask("테슬라는 슈퍼컴퓨터 도조에 얼마를 투자하나?", k=5)
    assert answer.hits and answer.hits[0].article_id in {a.id for a in bundled_articles()}
    for hit in answer.hits:
        assert len(hit.passage) <= MAX_PASSAGE and hit.sentence.strip()
    stats = engine.stats()
    assert stats.articles == engine.store.count() == engine.layout.live_slots
    assert stats.sentences >= 1
