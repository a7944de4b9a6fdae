"""Kiwi sentence splitting, content tokens, spans and the tokenizer version."""
from __future__ import annotations

import json
import re
import types
from pathlib import Path

import pytest

import index.text.tokenize as tokenize_module
from index.storage.articles import index_key
from index.storage.cache import TokenCache
from index.text.clean import clean_text, is_boilerplate_sentence
from index.ingest.importers import read_path
from index.text.tokenize import CONTENT_TAGS, TOKENIZER_VERSION, Tokenizer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = FIXTURES / "000_6889fb97133f14de.txt"

# paragraph -> its sentences, in order
GOLDEN_SPLITS = {
    "quote-with-inner-period": (
        '김 장관은 "내년 예산을 5% 늘리겠다. 특히 연구개발 분야가 중요하다"고 말했다. 이어 그는 기자들의 질문에 답했다.',
        [
            '김 장관은 "내년 예산을 5% 늘리겠다. 특히 연구개발 분야가 중요하다"고 말했다.',
            "이어 그는 기자들의 질문에 답했다.",
        ],
    ),
    "decimal-numbers": (
        "한국은행은 기준금리를 연 3.50%로 동결했다. 물가 상승률은 2.8%였다. 시장은 하반기 인하를 예상한다.",
        ["한국은행은 기준금리를 연 3.50%로 동결했다.", "물가 상승률은 2.8%였다.", "시장은 하반기 인하를 예상한다."],
    ),
    "ellipsis-exclamation-question": (
        "삼성전자 주가는 8만4500원에 마감했다... 외국인이 1조원 넘게 순매수했다! 과연 반등은 계속될까?",
        ["삼성전자 주가는 8만4500원에 마감했다...", "외국인이 1조원 넘게 순매수했다!", "과연 반등은 계속될까?"],
    ),
    "seed-quote": (
        '실제로 머스크는 테슬라의 AI핵심인재가 빠져나갔다는 보도에 대해 즉시 소셜미디어인 엑스(X, 옛 트위터)를 통해 '
        '"에단이 당초 오픈AI로 합류하려 했기 때문에 xAI로 빼올 수밖에 없었다"고 답했다.',
        [
            '실제로 머스크는 테슬라의 AI핵심인재가 빠져나갔다는 보도에 대해 즉시 소셜미디어인 엑스(X, 옛 트위터)를 통해 '
            '"에단이 당초 오픈AI로 합류하려 했기 때문에 xAI로 빼올 수밖에 없었다"고 답했다.'
        ],
    ),
    "seed-two-quotes": (
        '머스크는 지난 3일 엑스에 다시 "오픈AI가 대규모 보상 제안을 앞세운 공격적인 스카우트로 테슬라 엔지니어들을 '
        '빼가고 있다"며 "이 때문에 테슬라는 급여를 인상하고 있고, 이것은 내가 본 것 중 가장 미친 인재 전쟁"이라고 '
        "지적했다. 시장은 AI혁명을 중심으로 돌아가고 있다.",
        [
            '머스크는 지난 3일 엑스에 다시 "오픈AI가 대규모 보상 제안을 앞세운 공격적인 스카우트로 테슬라 엔지니어들을 '
            '빼가고 있다"며 "이 때문에 테슬라는 급여를 인상하고 있고, 이것은 내가 본 것 중 가장 미친 인재 전쟁"이라고 '
            "지적했다.",
            "시장은 AI혁명을 중심으로 돌아가고 있다.",
        ],
    ),
}


def sentences(tokenizer: Tokenizer, text: str) -> list[str]:
    return [text[s.start : s.end] for s in tokenizer.split(text)]


@pytest.mark.parametrize("name", list(GOLDEN_SPLITS))
def test_golden_sentence_splits(tokenizer, name):
    paragraph, expected = GOLDEN_SPLITS[name]
    assert sentences(tokenizer, paragraph) == expected


def test_split_many_matches_split_and_keeps_order(tokenizer):
    texts = [p for p, _ in GOLDEN_SPLITS.values()] + ["", "   \n\n  "]
    many = list(tokenizer.split_many(texts))
    assert len(many) == len(texts)
    for text, spans in zip(texts, many):
        assert spans == tokenizer.split(text)
    assert many[-1] == [] and many[-2] == []


def test_spans_map_back_to_the_text(tokenizer):
    (parsed,) = read_path(SEED)
    text = "  앞에 공백이 있는 문단이다.  \n\n" + clean_text(parsed.article.text) + "\n\n\t마지막 문단이다.\n"
    spans = tokenizer.split(text)
    assert len(spans) >= 15
    previous_end = 0
    for span in spans:
        piece = text[span.start : span.end]
        assert piece and piece == piece.strip()
        assert "\n" not in piece
        assert span.start >= previous_end
        previous_end = span.end
        assert span.tokens == tokenizer.tokens(piece)
    assert text[spans[0].start : spans[0].end] == "앞에 공백이 있는 문단이다."
    assert text[spans[-1].start : spans[-1].end] == "마지막 문단이다."
    # every body character that is not white space lies in some sentence
    covered = set()
    for span in spans:
        covered.update(range(span.start, span.end))
    uncovered = "".join(ch for i, ch in enumerate(text) if i not in covered and not ch.isspace())
    assert uncovered == ""


def test_tokens_are_content_morphemes(tokenizer, kiwi):
    sentence = "한국은행은 기준금리를 연 3.50%로 동결했다고 밝혔다."
    tokens = tokenizer.tokens(sentence)
    assert {"한국은행", "금리", "동결", "3.50", "밝히"} <= set(tokens)
    function_forms = {t.form for t in kiwi.tokenize(sentence) if t.tag[0] in "JE" or t.tag in ("XSV", "XSA", "SF", "SW")}
    assert function_forms, "the sentence should contain particles and endings"
    assert set(tokens).isdisjoint(function_forms)
    # each token is a content morpheme of the sentence
    content = {t.form.lower() for t in kiwi.tokenize(sentence) if t.tag.split("-")[0] in CONTENT_TAGS}
    assert set(tokens) <= content


def test_morphemes_carry_their_spans_in_the_text(tokenizer):
    text = "ＯｐｅｎＡＩ는 2만4576명에게 11억원을 줬다"
    morphemes = tokenizer.morphemes(text)
    assert [(m.form, m.tag) for m in morphemes[:2]] == [("openai", "SL"), ("는", "JX")]
    numbers = [(text[m.start : m.end], m.tag) for m in morphemes if m.tag in ("SN", "NR")]
    assert numbers == [("2", "SN"), ("만", "NR"), ("4576", "SN"), ("11", "SN"), ("억", "NR")]
    assert all(0 <= m.start < m.end <= len(text) for m in morphemes)


def test_tokens_lowercase_latin_and_keep_numbers(tokenizer):
    tokens = tokenizer.tokens("Tesla의 CEO는 도조(Dojo)에 10억 달러를 투자했다.")
    assert {"tesla", "ceo", "dojo", "10", "달러", "투자"} <= set(tokens)
    assert not any(t != t.lower() for t in tokens)
    assert "는" not in tokens and "를" not in tokens and "의" not in tokens


def test_nfkc_full_width_latin_and_digits(tokenizer):
    assert "ai" in tokenizer.tokens("ＡＩ 반도체")
    assert tokenizer.tokens("ＡＩ 반도체 시장에서 ＮＶＩＤＩＡ의 점유율은 ８０%다.") == tokenizer.tokens(
        "AI 반도체 시장에서 NVIDIA의 점유율은 80%다."
    )
    text = "ＡＩ 반도체 시장이 커졌다. 엔비디아가 수혜를 입었다."
    spans = tokenizer.split(text)
    assert [text[s.start : s.end] for s in spans] == ["ＡＩ 반도체 시장이 커졌다.", "엔비디아가 수혜를 입었다."]
    assert "ai" in spans[0].tokens


def test_boilerplate_sentences_are_not_returned(tokenizer):
    text = (
        "정부가 내년도 예산안을 발표했다. Copyright (C) 뉴스1. All rights reserved.\n\n"
        "hong@yna.co.kr\n\n"
        "무단 전재 및 재배포 금지\n\n"
        "/사진=게티이미지뱅크\n\n"
        "▶ 제보는 카톡 okjebo\n\n"
        "국회는 12월 2일까지 예산안을 처리해야 한다."
    )
    got = sentences(tokenizer, text)
    assert got == ["정부가 내년도 예산안을 발표했다.", "국회는 12월 2일까지 예산안을 처리해야 한다."]
    assert not any(is_boilerplate_sentence(s) for s in got)


def test_question_tokens_drop_nothing_but_function_words(tokenizer):
    assert tokenizer.tokens("") == ()
    assert tokenizer.tokens("?!...") == ()
    assert "머스크" in tokenizer.tokens("머스크가 오픈AI를 고소한 진짜 이유는?")


# ---- tokenizer version ----------------------------------------------------------


def _variant_module(replace: tuple[str, str]) -> types.ModuleType:
    """index/tokenize.py executed with one regex replacement in its source."""
    source = Path(tokenize_module.__file__).read_text(encoding="utf-8")
    pattern, repl = replace
    changed, count = re.subn(pattern, repl, source, count=1)
    assert count == 1, f"pattern {pattern!r} not found in index/tokenize.py"
    module = types.ModuleType("index._tokenize_variant")
    module.__file__ = tokenize_module.__file__
    exec(compile(changed, tokenize_module.__file__, "exec"), module.__dict__)
    return module


def test_tokenizer_version_is_derived_from_the_config():
    same = _variant_module((r"(?m)^(CONTENT_TAGS = .*)$", r"\1"))
    assert same.TOKENIZER_VERSION == TOKENIZER_VERSION
    assert Tokenizer.version == TOKENIZER_VERSION


@pytest.mark.parametrize(
    "replace",
    [
        (r'(?m)^CONTENT_TAGS = \(.*\)$', 'CONTENT_TAGS = ("NNG", "NNP", "NNB", "NR", "VV", "VA", "XR", "SL", "SH")'),
        (r'"latin": "lower"', '"latin": "keep"'),
        (r'"rev": (\d+)', '"rev": 999'),
    ],
    ids=["content-tags", "latin-option", "revision"],
)
def test_tokenizer_version_changes_with_the_config(replace):
    changed = _variant_module(replace)
    assert changed.TOKENIZER_VERSION != TOKENIZER_VERSION
    assert changed.Tokenizer.version == changed.TOKENIZER_VERSION


class _CountingTokenizer(Tokenizer):
    def __init__(self, kiwi, version: str):
        super().__init__(kiwi)
        self.version = version
        self.split_texts: list[str] = []

    def split_many(self, texts):
        texts = list(texts)
        self.split_texts.extend(texts)
        return super().split_many(texts)


def test_engine_with_another_tokenizer_version_rebuilds(kiwi, make_engine, tmp_path):
    corpus = tmp_path / "corpus"
    first = _CountingTokenizer(kiwi, TOKENIZER_VERSION)
    engine = make_engine(corpus, first)
    (parsed,) = read_path(SEED)
    assert engine.add_articles([parsed.article])[0].status == "added"
    engine.save_snapshot()
    article = engine.store.page(0, 1)[0]
    before = engine.ask("테슬라가 도조에 투자하는 금액은?").hits
    assert first.split_texts == [article.text]

    # same version: nothing is tokenized again
    again = _CountingTokenizer(kiwi, TOKENIZER_VERSION)
    make_engine(corpus, again)
    assert again.split_texts == []

    other = _CountingTokenizer(kiwi, "test-other-version")
    rebuilt = make_engine(corpus, other)
    assert other.split_texts == [article.text], "a token cache entry of another version must be ignored"
    ((version, key),) = rebuilt.store.db.query("SELECT tokenizer, index_key FROM tokens WHERE article_id = ?", (article.id,))
    assert version == TokenCache(rebuilt.store.db, "test-other-version").version
    assert version != TokenCache(rebuilt.store.db, TOKENIZER_VERSION).version
    assert key == index_key(article.title, article.text)
    params = json.loads((corpus / ".index" / "snapshot" / "params.json").read_text(encoding="utf-8"))
    assert params["tokenizer"] == "test-other-version"
    after = rebuilt.ask("테슬라가 도조에 투자하는 금액은?").hits
    assert [h.sentence for h in after] == [h.sentence for h in before]


@pytest.mark.parametrize("text", ["머스크가 오픈AI를 고소한 진짜 이유는?", "ＡＩ 반도체　투자", "휴넷 주4일제", "bad \ud800 byte"])
def test_read_is_tokens_and_morphemes_in_one_pass(tokenizer, text):
    tokens, morphemes = tokenizer.read(text)
    assert tokens == tokenizer.tokens(text)
    assert morphemes == tokenizer.morphemes(text)


def test_morphemes_of_many_texts_are_each_texts_own(tokenizer):
    """The batch (Kiwi's worker threads) reads each text as a call of its own would, in order."""
    texts = ["테슬라가 도조에 10억 달러를 투자한다.", "", "ＡＢＣ 전각 문자와 \ud800 깨진 글자", "머스크 오픈AI 소송", "짧다"] * 3
    assert tokenizer.morphemes_many(texts) == [tokenizer.morphemes(t) for t in texts]
    assert tokenizer.morphemes_many([]) == []
