"""What kind of answer a question asks for, and whether a sentence holds one.

언제 asks for a date or a time, 얼마 for an amount, 몇 명 for a count of
people, 누구 for a person, 어디 for a place or an organisation, "이름이 뭐야"
for a name (news quotes names: '갤럭시 워치'). A sentence holds such an
answer when the pattern matches text that the question itself does not
contain: "9급 공무원 시험 경쟁률 몇 대 일?" is not answered by the 9 of 9급.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_NUMBER = r"\d[\d,.]*\s*(?:천|만|억|조)?\s*(?:\d[\d,.]*\s*)?"
_KOREAN_NUMBER = r"(?:[일이삼사오육칠팔구십백천만]+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|수십|수백|수천|수만)\s*"
_DATE = (
    r"\d+\s*(?:년|월|일|세기|시|분)|\d{4}[.\-/]\d{1,2}|(?:지난|올해|내년|작년|오는|이번|다음|이달|다음달|지난달)\s*\S*"
    r"|오전|오후|새벽|정오|자정|밤\s*\d|[월화수목금토일]요일|초순|중순|하순|연말|연초"
)
_MONEY = _NUMBER + r"(?:원|달러|유로|엔|위안|파운드)"
_COUNTED = r"\d[\d,.]*\s*(?:여\s*)?[가-힣]"  # a number with its counter or unit: 37일, 3잔, 60여 시간
FIGURES = frozenset({"date", "count", "amount"})  # the kinds of answer that are figures
_AMOUNT = rf"{_MONEY}|\d[\d,.]*\s*(?:%|％|퍼센트|배|명|개|건|대|곳|톤|㎜|mm|도)"
_PERSON = (
    r"[가-힣]{2,4}\s?(?:\(\d+[^)]*\)\s?)?(?:씨|대표|회장|부회장|사장|부사장|의원|장관|차관|감독|교수|선수|위원장|"
    r"총리|대통령|변호사|배우|가수|국장|원장|청장|이사장|단장|코치|위원|작가|PD|CEO|본부장|대변인|소장|실장|시장|"
    r"지사|판사|검사|주심|사무총장|총재|의장|원내대표|후보|목사|신부|박사|기자|회원|대표이사|고문|당선인)"
    r"|[가-힣]{2,4}\(\d+"
)
_PLACE = (
    r"[가-힣A-Za-z0-9]+(?:시|군|구|동|읍|면|도|리|역|경찰서|법원|지법|지검|검찰청|병원|대학교|대학|호텔|공원|센터|"
    r"학교|공항|항|섬|산|당사|회관|광장|경기장|스타디움|극장|본사|청사|아파트|마을|시장|거리|해역|해협|국)"
    r"(?=[은는이가을를에의와과도로\s,.·)]|$)"
    r"|[가-힣]+(?:에서|으로|로)\s"
)
_NAME = r"[‘'\"“《〈<「][^’'\"”》〉>」]{1,40}[’'\"”》〉>」]|\([A-Za-z][^)]*\)"
_NOT_AGE_SE = r"(?![기대트계상])"  # 세기, 세대, 세트, 세계, 세상 are no age
_AGE = (  # 31살, 9세, and the news way of giving an age: 장시호(39)씨, A(31·여)씨, 김모(45·회사원)씨
    rf"(?:{_NUMBER}|{_KOREAN_NUMBER})(?:살|세{_NOT_AGE_SE})"
    r"|[가-힣A-Za-z]\s?\((?:1[01]\d|[1-9]\d?)세?(?:[·,]\s*[가-힣]{1,4})*\)(?=\s?(?:씨|군|양|[은는이가의을를와과,]|$))"  # 1-119
)
_COUNTERS = {
    "%": r"%|퍼센트|프로", "프로": r"%|퍼센트|프로", "퍼센트": r"%|퍼센트", "%p": r"%p|%포인트|포인트",
    "대": r"대\s*\d|대", "도": r"도", "위": r"위", "시": r"시",
}


class ExpectedAnswer(NamedTuple):
    """A pattern the answer takes, and the question it must not merely repeat."""

    kind: str
    pattern: re.Pattern
    question: str  # the question without spaces
    strict: re.Pattern | None = None  # a narrower pattern that only real answers match (None: ``pattern``)

    @property
    def firm(self) -> bool:
        """Whether the question asks for a figure (a date, a count, an amount) in so many words: 언제, 몇, 얼마 …

        Not by a word like 시기 or 규모 (as often answered in words: "종전 후"), and not for a person, a place
        or a name (their patterns also match bylines and headings).
        """
        return self.kind in FIGURES and bool(_FIRM.search(self.question))

    def search(self, text: str, strict: bool = False) -> bool:
        """Whether ``text`` holds such an answer that is not a piece of the question.

        ``strict``: only a real answer counts (an amount needs its unit: any digit hints at one, "3일" is none).
        """
        pattern = self.strict if strict and self.strict is not None else self.pattern
        return any("".join(m.group(0).split()) not in self.question for m in pattern.finditer(text))


_ASKING_WHEN = (  # "when" asks for a time at the start or before a verb; "what was the level when doors were open" does not
    r"^\W*when\b|\bwhen\s+(?:is|was|are|were|will|would|did|does|do|has|have|had|can|could|should|shall|might|must)\b"
    r"|\b(?:since|until|till|by)\s+when\b|\b(?:me|us|know|wonder)\s+when\b"  # tell me when …
    r"|\bwhen's\b|\bwhen\W*$"  # so when's the vote? / the ceremony was held when?
)
_WHEN = re.compile(
    r"언제|몇\s*(년|월|일|시(?!간|즌)|세기|분(?!의))|며칠|연도|날짜|(?<!택)시기|" + _ASKING_WHEN + r"|what (year|time|date)",
    re.IGNORECASE,
)  # not the 시기 of 택시기사
_FIRM = re.compile(
    r"언제|몇|며칠|날짜|연도|얼마|금액|액수|가격|when|howmuch|howmany|howlong|howold|whatyear|whatdate", re.IGNORECASE
)  # spaces squashed
_COUNT = re.compile(r"몇\s*([가-힣A-Za-z%]+?)(?=이야|야|이었|였|이나|쯤|까지|에서|에|으로|로|가|이|을|를|은|는|\?|\s|$)")
_HOW_OLD = re.compile(rf"몇\s*(?:살|세{_NOT_AGE_SE})|how old", re.IGNORECASE)
_HOW_LONG = re.compile(r"얼마나|how (many|much|long)", re.IGNORECASE)
_HOW_MUCH = re.compile(r"얼마|규모|금액|액수|비율|가격|how (much|many)", re.IGNORECASE)
_WHO = re.compile(r"누구|누가|who\b|whom\b", re.IGNORECASE)
_WHERE = re.compile(r"어디|어느\s*(나라|지역|곳|동네|도시|나라|국가|회사|기업|팀|학교|병원)|where\b", re.IGNORECASE)
_WHAT_NAME = re.compile(r"이름|제목|명칭|브랜드|상품명|what is the name|called", re.IGNORECASE)


def expected_answer(question: str) -> ExpectedAnswer | None:
    """The kind of answer ``question`` asks for; None when it does not say."""
    squashed = "".join(question.split())
    kind, pattern = _kind(question)
    if pattern is None:
        return None
    strict = None
    if kind == "amount":  # 얼마나 (걸렸어, 방치했어) and how many (days, cups) ask for any counted number
        strict = re.compile(_AMOUNT + (rf"|{_COUNTED}" if _HOW_LONG.search(question) else ""))
    return ExpectedAnswer(kind, re.compile(pattern), squashed, strict)


def _kind(question: str) -> tuple[str, str | None]:
    if _WHEN.search(question):
        return "date", _DATE
    if _HOW_OLD.search(question):
        return "count", _AGE
    count = _COUNT.search(question)
    if count:
        counter = count.group(1)
        unit = _COUNTERS.get(counter, re.escape(counter))
        return "count", rf"(?:{_NUMBER}|{_KOREAN_NUMBER})(?:{unit})"
    if _HOW_MUCH.search(question):
        return "amount", rf"{_AMOUNT}|\d"  # any digit hints at an amount (a ranking feature, not an answer)
    if _WHO.search(question):
        return "person", _PERSON
    if _WHERE.search(question):
        return "place", _PLACE
    if _WHAT_NAME.search(question):
        return "name", _NAME
    return "", None
