"""Time in a question: 어제, 지난주, 2023년 3월, 최근, last week … read against a given day.

``read_time(question, today)`` finds the time words of a question and what
they name: a :class:`~index.models.Period` of publication days (a filter) and
a recency wish (최근, 최신, 요즘, latest: newer first). It also returns the
question with those words blanked out, so that they are not scored as terms.

News style is followed: a bare ``3월`` or ``15일`` is the most recent one
(``지난 3월`` strictly before this month), ``2023년`` is that whole year.
Not time words, and left alone as terms:

* durations and counts: ``3일간``, ``3일 동안``, ``주 4일``, ``3일 만에``;
* a past month or year directly followed by a figure it qualifies:
  ``2023년 매출``, ``작년 영업이익``, ``지난달 수출`` are the figures of that
  time (usually reported later), not articles published then;
* words inside other words: ``오늘날``, ``최신형``, ``전년 대비``.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

from index.models import Period

KOREA = timezone(timedelta(hours=9))  # no daylight saving time in Korea

_PARTICLE = r"(?:에는|에서|까지|부터|이나|에도|은|는|이|가|의|에|엔|도|만|께|경|쯤|와|과|랑)?"
_K_START = r"(?<![가-힣A-Za-z0-9])"
_K_END = r"(?P<particle>" + _PARTICLE + r")(?![가-힣A-Za-z0-9])"
_E_START, _E_END = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"
_PART_OF_MONTH = r"(?:\s*(?:초순|중순|하순|초|말))?"
_YEAR = r"(?P<y>(?:19|20)\d{2})\s*년"
_RELATIVE_YEAR = r"(?P<rel>올해|올|금년|작년|지난\s?해|재작년)"
# figures a past month or year qualifies ("2023년 매출" is 2023's sales, reported in 2024)
_FIGURES_KO = (
    "매출 영업이익 영업손실 순이익 순손실 당기순이익 이익 손실 실적 수출 수입 무역 판매 생산 소비 투자 예산 결산 "
    "성장률 물가 실업률 고용률 출생 사망 흑자 적자 연간 상반기 하반기 분기 1분기 2분기 3분기 4분기 "
    "배당 연봉 임금 성과급 점유율 수익 수익률 통계"
).split()
_FIGURE_WORDS_KO = re.compile(r"(?:대비|기준|평균|순위)(?![가-힣])")  # whole words only: not 기준금리
_FIGURES_EN = (
    "revenue revenues sales profit profits earnings income loss losses exports imports budget growth inflation "
    "results dividend output production spending gdp"
).split()
_DENY_AFTER_DAY = ("동안", "만에", "만의", "만이", "간", "연속", "이상", "이하", "이내", "가량", "정도", "넘게", "내내",
                   "후", "뒤", "전", "째", "씩", "여")
_DENY_BEFORE_DAY = ("주", "매주", "하루", "월")
_MONTHS_EN = {name: i for i, names in enumerate(
    ("", "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
     "september sep sept", "october oct", "november nov", "december dec")) for name in names.split()}
_MONTH_EN = r"(?P<mn>" + "|".join(sorted(_MONTHS_EN, key=len, reverse=True)) + r")\.?"
_MONTH_EN_BEFORE = (  # in April, at the end of April (4월말), early April (4월초): a month, not the word "may"
    r"(?P<pre>(?:in|during|on|from)\s+|(?:(?:at|by|in|until)\s+)?(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+"
    r"|(?:(?:in|during|from)\s+)?(?:early|late|mid)[-\s]?)?"
)


class TimeAsk(NamedTuple):
    """What a question says about time."""

    period: Period | None  # publication days asked about
    recency: bool  # newer articles first (최근, 최신, latest …)
    spans: tuple[tuple[int, int], ...]  # where the time words are in the question
    rest: str  # the question with the time words blanked out (same length, same offsets)


class _Found(NamedTuple):
    start: int
    end: int
    period: Period | None
    recency: bool
    blocked: bool = False  # a time expression that qualifies a figure: left as terms, its parts too


def today_in_korea() -> date:
    return datetime.now(KOREA).date()


# ---- calendar arithmetic ----------------------------------------------------
def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month(y: int, m: int) -> tuple[date, date] | None:
    if not 1 <= m <= 12 or not 1900 <= y <= 2100:
        return None
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _months_back(today: date, n: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 - n
    return index // 12, index % 12 + 1


def _recent_month_year(month: int, today: date, strictly_before: bool) -> int:
    """The year of the most recent ``month`` (this month counts unless ``strictly_before``)."""
    if month < today.month or (month == today.month and not strictly_before):
        return today.year
    return today.year - 1


def _recent_day(d: int, today: date) -> date | None:
    """The most recent day ``d`` of a month, today included (news style "지난 3일")."""
    for back in range(0, 3):
        y, m = _months_back(today, back)
        found = _day(y, m, d)
        if found is not None and found <= today:
            return found
    return None


def _week(today: date, back: int) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday() + 7 * back)
    return monday, monday + timedelta(days=6)


def _year_of_word(word: str, today: date) -> int:
    word = word.replace(" ", "")
    return {"올해": 0, "올": 0, "금년": 0, "작년": 1, "지난해": 1, "재작년": 2}[word] * -1 + today.year


# ---- rules ------------------------------------------------------------------
Rule = Callable[[re.Match, date], tuple[date, date] | None]


def _full_date(m: re.Match, today: date):
    found = _day(int(m["y"]), int(m["m"]), int(m["d"]))
    return (found, found) if found else None


def _year_month(m: re.Match, today: date):
    return _month(int(m["y"]), int(m["m"]))


def _year(m: re.Match, today: date):
    y = int(m["y"])
    return (date(y, 1, 1), date(y, 12, 31)) if 1900 <= y <= 2100 else None


def _relative_year_month(m: re.Match, today: date):
    y = _year_of_word(m["rel"], today)
    if m["d"]:
        found = _day(y, int(m["m"]), int(m["d"]))
        return (found, found) if found else None
    return _month(y, int(m["m"]))


def _month_day(m: re.Match, today: date):
    month, d = int(m["m"]), int(m["d"])
    if (month, d) > (today.month, today.day) and not m["ago"]:
        return None  # "6월 10일 출시 예정": ahead, not a day of the past
    return _month_day_values(month, d, today)


def _bare_month(m: re.Match, today: date):
    month = int(m["m"])
    if not 1 <= month <= 12 or (month > today.month and not m["ago"]):
        return None  # "6월 출시 예정" asked in May: the coming June
    return _month(_recent_month_year(month, today, strictly_before=bool(m["ago"])), month)


def _bare_day(m: re.Match, today: date):
    d = int(m["d"])
    if not 1 <= d <= 31 or _denied_day(m) or (d > today.day and not m["ago"]):
        return None
    found = _recent_day(d, today)
    return (found, found) if found else None


def _denied_day(m: re.Match) -> bool:
    """``3일간``, ``3일 동안``, ``주 4일`` …: a count of days, not a date."""
    after = m.string[m.end():].lstrip()
    before = m.string[: m.start()].rstrip().split()
    return after.startswith(_DENY_AFTER_DAY) or bool(before and before[-1] in _DENY_BEFORE_DAY)


def _iso(m: re.Match, today: date):
    found = _day(int(m["y"]), int(m["m"]), int(m["d"]))
    return (found, found) if found else None


def _fixed(days_back: int) -> Rule:
    return lambda m, today: (today - timedelta(days=days_back),) * 2


def _week_rule(back: int) -> Rule:
    return lambda m, today: _week(today, back)


def _month_rule(back: int) -> Rule:
    return lambda m, today: _month(*_months_back(today, back))


def _year_rule(back: int) -> Rule:
    return lambda m, today: (date(today.year - back, 1, 1), date(today.year - back, 12, 31))


def _window(m: re.Match, today: date):
    n = int(m["n"])
    unit = m["unit"].lower()
    days = {"일": 1, "주": 7, "주일": 7, "개월": 30, "달": 30, "년": 365, "day": 1, "days": 1, "week": 7,
            "weeks": 7, "month": 30, "months": 30, "year": 365, "years": 365}[unit] * n
    return (today - timedelta(days=max(days - 1, 0)), today) if 0 < days <= 3660 else None


def _english_month(m: re.Match, today: date):
    month = _MONTHS_EN[m["mn"].lower()]
    if m["y"]:
        if m["d"]:
            found = _day(int(m["y"]), month, int(m["d"]))
            return (found, found) if found else None
        return _month(int(m["y"]), month)
    if m["d"]:
        return _month_day_values(month, int(m["d"]), today)
    return _month(_recent_month_year(month, today, strictly_before=False), month)


def _month_day_values(month: int, d: int, today: date):
    y = today.year if (month, d) <= (today.month, today.day) else today.year - 1
    found = _day(y, month, d)
    return (found, found) if found else None


def _k(pattern: str) -> re.Pattern:
    return re.compile(_K_START + pattern + _K_END)


def _e(pattern: str) -> re.Pattern:
    return re.compile(_E_START + pattern + _E_END, re.IGNORECASE)


RECENT = object()  # marks a rule that only asks for recency
_RULES: list[tuple[re.Pattern, object, bool]] = [  # (pattern, rule or RECENT, figures guard applies)
    (_k(r"최근\s*(?P<n>\d{1,3})\s*(?P<unit>일|주일|주|개월|달|년)\s*(?:간|동안)?"), _window, False),
    (_k(_YEAR + r"\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일"), _full_date, False),
    (_k(_YEAR + r"\s*(?P<m>\d{1,2})\s*월" + _PART_OF_MONTH), _year_month, True),
    (_k(_YEAR + r"도?"), _year, True),
    (_k(_RELATIVE_YEAR + r"\s*(?P<m>\d{1,2})\s*월(?:\s*(?P<d>\d{1,2})\s*일)?" + _PART_OF_MONTH), _relative_year_month, True),
    (_k(r"(?P<ago>지난\s*)?(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일"), _month_day, False),
    (_k(r"(?P<ago>지난\s*)?(?P<m>\d{1,2})\s*월" + _PART_OF_MONTH), _bare_month, True),
    (_k(r"(?P<ago>지난\s*)?(?P<d>\d{1,2})\s*일"), _bare_day, False),
    (_k(r"(?P<y>(?:19|20)\d{2})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})\.?"), _iso, False),
    (_k(r"(?:오늘|금일)"), _fixed(0), False),
    (_k(r"(?:어제|어저께)"), _fixed(1), False),
    (_k(r"(?:그저께|그제|엊그제)"), _fixed(2), False),
    (_k(r"(?:이번\s?주|금주)"), _week_rule(0), False),
    (_k(r"(?:지난\s?주|저번\s?주)"), _week_rule(1), False),
    (_k(r"(?:이번\s?달|이달)"), _month_rule(0), False),
    (_k(r"(?:지난\s?달|저번\s?달)"), _month_rule(1), True),
    (_k(r"(?:올해|금년|올\s?한\s?해)"), _year_rule(0), False),
    (_k(r"(?:작년|지난\s?해)"), _year_rule(1), True),
    (_k(r"재작년"), _year_rule(2), True),
    (_k(r"(?:최근|최신|요즘|요새|근래)"), RECENT, False),
    (_e(r"(?:in\s+the\s+)?(?:last|past)\s+(?P<n>\d{1,3})\s+(?P<unit>days?|weeks?|months?|years?)"), _window, False),
    (_e(_MONTH_EN_BEFORE + _MONTH_EN + r"(?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(?P<y>(?:19|20)\d{2}))?"),
     _english_month, True),
    (_e(r"(?:in|during)\s+(?P<y>(?:19|20)\d{2})"), _year, True),
    (_e(r"(?:the\s+)?day\s+before\s+yesterday"), _fixed(2), False),
    (_e(r"(?:today|tonight|this\s+morning)"), _fixed(0), False),
    (_e(r"yesterday"), _fixed(1), False),
    (_e(r"this\s+week"), _week_rule(0), False),
    (_e(r"last\s+week"), _week_rule(1), False),
    (_e(r"this\s+month"), _month_rule(0), False),
    (_e(r"last\s+month"), _month_rule(1), True),
    (_e(r"this\s+year"), _year_rule(0), False),
    (_e(r"last\s+year(?:'s)?"), _year_rule(1), True),
    (_e(r"(?:the\s+)?(?:latest|newest|most\s+recent|recent|recently|lately|these\s+days|nowadays)"), RECENT, False),
]


def _qualifies_figure(question: str, start: int, end: int) -> bool:
    """The time expression qualifies a figure next to it: "2023년 매출", "revenue in 2023"."""
    after = question[end:].lstrip()
    after = after[1:].lstrip() if after.startswith("의") else after
    if after.startswith(tuple(_FIGURES_KO)) or _FIGURE_WORDS_KO.match(after):
        return True
    next_word = re.match(r"[a-z]*", after.lower()).group(0)
    before = re.findall(r"[a-z]+", question[:start].lower())
    return next_word in _FIGURES_EN or bool(before and before[-1] in _FIGURES_EN)


def _english_month_is_word(m: re.Match) -> bool:
    """"may", "mar" … alone are words; a month name counts with a day, a year, a preposition or a part of the
    month before it (the end of, early, mid-)."""
    if m["d"] or m["y"]:
        return False
    if m["mn"].lower() == "may":  # "apply early may get", "how late may I": only in May, the end of May … name the month
        return not (m["pre"] and re.match(r"(?:in|during|on|from)\s|.*\sof\s|.*-$", m["pre"].lower()))
    return not m["pre"]


def _matches(question: str, today: date) -> list[_Found]:
    found: list[_Found] = []
    for pattern, rule, guarded in _RULES:
        for m in pattern.finditer(question):
            if rule is RECENT:
                found.append(_Found(m.start(), m.end(), None, True))
                continue
            if rule is _english_month and _english_month_is_word(m):
                continue
            days = rule(m, today)  # type: ignore[operator]
            if days is None:
                continue
            if guarded and days[1] < today and _qualifies_figure(question, m.start(), m.end()):
                found.append(_Found(m.start(), m.end(), None, False, blocked=True))
                continue
            found.append(_Found(m.start(), m.end(), Period(start=days[0], end=days[1], label=_label(m)),
                                rule is _window))
    return found


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """Earliest first, the longest of those starting together; nothing that overlaps a kept one."""
    kept: list[_Found] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def _label(m: re.Match) -> str:
    """The time words as typed, without a trailing particle (어제는 → 어제)."""
    groups = m.re.groupindex
    end = m.start("particle") if "particle" in groups and m["particle"] is not None else m.end()
    return re.sub(r"\s+", " ", m.string[m.start():end]).strip()


def read_time(question: str, today: date, period: Period | None = None) -> TimeAsk:
    """The time a question names, read against ``today``; ``period`` overrides the one found."""
    kept = [f for f in _without_overlaps(_matches(question, today)) if not f.blocked]
    periods = [f for f in kept if f.period is not None]
    found_period = None
    if periods:
        start = min(f.period.start for f in periods)  # type: ignore[union-attr]
        end = max(f.period.end for f in periods)  # type: ignore[union-attr]
        found_period = Period(start=start, end=end, label=" ".join(f.period.label for f in periods))  # type: ignore[union-attr]
    rest = list(question)
    for f in kept:
        rest[f.start:f.end] = " " * (f.end - f.start)
    return TimeAsk(
        period if period is not None else found_period,
        any(f.recency for f in kept),
        tuple((f.start, f.end) for f in kept),
        "".join(rest),
    )
