"""Boilerplate removal (index.text.clean) on lines written in each outlet's style.

Every fixture line here was written for these tests in the house style of the
outlet named beside it; the article bodies around them are made up.  Each
case checks both sides: the boilerplate goes *and* the real paragraphs
around it stay exactly as they were.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from index.text.clean import clean_paragraphs, clean_text, clean_title, is_boilerplate_sentence
from index.ingest.importers import read_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = FIXTURES / "000_6889fb97133f14de.txt"

BEFORE = "정부가 내년도 예산안을 656조원 규모로 편성했다고 27일 밝혔다."
AFTER = "기획재정부는 건전재정 기조를 유지하면서 미래 성장 동력에 투자하겠다고 설명했다."


def between(line: str) -> str:
    """``line`` as its own paragraph between two article paragraphs."""
    return f"{BEFORE}\n\n{line}\n\n{AFTER}"


NEWS1_DOUBLE_CAPTION = (
    "(크라코프 로이터=뉴스1) 권진영 기자 = 폴란드 크라코프에서 열린 국제회의에 참석한 한 기업인이 "
    "생각에 잠겨 있다. 2024.01.22/  ⓒ 로이터=뉴스1  Copyright (C) 뉴스1. All rights reserved. "
    "무단 전재 및 재배포,  AI학습 이용 금지. /사진=(크라코프 로이터=뉴스1) 권진영 기자"
    "(크라코프 로이터=뉴스1) 권진영 기자 = 폴란드 크라코프에서 열린 국제회의에 참석한 한 기업인이 "
    "생각에 잠겨 있다. 2024.01.22/ ⓒ 로이터=뉴스1 Copyright (C) 뉴스1. All rights reserved. "
    "무단 전재 및 재배포, AI학습 이용 금지. /사진=(크라코프 로이터=뉴스1) 권진영 기자"
)

# (outlet, kind, line): the whole line is boilerplate and must disappear.
BOILERPLATE = [
    ("mt", "byline", "머니투데이 뉴욕=박준식 특파원 2024.04.05 00:09"),
    ("mt", "byline", "머니투데이 김하늘 기자 2024.03.11 14:25"),
    ("mt", "photo-credit", "/사진=(크라코프 로이터=뉴스1) 권진영 기자"),
    ("mt", "photo-credit", "/사진=게티이미지뱅크"),
    ("mt", "ui", "글자크기"),
    ("mt", "ui", "TOP"),
    ("mt", "copyright", "<저작권자 ⓒ '돈이 보이는 리얼타임 뉴스' 머니투데이, 무단전재 및 재배포 금지>"),
    ("yna", "email", "hong@yna.co.kr"),
    ("yna", "copyright", "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>"),
    ("yna", "ui", "▶ 제보는 카톡 okjebo"),
    ("yna", "ui", "▶ 관련기사"),
    ("yna", "ui", "☞ 네이버에서 연합뉴스 구독하기"),
    ("news1", "copyright", "Copyright (C) 뉴스1. All rights reserved. 무단 전재 및 재배포, AI학습 이용 금지."),
    ("newsis", "copyright", "<저작권자ⓒ 공감언론 뉴시스통신사. 무단전재-재배포, AI학습 및 활용 금지>"),
    ("chosun", "copyright", "Copyright ⓒ 조선일보 & chosun.com, 무단 전재 및 재배포 금지"),
    ("chosun", "byline", "김아름 기자"),
    ("hani", "byline-email", "정석영 기자 sukyoung@hani.co.kr"),
    ("hani", "copyright", "ⓒ 한겨레신문사 : 무단전재 및 재배포, AI 학습 이용 금지"),
    ("edaily", "byline", "[이데일리 김철수 기자]"),
    ("edaily", "copyright", "<ⓒ종합 경제정보 미디어 이데일리 - 무단전재 & 재배포 금지>"),
    ("joongang", "byline-email", "이정민 기자 lee.jeongmin@joongang.co.kr"),
    ("joongang", "copyright", "ⓒ중앙일보(https://www.joongang.co.kr), 무단 전재 및 재배포 금지"),
    ("joongang", "caption", "[중앙포토]"),
    ("kbs", "sign-off", "KBS 뉴스 박영희입니다."),
    ("kbs", "credits", "촬영기자:김철호/영상편집:이웅/그래픽:박미주"),
    ("kbs", "copyright", "Copyright ⓒ KBS. All rights reserved. 무단 전재, 재배포 및 이용(AI 학습 포함) 금지"),
    ("kbs", "tips", "▷ 카카오톡 : 'KBS제보' 검색, 채널 추가 ▷ 전화 : 02-781-1234, 4444 ▷ 이메일 : kbs1234@kbs.co.kr"),
    ("sbs", "sign-off", "SBS 김지훈입니다."),
    ("sbs", "credits", "(영상취재 : 김현상, 영상편집 : 김종태)"),
    ("sbs", "copyright", "Copyright ⓒ SBS. All rights reserved. 무단 전재, 재배포 및 AI학습 이용 금지"),
    ("ytn", "tips",
     "※ '당신의 제보가 뉴스가 됩니다' [카카오톡] YTN 검색해 채널 추가 [전화] 02-398-8585 [메일] social@ytn.co.kr"),
    ("generic", "stamp", "입력 2024.04.05 06:00 수정 2024.04.05 07:12"),
    ("generic", "stamp", "2024.04.05 00:09"),
    ("generic", "copyright", "All rights reserved."),
    ("generic", "copyright", "AI학습 이용 금지"),
    ("generic", "copyright", "무단 전재 및 재배포 금지"),
]


@pytest.mark.parametrize(
    "line", [c[2] for c in BOILERPLATE], ids=[f"{o}-{k}-{i}" for i, (o, k, _) in enumerate(BOILERPLATE)]
)
def test_boilerplate_paragraph_is_removed_and_body_kept(line):
    assert clean_paragraphs(line) == []
    assert clean_paragraphs(between(line)) == [BEFORE, AFTER]


# (outlet, photo caption with its credits, the description): inside an article the whole caption goes;
# alone (a photo story, whose caption is all the text it has) the description stays and only the
# lead, credits and e-mail go, so that the cleaner never empties an article.  (Before span cleaning a
# lone caption was dropped whole, leaving a photo story with no text at all.)
CAPTIONS = [
    ("yna", "(서울=연합뉴스) 류영석 기자 = 대통령이 5일 용산 대통령실에서 열린 국무회의에서 발언하고 있다. "
            "2024.4.5 [대통령실 제공. 재판매 및 DB 금지] ryousanta@yna.co.kr",
     "대통령이 5일 용산 대통령실에서 열린 국무회의에서 발언하고 있다."),
    ("yna", "경기 평택항 수출 부두에 컨테이너가 쌓여 있다. [연합뉴스 자료사진]", "경기 평택항 수출 부두에 컨테이너가 쌓여 있다."),
    ("news1-twice", NEWS1_DOUBLE_CAPTION, "폴란드 크라코프에서 열린 국제회의에 참석한 한 기업인이 생각에 잠겨 있다."),
    ("news1", "(서울=뉴스1) 김민수 기자 = 6일 서울 여의도 국회에서 본회의가 열리고 있다. 2024.3.6/뉴스1",
     "6일 서울 여의도 국회에서 본회의가 열리고 있다."),
    ("newsis", "[서울=뉴시스] 박미영 기자 = 6일 오전 서울 종로구 광화문광장 일대가 시민들로 붐비고 있다. "
               "2024.04.06. photo@newsis.com", "6일 오전 서울 종로구 광화문광장 일대가 시민들로 붐비고 있다."),
    ("chosun", "서울 여의도 국회 본회의장 모습. /뉴스1", "서울 여의도 국회 본회의장 모습."),
    ("hani", "▲ 5일 오후 서울 중구 명동거리가 관광객들로 붐비고 있다.", "▲ 5일 오후 서울 중구 명동거리가 관광객들로 붐비고 있다."),
    ("hani", "지난 5일 서울 중구 명동 거리. 김봉규 선임기자", "지난 5일 서울 중구 명동 거리."),
    ("joongang", "지난 5일 서울 중구 명동 거리의 모습. [사진 연합뉴스]", "지난 5일 서울 중구 명동 거리의 모습."),
]


@pytest.mark.parametrize("line,description", [c[1:] for c in CAPTIONS], ids=[c[0] for c in CAPTIONS])
def test_caption_goes_inside_an_article_and_stays_alone(line, description):
    assert clean_paragraphs(between(line)) == [BEFORE, AFTER]
    assert clean_paragraphs(line) == [description]


# (outlet, paragraph with a lead, the body that must remain)
LEADS = [
    ("yna", "(서울=연합뉴스) 홍길동 기자 = 정부가 새해 경제정책방향을 4일 발표했다.",
     "정부가 새해 경제정책방향을 4일 발표했다."),
    ("yna-correspondent", "(워싱턴=연합뉴스) 김동현 특파원 = 미국 연방준비제도가 기준금리를 동결했다.",
     "미국 연방준비제도가 기준금리를 동결했다."),
    ("yna-no-reporter", "(서울=연합뉴스) 정부가 새 부동산 정책을 발표했다.", "정부가 새 부동산 정책을 발표했다."),
    ("news1-middot", "(서울=뉴스1) 김민수·박지훈 기자 = 여야가 내년도 예산안 처리에 합의했다.",
     "여야가 내년도 예산안 처리에 합의했다."),
    ("news1-two-reporters", "(서울=뉴스1) 김민수 박지훈 기자 = 여야가 내년도 예산안 처리에 합의했다.",
     "여야가 내년도 예산안 처리에 합의했다."),
    ("newsis", "[서울=뉴시스] 박미영 기자 = 서울시가 대중교통 요금을 인상한다고 밝혔다.",
     "서울시가 대중교통 요금을 인상한다고 밝혔다."),
    ("edaily", "[이데일리 김철수 기자] 한국은행이 기준금리를 연 3.50%로 동결했다.",
     "한국은행이 기준금리를 연 3.50%로 동결했다."),
    ("asiae", "[아시아경제 최영희 기자] 코스피가 장중 2700선을 회복했다.", "코스피가 장중 2700선을 회복했다."),
    ("mt", "[머니투데이 박준식 기자] 테슬라가 자율주행 기술에 투자를 늘린다.",
     "테슬라가 자율주행 기술에 투자를 늘린다."),
]


@pytest.mark.parametrize("raw,body", [c[1:] for c in LEADS], ids=[c[0] for c in LEADS])
def test_lead_is_stripped_and_body_kept(raw, body):
    assert clean_paragraphs(raw) == [body]
    assert clean_paragraphs(between(raw)) == [BEFORE, body, AFTER]


# Real news sentences that merely mention words the cleaner looks for.
PROSE = [
    ("copyright-infringement", "정부는 저작권 침해에 대한 처벌을 강화한다고 밝혔다."),
    ("copyright-dispute", "두 회사는 3년째 이어진 저작권 분쟁을 합의로 마무리했다."),
    ("press-conference", "대통령은 이날 기자회견에서 경제 정책의 방향을 설명했다."),
    ("press-conference-quote", "기자회견에 참석한 김 위원장은 \"재발 방지에 최선을 다하겠다\"고 말했다."),
    ("reporters-quote", "그는 기자들과 만나 \"아직 결정된 것은 없다\"고 말했다."),
    ("photo-exhibition", "사진전은 다음 달 말까지 서울 종로구 갤러리에서 열린다."),
    ("photographers", "국회 사진기자단은 이날 성명을 발표했다."),
    ("former-reporter", "연합뉴스 기자 출신인 그는 지난해 정계에 입문했다."),
    ("correspondents", "특파원 2명이 현지에 급파됐다."),
    ("date-in-prose", "삼성전자 주가는 2024.04.05 종가 기준 8만4500원을 기록했다."),
    ("top-in-prose", "상위(TOP) 10개 기업의 매출이 전체의 절반을 차지했다."),
    ("kakaotalk", "카카오톡 이용자는 4800만명을 넘어섰다."),
    ("graphics-card", "그래픽 카드 가격이 2년 만에 최저치로 떨어졌다."),
    ("ai-training-request", "회사 측은 AI 학습에 기사를 이용하는 것을 금지해 달라고 요청했다."),
    ("copyright-holder", "저작권자의 허락 없이 음원을 올린 혐의로 30대가 입건됐다."),
    ("unauthorized-reprint", "검찰은 언론사 기사를 무단 전재한 혐의로 블로그 운영자를 기소했다."),
    ("redistribution-injunction", "법원은 해당 영상의 재배포 금지 가처분 신청을 받아들였다."),
    ("copyright-office", "미국 저작권청(Copyright Office)은 AI가 만든 그림의 등록을 거부했다."),
    ("contact-email", "신고는 이메일(report@kisa.or.kr)이나 전화 118로 하면 된다."),
]


@pytest.mark.parametrize("sentence", [p[1] for p in PROSE], ids=[p[0] for p in PROSE])
def test_real_news_sentence_survives(sentence):
    assert clean_paragraphs(between(sentence)) == [BEFORE, sentence, AFTER]
    assert not is_boilerplate_sentence(sentence)


def test_copyright_tail_is_cut_from_a_body_paragraph():
    body = "정부가 내년도 예산안을 656조원 규모로 편성했다고 27일 밝혔다. 재정 적자는 줄어든다."
    for tail in ("ⓒ 뉴스1", "<저작권자 ⓒ 연합뉴스, 무단 전재 및 재배포 금지>", "Copyright (C) 뉴시스. All rights reserved."):
        assert clean_paragraphs(f"{body} {tail}") == [body], tail


def test_inline_photo_credit_is_cut_and_paragraph_kept():
    paragraph = (
        "한국은행이 기준금리를 연 3.50%로 동결했다.(사진=연합뉴스) "
        "이창용 총재는 기자간담회에서 인하 가능성을 열어뒀다."
    )
    cleaned = clean_paragraphs(paragraph)
    assert len(cleaned) == 1
    assert "사진=" not in cleaned[0]
    assert "한국은행이 기준금리를 연 3.50%로 동결했다." in cleaned[0]
    assert "이창용 총재는 기자간담회에서 인하 가능성을 열어뒀다." in cleaned[0]


def test_repeated_paragraphs_are_kept_once():
    text = f"{BEFORE}\n\n{AFTER}\n\n{BEFORE}\n{BEFORE} {BEFORE}"
    assert clean_paragraphs(text) == [BEFORE, AFTER]


def test_whitespace_and_control_characters_are_normalised():
    text = f"  {BEFORE}\u200b\r\n\r\n\u3000{AFTER}\x07  "
    assert clean_paragraphs(text) == [BEFORE, AFTER]
    assert clean_text(text) == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize(
    "raw,title",
    [
        ("정부, 내년 예산 656조원 편성 - 연합뉴스", "정부, 내년 예산 656조원 편성"),
        ("코스피 2700 회복 | 한국경제", "코스피 2700 회복"),
        ("삼성-LG, 가전 경쟁 격화", "삼성-LG, 가전 경쟁 격화"),
        ('머스크가 오픈AI 소송한 진짜 이유...결국 "미친 AI 인재전쟁" 때문',
         '머스크가 오픈AI 소송한 진짜 이유...결국 "미친 AI 인재전쟁" 때문'),
        ("  줄바꿈이\n있는   제목  ", "줄바꿈이 있는 제목"),
    ],
)
def test_clean_title(raw, title):
    assert clean_title(raw) == title


# ---- the seed article ---------------------------------------------------------

SEED_BODY_STARTS = (
    "일론 머스크 테슬라 창업주가",
    "당초 공식적으로는",
    "4일(현지시간) 월스트리저널(WSJ)",
    "실제로 머스크는 테슬라의 AI핵심인재가",
    "머스크는 지난 3일 엑스에 다시",
    "AI붐을 주도하는 오픈AI는",
    "테슬라는 지난해 여름",
)
SEED_BOILERPLATE = (
    "ⓒ", "Copyright", "All rights reserved", "무단", "재배포", "AI학습", "사진=", "기자 =", "특파원",
    "글자크기", "TOP", "2024.04.05 00:09", "2024.01.22", "2023.11.06", "권진영", "정지윤", "로이터", "AFP",
)


def _seed_body_lines() -> list[str]:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    return [next(line for line in lines if line.startswith(start)) for start in SEED_BODY_STARTS]


def test_seed_fixture_is_the_shared_seed():
    shared = Path(__file__).resolve().parents[4] / "shared" / "seed" / SEED.name
    if not shared.is_file():
        pytest.skip("../shared/seed is not available; the bundled copy is used alone")
    assert SEED.read_bytes() == shared.read_bytes()


def test_seed_cleaning_keeps_exactly_the_seven_body_paragraphs():
    (parsed,) = list(read_path(SEED))
    assert parsed.article is not None, parsed.error
    cleaned = clean_paragraphs(parsed.article.text)
    assert cleaned == _seed_body_lines()


def test_seed_cleaning_leaves_no_boilerplate():
    text = clean_text(SEED.read_text(encoding="utf-8"))
    for marker in SEED_BOILERPLATE:
        assert marker not in text, marker
    # the whole raw file: title plus the same seven paragraphs
    assert clean_paragraphs(SEED.read_text(encoding="utf-8"))[1:] == _seed_body_lines()
