"""Made-up articles in the style of Korean outlets, for wire copies and questions about time.

* ``WIRE``: one story carried by 연합뉴스, 뉴스1 and 머니S, each lightly edited
  (another headline, dateline or byline, a sentence dropped, added or
  reworded), and ``SAME_TOPIC``: a distinct story on the same topic.
* ``EARNINGS_*``: one company's quarterly results a year apart.
* ``EV_*``: one carmaker's European launches in March 2023 and March 2024.
* ``RATES_*``: three rate decisions, months apart.
* ``ANNUAL_2023``: a 2024 article about 2023's sales.
"""
from __future__ import annotations

from index.models import Article


def _article(key: str, title: str, paragraphs: list[str], source: str, published: str) -> Article:
    return Article(id=key, title=title, text="\n\n".join(paragraphs), source=source, published=published,
                   url=f"https://news.example.com/{key}")


_FARE_BODY = [
    "서울시 공공자전거 따릉이의 이용 요금이 다음 달부터 4년 만에 오른다.",
    "서울시는 따릉이 1시간 이용권 가격을 현재 1천원에서 1천500원으로, 2시간 이용권 가격을 2천원에서 3천원으로 올린다고 15일 밝혔다.",
    "정기권 가격도 함께 조정된다. 1시간짜리 30일 정기권은 5천원에서 7천원으로, 180일 정기권은 1만5천원에서 2만원으로 오른다.",
    "시는 자전거 정비 인력과 대여소 관리 비용이 늘면서 운영 적자가 커졌다고 인상 배경을 설명했다.",
    "따릉이 운영 적자는 지난해 100억원을 넘어선 것으로 집계됐다.",
    "다만 청소년과 저소득층에 대한 할인 요금은 현행대로 유지한다.",
    "시는 요금 인상과 함께 노후 자전거 5천대를 새 자전거로 교체하고 대여소 200곳을 추가로 설치할 계획이다.",
    '서울시 관계자는 "시민 부담을 최소화하면서 서비스 질을 높이겠다"고 말했다.',
]

WIRE_YONHAP = _article(
    "fare-yna", "서울 따릉이 요금 4년 만에 오른다…1시간권 1천500원",
    ["(서울=연합뉴스) 김민수 기자 = " + _FARE_BODY[0], *_FARE_BODY[1:]], "연합뉴스", "2024-05-15",
)
WIRE_NEWS1 = _article(  # another headline and dateline, the deficit sentence dropped, a membership sentence added
    "fare-news1", "따릉이 1시간권 1000원→1500원…서울시, 다음 달 요금 인상",
    ["(서울=뉴스1) 이지은 기자 = " + _FARE_BODY[0], *_FARE_BODY[1:4], *_FARE_BODY[5:7],
     "따릉이 누적 회원 수는 지난달 400만명을 넘어섰다.", _FARE_BODY[7]],
    "뉴스1", "2024-05-15",
)
WIRE_MONEYS = _article(  # a day later, another headline, the announcement reworded, a byline at the end
    "fare-moneys", '"따릉이 타기 부담되네"…1시간권 1500원으로 인상',
    [_FARE_BODY[0],
     "서울시는 15일 따릉이 1시간 이용권 가격을 현재 1천원에서 1천500원으로, 2시간 이용권 가격을 2천원에서 3천원으로 인상한다고 발표했다.",
     *_FARE_BODY[2:], "박준호 기자"],
    "머니S", "2024-05-16",
)
SAME_TOPIC = _article(
    "bike-record", "따릉이 이용 역대 최대…1시간권 하루 10만건 팔려",
    ["서울 공공자전거 따릉이 이용 건수가 올해 들어 역대 최대를 기록했다.",
     "서울시에 따르면 지난달 따릉이 대여 건수는 450만건으로 1년 전보다 18% 늘었다.",
     "가장 많이 팔린 이용권은 1시간권으로, 하루 평균 10만건이 판매됐다.",
     "출퇴근 시간대 이용이 전체의 40%를 차지해 따릉이가 생활 교통수단으로 자리 잡았다는 평가가 나온다.",
     "이용이 가장 많은 대여소는 여의도와 마곡, 성수 일대였다.",
     "시는 이용 수요가 몰리는 지역에 자전거를 추가로 배치할 방침이다."],
    "한겨레", "2024-05-10",
)
WIRE = [WIRE_MONEYS, WIRE_YONHAP, WIRE_NEWS1]  # added in this order: the earliest copy is not the first indexed

EARNINGS_2024 = _article(
    "earnings-2024", "삼성전자 1분기 영업이익 6조6천억원…반도체 흑자 전환",
    ["삼성전자는 올해 1분기 연결 기준 영업이익이 6조6천억원으로 잠정 집계됐다고 5일 공시했다.",
     "지난해 같은 기간보다 931% 늘어난 규모다. 매출은 71조원으로 11% 증가했다.",
     "메모리 반도체 가격이 오르면서 반도체 부문이 다섯 분기 만에 흑자로 돌아선 것으로 분석된다.",
     "증권가는 2분기에도 실적 개선이 이어질 것으로 내다봤다.",
     "회사는 이달 말 부문별 세부 실적을 발표할 예정이다."],
    "연합뉴스", "2024-04-05",
)
EARNINGS_2023 = _article(
    "earnings-2023", "삼성전자 영업이익 6천억원…14년 만에 최저",
    ["삼성전자는 1분기 연결 기준 영업이익이 6천억원으로 잠정 집계됐다고 7일 발표했다.",
     "1년 전보다 95.8% 줄어든 규모로, 삼성전자 분기 영업이익이 1조원 아래로 떨어진 것은 14년 만이다.",
     "매출은 63조원으로 19% 감소했다.",
     "메모리 반도체 가격 급락으로 반도체 부문에서 4조원대 적자를 낸 것으로 추정된다.",
     "삼성전자 영업이익 급감은 반도체 한파의 영향으로 삼성전자는 메모리 감산을 공식화했다."],
    "연합뉴스", "2023-04-07",
)

EV_2023 = _article(
    "ev-2023", "현대차 아이오닉 6, 유럽 판매 시작",
    ["현대자동차가 전용 전기차 아이오닉 6의 유럽 판매를 시작했다고 21일 밝혔다.",
     "현대차는 독일과 영국, 프랑스 등 유럽 주요 시장에서 아이오닉 6 판매에 들어갔다.",
     "아이오닉 6는 한 번 충전으로 최대 614㎞를 달린다.",
     "현대차는 올해 유럽에서 전기차 판매를 30% 늘리는 것이 목표다."],
    "뉴시스", "2023-03-21",
)
EV_2024 = _article(
    "ev-2024", "현대차 아이오닉 5 N 유럽 판매 돌입",
    ["현대자동차가 고성능 전기차 아이오닉 5 N의 유럽 판매를 시작했다고 19일 밝혔다.",
     "현대차는 독일과 영국 등 유럽 주요 시장에서 아이오닉 5 N 판매에 들어갔다.",
     "아이오닉 5 N은 최고 출력 650마력을 낸다.",
     "현대차는 유럽 전기차 판매 확대에 속도를 낼 계획이다."],
    "뉴시스", "2024-03-19",
)

_RATES = [
    "한국은행 금융통화위원회는 기준금리를 연 3.5%로 동결했다.",
    "물가 상승률이 여전히 목표 수준을 웃돌고 있어 긴축 기조를 유지한 것으로 풀이된다.",
    "이창용 한은 총재는 기자간담회에서 금리 인하를 논의하기는 이르다고 말했다.",
]


def _rates(key: str, times: str, published: str) -> Article:
    """One rate decision: the same report each time, but for how many decisions in a row it was (a number,
    so every copy tokenizes alike and only the date tells them apart)."""
    return _article(key, f"한은, 기준금리 연 3.5% {times}회 연속 동결", [*_RATES, f"금리 동결은 {times}회 연속이다."],
                    "연합뉴스", published)


RATES_2023_07 = _rates("rates-2023-07", "4", "2023-07-13")
RATES_2024_02 = _rates("rates-2024-02", "9", "2024-02-22")
RATES_2024_04 = _rates("rates-2024-04", "10", "2024-04-12")

ANNUAL_2023 = _article(
    "lg-annual", "LG전자, 2023년 매출 84조원 역대 최대",
    ["LG전자는 2023년 연간 매출이 84조2천억원으로 역대 최대를 기록했다고 30일 밝혔다.",
     "가전 사업이 매출 성장을 이끌었고 전장 사업 매출도 처음으로 10조원을 넘었다.",
     "다만 영업이익은 3조5천억원으로 전년보다 줄었다."],
    "머니투데이", "2024-01-30",
)
UNDATED = _article(
    "undated-rates", "기준금리란 무엇인가",
    ["기준금리는 한국은행이 금융기관과 거래할 때 기준이 되는 금리다.",
     "한국은행 금융통화위원회가 연 8차례 기준금리를 결정한다.",
     "기준금리가 오르면 시중 대출 금리도 따라 오르는 경향이 있다."],
    "", "",
)

TIME = [EARNINGS_2023, EARNINGS_2024, EV_2023, EV_2024, RATES_2023_07, RATES_2024_02, RATES_2024_04, ANNUAL_2023, UNDATED]
