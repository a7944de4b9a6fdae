"""The seed article in the four shapes an article arrives in: every real sentence stays, the chrome goes.

Shapes: the file as shipped (paragraphs on lines), the whole file flattened to
one paragraph (as dataset exports store articles), flattened with its
punctuation, brackets and quotes stripped (an export that kept only words), and
the saved HTML page run through the extractor (which returns the text
uncleaned; the engine cleans it).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.ingest.extract import page_from_html
from index.text.clean import clean_article

TESTS = Path(__file__).resolve().parents[2]
SEED = TESTS / "index" / "fixtures" / "000_6889fb97133f14de.txt"
PAGE = TESTS / "pages" / "mt_seed.html"

# The sentences a reader asks about (issue 10: 블랙홀, 10억 달러, 대주주, 수백명, 휴머노이드, 급여, 소송을 건 이유).
KEY_SENTENCES = (
    "일론 머스크 테슬라 창업주가 자신이 창업에 동참했던 오픈에이아이(Open AI)에 소송을 건 이유가 직간접적으로 드러나고 있다.",
    "당초 공식적으로는 오픈AI가 비영리법인 사명을 등지고 영리에 몰두하면서 퇴색했다는 명분을 들었지만 실상은 미국의 "
    "투자금 조달이나 인재영입 시장에서 그들이 블랙홀처럼 자원을 빨아들이고 있기 때문이라는 것이다.",
    "머스크는 지난 3일 엑스에 다시 \"오픈AI가 대규모 보상 제안을 앞세운 공격적인 스카우트로 테슬라 엔지니어들을 빼가고 있다\"며 "
    "\"이 때문에 테슬라는 급여를 인상하고 있고, 이것은 내가 본 것 중 가장 미친 인재 전쟁\"이라고 지적했다.",
    "시장은 AI혁명을 중심으로 돌아가고 있지만 실제로 마켓에서 활동하는 진짜 AI인재는 수백명에 불과하기 때문에 여러 "
    "빅테크들이 소수의 재원들을 서로 모셔가려고 몸값 인상을 계속하면서 그 가격이 터무니 없이 높은 수준으로 치솟고 있다는 것이다.",
    "AI붐을 주도하는 오픈AI는 대주주인 마이크로소프트의 영리활동에 핵심이 된 챗GPT 서비스를 제공해 인공지능의 상용화에 성공했다.",
    "하지만 머스크가 이끄는 AI 사업부는 검색이나 플랫폼 서비스보다는 무인자동차와 휴머노이드 분야에 AI를 접목하는 방안에 중점을 두고 있다.",
    "테슬라는 지난해 여름 자율주행차 기술개발을 위해 도조(Dojo)라 불리는 슈퍼컴퓨터에 올해 말까지 10억 달러 이상을 투자할 계획이라고 밝혔다.",
)
# Chrome of the seed: the byline and stamp, UI words, both photo captions with their wire
# leads, credits and copyright notices.
CHROME = (
    "머니투데이 뉴욕=박준식 특파원", "박준식", "00:09", "글자크기", "TOP",
    "권진영", "정지윤", "로이터", "AFP", "기자 =", "골똘히 생각에 잠겨", "개발자 컨퍼런스에서 발표하고 있다",
    "2024.01.22", "2023.11.06", "ⓒ", "Copyright", "All rights reserved", "무단 전재", "재배포", "AI학습", "사진=",
)
_STRIPPED = re.compile(r"[\"'“”‘’「」『』【】［］()\[\]{}<>=]|[.,!?](?=\s|$)")


def flatten(text: str) -> str:
    return " ".join(text.split())


def strip_punctuation(text: str) -> str:
    """What an export that keeps only words makes of a text: quotes, brackets, "=" and sentence marks gone."""
    return flatten(_STRIPPED.sub(" ", text))


def squeeze(text: str) -> str:
    return "".join(text.split())


def _body_paragraphs() -> list[str]:
    """The seven paragraphs of the article's body, as the file holds them."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").split("\n")]
    starts = ("일론 머스크 테슬라 창업주가", "당초 공식적으로는", "4일(현지시간)", "실제로 머스크는",
              "머스크는 지난 3일", "AI붐을 주도하는", "테슬라는 지난해 여름")
    return [next(line for line in lines if line.startswith(start)) for start in starts]


def _html_text() -> str:
    return page_from_html(PAGE.read_text(encoding="utf-8"), requested_url="", final_url="").text


SHAPES = {
    "as-shipped": (lambda: SEED.read_text(encoding="utf-8"), lambda s: s),
    "one-paragraph": (lambda: flatten(SEED.read_text(encoding="utf-8")), lambda s: s),
    "no-punctuation": (lambda: strip_punctuation(SEED.read_text(encoding="utf-8")), strip_punctuation),
    "html-page": (_html_text, lambda s: s),
}


@pytest.fixture(params=sorted(SHAPES), scope="module")
def shaped(request):
    """(shape name, raw text in that shape, how that shape rewrites a sentence, the Cleaned result)."""
    make, reshape = SHAPES[request.param]
    raw = make()
    return request.param, raw, reshape, clean_article(raw)


def test_key_sentences_survive(shaped):
    name, _, reshape, cleaned = shaped
    for sentence in KEY_SENTENCES:
        assert squeeze(reshape(sentence)) in squeeze(cleaned.text), (name, sentence)


def test_every_body_paragraph_survives_whole(shaped):
    name, _, reshape, cleaned = shaped
    for paragraph in _body_paragraphs():
        assert squeeze(reshape(paragraph)) in squeeze(cleaned.text), (name, paragraph[:40])


def test_chrome_goes(shaped):
    name, _, reshape, cleaned = shaped
    for marker in CHROME:
        shaped_marker = reshape(marker).strip() or marker
        assert shaped_marker not in cleaned.text, (name, marker)


def test_only_chrome_is_removed_and_it_is_accounted_for(shaped):
    """Whatever is not body text is reported as removed, character for character."""
    name, raw, reshape, cleaned = shaped
    body = sum(len(squeeze(reshape(p))) for p in _body_paragraphs())
    assert cleaned.removed_chars == cleaned.raw_chars - len(squeeze(cleaned.text)), name
    assert cleaned.raw_chars == len(squeeze(raw)), name
    assert len(squeeze(cleaned.text)) >= body, name
    assert sum(len(squeeze(r.text)) for r in cleaned.removed) == cleaned.removed_chars, name
    kinds = {r.kind.value for r in cleaned.removed}
    if name != "html-page":  # the extractor already dropped the figures
        assert {"caption", "copyright", "credit"} <= kinds, (name, kinds)


def test_the_four_shapes_keep_the_same_words():
    """Flattening the article changes nothing of what is kept but the line breaks."""
    shipped = clean_article(SEED.read_text(encoding="utf-8")).text
    flat = clean_article(flatten(SEED.read_text(encoding="utf-8"))).text
    assert squeeze(flat) == squeeze(shipped)
    html = clean_article(_html_text()).text
    assert squeeze(html) == squeeze(shipped)  # title and body, nothing else
