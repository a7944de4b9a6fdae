"""Question words: what to drop, what to down-weight, and whether a question is English."""
from __future__ import annotations

import re
from collections.abc import Mapping

from index.query.answers import ExpectedAnswer, expected_answer
from index.query.synonyms import normalize_term

# Kiwi content tokens (nouns, VV/VA stems without 다, XR, ...) that questions
# carry but answers rarely do; the caller drops them from Korean queries.
#  * question words: 왜 무엇 뭐 언제 어디 누구 어느 몇 무슨 어떤 are usually
#    tagged MAG/NP/MM and filtered anyway, but listed in case Kiwi tags them as
#    nouns (얼마 is NNG); 어떻 (VA, 어떻게) and 어째서/어찌 likewise.
#  * stems every question has: 하 되 있 (했나/됐나/있나), 그렇/이렇 (그런가),
#    가 오 (갔나/왔나: "where did X go"), 알리/알 (알려줘/알아?), 궁금 (XR),
#    가르치 (가르쳐 줘), and bound nouns 것 거 수 데.
#  * intensifiers 진짜 정말 과연 도대체 대체.
#  * 이유 is NOT here: answers say "소송을 건 이유는 …", so it carries signal;
#    it is in WEAK_QUESTION_WORDS_KO instead (down-weight, do not drop).
#    Nor 없 (negation matters) or 때/말 (이달 말, 그때: time answers).
STOP_QUESTION_WORDS_KO: frozenset[str] = frozenset(
    "왜 무엇 뭐 뭔 무슨 언제 어디 누구 누가 어떻 어떠 어떤 어느 얼마 얼마나 몇 어째서 어찌 "
    "하 되 있 그렇 이렇 저렇 가 오 알리 알 궁금 가르치 것 거 수 데 "
    "진짜 정말 과연 도대체 대체 웬일".split()
)
# 일 after these (무슨 일, 어떤 일: "what happened") asks about nothing: "어제 무슨 일 있었어?" is no question of 일.
WHAT_HAPPENED_KO: frozenset[str] = frozenset({"무슨", "어떤"})
# Generic words of questions that answers do contain: keep, but at this weight.
WEAK_QUESTION_WORDS_KO: Mapping[str, float] = {
    "이유": 0.5, "원인": 0.7, "내용": 0.5, "관련": 0.5, "상황": 0.6, "현황": 0.6,
    "최근": 0.6, "요즘": 0.3, "소식": 0.3, "근황": 0.3, "정도": 0.3, "얘기": 0.3,
    "이야기": 0.3, "설명": 0.3, "정리": 0.3, "요약": 0.3,
}
# Those that only say "news about" (테슬라 소식, 근황): the relevance test does not ask a passage to hold them.
GENERIC_QUESTION_WORDS_KO: frozenset[str] = frozenset("소식 근황 요즘 얘기 이야기".split())
GENERIC_WORD_WEIGHT = WEAK_QUESTION_WORDS_KO["소식"]  # what an English one weighs (a Korean one has its own above)
GENERIC_QUESTION_WORDS_EN: frozenset[str] = frozenset("news update updates latest story stories".split())  # Tesla news
GENERIC_QUESTION_WORDS: frozenset[str] = GENERIC_QUESTION_WORDS_KO | GENERIC_QUESTION_WORDS_EN
# English function and question words; dropped from English questions unless
# part of a longer key ("moon jae in", "bank of korea") or a capitalised
# acronym (US, WHO, IT).  Also used to filter translit.tsv.
STOP_QUESTION_WORDS_EN: frozenset[str] = frozenset(
    """a an the and or but nor if then than so as of in on at to for from by with without
    about into onto over under after before during between against through via per
    up down out off near since until upon within across around among
    what which who whom whose when where why how whats whos whens wheres hows
    is are was were be been being am do does did done doing have has had having
    will would shall should can could may might must ca wo
    i me my mine we us our ours you your yours he him his she her hers it its
    they them their theirs this that these those there here myself himself herself themselves
    not no yes any some all each every both either neither much many more most less least
    very really just also only even ever still yet now already again too quite rather
    get got gets getting go goes went gone going come came coming tell told know knew
    think thought please happen happens happened happening thing things something anything
    like likely kind sort lot lots way ways one ones else other another such same own
    whether while although though because however therefore let lets make makes
    roughly approximately nearly almost around according regarding concerning despite toward towards amid amidst
    s t d ll re ve m""".split()
)


def is_english_question(text: str) -> bool:
    """True when the text is mostly Latin letters (Hangul syllables count triple)."""
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    hangul = sum(1 for c in text if "가" <= c <= "힣")
    return latin >= 2 and latin >= 3 * hangul


def question_term_weight(term: str) -> float:
    """0 for a Korean question word to drop, <1 for a weak one, else 1."""
    t = normalize_term(term)
    if t in STOP_QUESTION_WORDS_KO:
        return 0.0
    return WEAK_QUESTION_WORDS_KO.get(t, 1.0)


def answer_type(question: str) -> ExpectedAnswer | None:
    """What a sentence must hold to answer: a date for 언제, a count for 몇 명 … (see :mod:`index.query.answers`)."""
    return expected_answer(question)
