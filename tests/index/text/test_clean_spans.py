"""Span-level cleaning: outlet boilerplate inside real-looking paragraphs, in every shape.

Each case is a paragraph written for these tests in an outlet's house style,
with the boilerplate *inside* it (not on a line of its own).  Every case is
checked as its own paragraph between two others, with the whole article
flattened to one paragraph, and with punctuation, brackets and quotes stripped
as some exports do: the real sentences stay, the boilerplate goes.
"""
from __future__ import annotations

import re

import pytest

from index.text.clean import CLEANER_VERSION, BoilerplateKind, clean_article, clean_text, is_boilerplate_sentence

K = BoilerplateKind
BEFORE = "정부가 내년도 예산안을 656조원 규모로 편성했다고 27일 밝혔다."
AFTER = "국회는 12월 2일까지 예산안을 심의해 처리해야 한다."
_STRIPPED = re.compile(r"[\"'“”‘’「」『』【】［］()\[\]{}<>=]|[.,!?](?=\s|$)")


def strip_punctuation(text: str) -> str:
    return " ".join(_STRIPPED.sub(" ", text).split())


def squeeze(text: str) -> str:
    return "".join(text.split())


class Case:
    def __init__(self, name: str, parts: list[str], junk: list[str], kinds: set[K]):
        self.name = name
        self.paragraph = " ".join(parts)
        self.real = [p for p in parts if p not in junk_parts(parts, junk)]
        self.junk = junk
        self.kinds = kinds


def junk_parts(parts: list[str], junk: list[str]) -> list[str]:
    return [p for p in parts if any(j in p for j in junk)]


CASES = [
    Case("yna-lead-after-subtitle",
         ["여야, 내년 예산안 12월 2일 처리 합의", "(서울=연합뉴스) 홍길동 기자 =",
          "여야 원내대표가 내년도 예산안을 법정 시한인 12월 2일에 처리하기로 합의했다.",
          "양당은 쟁점 예산은 소소위원회에서 따로 논의하기로 했다."],
         ["홍길동", "연합뉴스"], {K.dateline}),
    Case("news1-credit-and-copyright",
         ["경기 성남시 분당구 판교의 한 게임회사 사옥.", "넥스트플레이 제공 © News1 이승배 기자",
          "(서울=뉴스1) 박소연 기자 =", "국내 게임업계의 1분기 실적이 시장 예상치를 밑돌았다.",
          "신작 출시가 늦어진 탓이라는 분석이 나온다."],
         ["News1", "이승배", "박소연", "넥스트플레이 제공", "뉴스1"], {K.credit, K.copyright, K.dateline}),
    Case("news1-provided",
         ["올해 축제에는 시민 3만여 명이 다녀갔다.", "뉴스1 제공",
          "주최 측은 내년에는 행사 기간을 닷새로 늘릴 계획이다."],
         ["뉴스1"], {K.credit}),
    Case("newsis-dateline",
         ["서울 지하철 요금 150원 오른다", "[서울=뉴시스] 이지은 기자 =",
          "서울시가 다음 달부터 지하철 기본요금을 150원 올린다고 밝혔다.",
          "버스 요금은 하반기에 조정할 예정이다."],
         ["뉴시스", "이지은"], {K.dateline}),
    Case("edaily-bracket-byline",
         ["한은, 기준금리 연 3.50% 동결", "[이데일리 김하늘 기자]",
          "한국은행이 기준금리를 연 3.50%로 또다시 동결했다.", "물가 상승률이 여전히 목표치를 웃돌고 있어서다."],
         ["이데일리", "김하늘"], {K.byline}),
    Case("kbs-transcript",
         ["[앵커]", "올여름 첫 폭염특보가 내려졌습니다.", "[리포트]",
          "서울의 낮 기온이 34도까지 올랐습니다.", "기상청은 주말까지 무더위가 이어진다고 밝혔습니다.",
          "KBS 뉴스 최지우입니다.", "영상취재: 오태식 영상편집: 한소라"],
         ["앵커", "리포트", "KBS", "최지우", "영상취재", "오태식", "영상편집", "한소라"], {K.broadcast, K.byline}),
    Case("related-links",
         ["정부는 전세사기 피해자 지원을 1년 더 연장하기로 했다.", "▶ 관련기사",
          "피해자로 인정된 세입자는 1만5천 명을 넘어섰다."],
         ["관련기사"], {K.related}),
    Case("photo-credit-mid-paragraph",
         ["서울 여의도 한강공원이 벚꽃을 보러 나온 시민들로 붐볐다.", "사진=연합뉴스",
          "기상청은 이번 주말이 벚꽃 절정이 될 것으로 내다봤다."],
         ["사진=", "연합뉴스"], {K.credit}),
    Case("ytn-copyright-and-email",
         ["경찰은 운전자를 상대로 정확한 사고 경위를 조사하고 있습니다.", "YTN 정다은 [jiwoo@ytn.co.kr]",
          "[저작권자(c) YTN 무단전재 및 재배포 금지]", "다음 소식입니다.",
          "오늘 오후 부산의 한 공장에서 불이 나 2시간 만에 꺼졌습니다."],
         ["YTN", "정다은", "@", "저작권자", "무단"], {K.byline, K.copyright}),
    Case("bracketed-email-of-the-issue",
         ["한파주의보는 내일 오전 해제될 예정입니다.", "[sojung@ytn.co.kr]",
          "출근길 빙판길 사고에 유의해야 합니다."],
         ["@"], {K.email}),
    Case("mt-byline-and-stamp",
         ["머니투데이 뉴욕=박준식 특파원 2024.04.05 00:09", "글자크기",
          "뉴욕증시가 기술주 강세에 힘입어 사상 최고치로 마감했다."],
         ["머니투데이", "박준식", "00:09", "글자크기"], {K.dateline, K.ui}),
]


def _article(case: Case, shape: str) -> str:
    if shape == "paragraph":
        return f"{BEFORE}\n\n{case.paragraph}\n\n{AFTER}"
    flat = f"{BEFORE} {case.paragraph} {AFTER}"
    return flat if shape == "one-paragraph" else strip_punctuation(flat)


@pytest.mark.parametrize("shape", ["paragraph", "one-paragraph", "no-punctuation"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_boilerplate_inside_a_paragraph_goes_and_the_news_stays(case, shape):
    reshape = strip_punctuation if shape == "no-punctuation" else (lambda s: s)
    cleaned = clean_article(_article(case, shape))
    for sentence in [BEFORE, *case.real, AFTER]:
        assert squeeze(reshape(sentence)) in squeeze(cleaned.text), sentence
    for marker in case.junk:
        assert (reshape(marker).strip() or marker) not in cleaned.text, marker
    if shape != "no-punctuation":  # without its brackets a dateline may be read as a byline
        assert case.kinds <= {r.kind for r in cleaned.removed}
    assert cleaned.removed_chars == sum(len(squeeze(r.text)) for r in cleaned.removed)


def test_removals_are_exactly_the_boilerplate():
    text = "(서울=연합뉴스) 홍길동 기자 = 정부가 예산안을 발표했다. hong@yna.co.kr <저작권자(c) 연합뉴스, 무단 전재-재배포 금지>"
    cleaned = clean_article(text)
    assert cleaned.text == "정부가 예산안을 발표했다."
    assert [(r.kind, r.text) for r in cleaned.removed] == [
        (K.copyright, "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>"),
        (K.dateline, "(서울=연합뉴스) 홍길동 기자 ="),
        (K.email, "hong@yna.co.kr"),
    ]
    assert cleaned.raw_chars == len(squeeze(text))
    assert cleaned.removed_chars == cleaned.raw_chars - len(squeeze(cleaned.text))
    assert cleaned.over_cleaned  # 49 of 62 characters were chrome


def test_over_cleaned_is_more_than_a_third():
    body = "정부가 내년도 예산안을 656조원 규모로 편성했다고 밝혔다."  # 27 characters without spaces
    light = clean_article(f"{body} ⓒ 뉴스1")
    heavy = clean_article(f"{body} Copyright ⓒ 뉴스1. All rights reserved. 무단 전재 및 재배포 금지")
    assert light.text == heavy.text == body
    assert not light.over_cleaned and heavy.over_cleaned


def test_clean_text_is_the_text_of_clean_article():
    text = f"{BEFORE}\n\n[이데일리 김하늘 기자] {AFTER} ⓒ 이데일리"
    assert clean_text(text) == clean_article(text).text == f"{BEFORE}\n\n{AFTER}"


def test_cleaner_version_is_a_stable_string():
    assert isinstance(CLEANER_VERSION, str) and CLEANER_VERSION
    assert clean_article.__module__ == "index.text.clean"


# ---- real news that looks like a byline ---------------------------------------------

BYLINE_LIKE_NEWS = [
    "검찰 관계자는 \"홍길동 기자는 당시 현장에 없었다\"고 밝혔다.",
    "홍길동 기자는 이날 기자회견에서 장관에게 질문을 던졌다.",
    "법원은 명예훼손 혐의로 기소된 김철수 기자에게 무죄를 선고했다.",
    "올해 수상자는 이데일리 김하늘 기자와 연합뉴스 박민수 기자다.",
    "뉴스1 김민수 기자가 이 사건을 처음 보도했다.",
    "KBS 뉴스 홍길동입니다라는 인사로 시작한 첫 방송은 화제가 됐다.",
    "이규승 전 스포츠조선 전문기자(경마 칼럼니스트)가 고액 배당을 적중시켰다.",
    "사진기자 출신인 그는 30년 동안 전쟁터를 누볐다.",
    "현장에는 방송 기자 4명과 통신 기자 4명 등 8명의 취재진이 파견됐다.",
    "변호인 측은 시민 제보(tips@example.org)로 영상을 확보했다고 밝혔다.",
]


@pytest.mark.parametrize("sentence", BYLINE_LIKE_NEWS)
def test_a_byline_like_sentence_that_is_news_stays(sentence):
    assert clean_text(sentence) == sentence
    assert clean_text(f"{BEFORE} {sentence} {AFTER}") == f"{BEFORE} {sentence} {AFTER}"
    assert not is_boilerplate_sentence(sentence)


@pytest.mark.parametrize("sentence", [
    "홍길동 기자", "[이데일리 김하늘 기자]", "hong@yna.co.kr", "ⓒ 뉴스1", "무단 전재 및 재배포 금지",
    "KBS 뉴스 최지우입니다.", "(서울=연합뉴스) 홍길동 기자 =", "/사진=게티이미지뱅크", "▶ 관련기사", "", "  ",
])
def test_a_sentence_of_boilerplate_only_is_boilerplate(sentence):
    assert is_boilerplate_sentence(sentence)


def test_a_sentence_with_some_boilerplate_is_not_dropped():
    assert not is_boilerplate_sentence("정부가 예산안을 발표했다. ⓒ 뉴스1")
    assert not is_boilerplate_sentence("(서울=연합뉴스) 홍길동 기자 = 정부가 예산안을 발표했다.")


# ---- bad input ---------------------------------------------------------------------------


def test_nothing_but_credits_cleans_to_empty_and_reports_every_character():
    text = ("© News1 (서울=뉴스1) 홍길동 기자 = /사진=뉴스1 Copyright ⓒ 뉴스1. All rights reserved. "
            "무단 전재 및 재배포 금지 hong@news1.kr [이데일리 김하늘 기자] ▶ 관련기사 글자크기")
    cleaned = clean_article(text)
    assert cleaned.text == ""
    assert cleaned.removed_chars == cleaned.raw_chars == len(squeeze(text))
    assert cleaned.over_cleaned


def test_mixed_scripts_are_kept_as_they_are():
    text = "테슬라(Tesla)의 株價가 급등했다. Тесла выросла на 5%. ارتفعت أسهم تسلا 😀 🇰🇷"
    cleaned = clean_article(text)
    assert cleaned.text == text and cleaned.removed == () and cleaned.removed_chars == 0


def test_lone_surrogates_and_controls_are_dropped_without_an_exception():
    text = "정부가\ud800 예산안을\x00 발표했다.\udfff\u200b ⓒ 뉴스1"
    cleaned = clean_article(text)
    assert cleaned.text == "정부가 예산안을 발표했다."
    cleaned.text.encode("utf-8")
    assert cleaned.raw_chars == len(squeeze("정부가 예산안을 발표했다. ⓒ 뉴스1"))
    assert cleaned.removed_chars == len("ⓒ뉴스1")


@pytest.mark.parametrize("text", ["", " \n\t ", "\ud800", "ⓒ", "(", "=", "@", "기자", "2024.04.05"])
def test_tiny_inputs_never_raise(text):
    cleaned = clean_article(text)
    assert cleaned.removed_chars + len(squeeze(cleaned.text)) == cleaned.raw_chars


def test_an_extractors_tag_leftover_goes_but_typed_markup_is_text():
    ad = '<iframe src="//ads.example.kr/740.html" width="740" height="29" title="광고"></iframe>'
    assert clean_text(f"{BEFORE} {ad} {AFTER}") == f"{BEFORE} {AFTER}"
    typed = "삼성전자 <주가> 전망 & a < b </b> <script>alert(1)</script> 주가가 5% 올랐다."
    assert clean_text(typed) == typed
