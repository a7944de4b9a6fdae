#!/usr/bin/env python3
"""Build ``index/query/data/translit.tsv``: English word → Hangul transliterations.

Source: ``en_ko_transliteration.tsv`` (columns english, hangul, source_file;
about 40k pairs) from muik/transliteration, Apache License 2.0, plus a small
hand-written supplement of company, person, place and media names common in
Korean news that the source lacks or spells unlike the press.

Rules: English keys lower-cased and NFKC-normalised, hyphens/underscores read
as spaces; entries whose key is a common English function/question word
(``STOP_QUESTION_WORDS_EN``), shorter than 2 characters, or a phrase starting
or ending with such a word ("go to", "the day before") are dropped; pairs are
deduplicated (Hangul forms that differ only in spacing count as one); up to
3 Hangul forms are kept per key, in source priority order.  A supplement entry
replaces the source's forms for its key.

Output: ``# ``-comment header, then ``english<TAB>hangul1|hangul2|hangul3``.

    python scripts/build_translit.py [--source PATH] [--out PATH]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.query.expand import english_key  # noqa: E402
from index.query.words import STOP_QUESTION_WORDS_EN  # noqa: E402
from index.storage.atomic import atomic_write_text  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "en_ko_transliteration.tsv"
DEFAULT_OUT = ROOT / "index" / "query" / "data" / "translit.tsv"
MAX_FORMS = 3
# Lower rank = preferred when a key has more than MAX_FORMS forms.
SOURCE_RANK = {"self": 0, "suggests": 1, "korean-go": 2, "doosan-it": 3, "doosan": 4, "cities": 5}

HEADER = """\
# English -> Hangul transliterations for query expansion (english<TAB>hangul1|hangul2|hangul3).
# Built by scripts/build_translit.py. Do not edit by hand: edit the script's SUPPLEMENT and rebuild.
# Source: en_ko_transliteration.tsv from muik/transliteration (https://github.com/muik/transliteration),
#   Apache License 2.0, Copyright its authors; filtered and reformatted (keys lower-cased, deduplicated,
#   at most 3 forms per key, English function words dropped).
# Supplement: company/person/place/media names written for this project (MIT, like the project).
"""

# Hand-written: names common in Korean news, spelled as the Korean press spells them.
SUPPLEMENT: dict[str, tuple[str, ...]] = {
    # AI and tech companies, products and people
    "openai": ("오픈AI", "오픈에이아이"),
    "open ai": ("오픈AI", "오픈에이아이"),
    "altman": ("올트먼", "알트먼"),
    "sam altman": ("샘 올트먼", "샘 알트먼"),
    "xai": ("엑스에이아이",),
    "grok": ("그록",),
    "chatgpt": ("챗GPT", "챗지피티"),
    "gpt": ("GPT", "지피티"),
    "anthropic": ("앤스로픽", "앤트로픽"),
    "claude": ("클로드",),
    "gemini": ("제미나이",),
    "deepmind": ("딥마인드",),
    "google deepmind": ("구글 딥마인드",),
    "deepseek": ("딥시크",),
    "mistral": ("미스트랄",),
    "perplexity": ("퍼플렉시티",),
    "copilot": ("코파일럿",),
    "hassabis": ("허사비스",),
    "demis hassabis": ("데미스 허사비스",),
    "nvidia": ("엔비디아",),
    "jensen huang": ("젠슨 황",),
    "musk": ("머스크",),
    "elon": ("일론",),
    "elon musk": ("일론 머스크",),
    "tesla": ("테슬라",),
    "spacex": ("스페이스X", "스페이스엑스"),
    "starlink": ("스타링크",),
    "neuralink": ("뉴럴링크",),
    "dojo": ("도조",),
    "optimus": ("옵티머스",),
    "cybertruck": ("사이버트럭",),
    "robotaxi": ("로보택시",),
    "twitter": ("트위터",),
    "meta": ("메타",),
    "zuckerberg": ("저커버그",),
    "mark zuckerberg": ("마크 저커버그",),
    "facebook": ("페이스북",),
    "instagram": ("인스타그램",),
    "whatsapp": ("왓츠앱",),
    "youtube": ("유튜브",),
    "tiktok": ("틱톡",),
    "bytedance": ("바이트댄스",),
    "alibaba": ("알리바바",),
    "tencent": ("텐센트",),
    "huawei": ("화웨이",),
    "xiaomi": ("샤오미",),
    "byd": ("BYD", "비야디"),
    "tsmc": ("TSMC",),
    "intel": ("인텔",),
    "qualcomm": ("퀄컴",),
    "broadcom": ("브로드컴",),
    "oracle": ("오라클",),
    "microsoft": ("마이크로소프트", "MS"),
    "google": ("구글",),
    "alphabet": ("알파벳",),
    "apple": ("애플",),
    "amazon": ("아마존",),
    "netflix": ("넷플릭스",),
    "disney": ("디즈니",),
    "uber": ("우버",),
    "boeing": ("보잉",),
    "airbus": ("에어버스",),
    "toyota": ("도요타",),
    "honda": ("혼다",),
    "nintendo": ("닌텐도",),
    "volkswagen": ("폭스바겐",),
    "mercedes": ("메르세데스", "벤츠"),
    "general motors": ("제너럴모터스", "GM"),
    "rivian": ("리비안",),
    "waymo": ("웨이모",),
    "bezos": ("베이조스",),
    "jeff bezos": ("제프 베이조스",),
    "bill gates": ("빌 게이츠",),
    "nadella": ("나델라",),
    "satya nadella": ("사티아 나델라",),
    "pichai": ("피차이",),
    "sundar pichai": ("순다르 피차이",),
    "tim cook": ("팀 쿡",),
    "steve jobs": ("스티브 잡스",),
    "buffett": ("버핏",),
    "warren buffett": ("워런 버핏",),
    "berkshire hathaway": ("버크셔해서웨이",),
    "goldman sachs": ("골드만삭스",),
    "jpmorgan": ("JP모건", "제이피모건"),
    "morgan stanley": ("모건스탠리",),
    "blackrock": ("블랙록",),
    "softbank": ("소프트뱅크",),
    "masayoshi son": ("손정의", "손 마사요시"),
    # Korean companies, people and culture
    "samsung": ("삼성", "삼성전자"),
    "samsung electronics": ("삼성전자",),
    "hynix": ("하이닉스", "SK하이닉스"),
    "sk hynix": ("SK하이닉스",),
    "sk": ("SK", "에스케이"),
    "lg": ("LG", "엘지"),
    "lg electronics": ("LG전자",),
    "hyundai": ("현대", "현대차", "현대자동차"),
    "hyundai motor": ("현대차", "현대자동차"),
    "kia": ("기아",),
    "posco": ("포스코",),
    "lotte": ("롯데",),
    "hanwha": ("한화",),
    "doosan": ("두산",),
    "celltrion": ("셀트리온",),
    "kakao": ("카카오",),
    "naver": ("네이버",),
    "coupang": ("쿠팡",),
    "krafton": ("크래프톤",),
    "nexon": ("넥슨",),
    "ncsoft": ("엔씨소프트",),
    "netmarble": ("넷마블",),
    "hybe": ("하이브",),
    "bts": ("방탄소년단", "BTS"),
    "blackpink": ("블랙핑크",),
    "newjeans": ("뉴진스",),
    "lee jae yong": ("이재용",),
    "chung eui sun": ("정의선",),
    "chey tae won": ("최태원",),
    "koo kwang mo": ("구광모",),
    # Politicians
    "trump": ("트럼프",),
    "donald trump": ("도널드 트럼프",),
    "biden": ("바이든",),
    "joe biden": ("조 바이든",),
    "obama": ("오바마",),
    "kamala harris": ("카멀라 해리스",),
    "vance": ("밴스",),
    "pelosi": ("펠로시",),
    "rubio": ("루비오",),
    "putin": ("푸틴",),
    "vladimir putin": ("블라디미르 푸틴",),
    "zelensky": ("젤렌스키",),
    "zelenskyy": ("젤렌스키",),
    "xi": ("시진핑",),
    "xi jinping": ("시진핑",),
    "netanyahu": ("네타냐후",),
    "macron": ("마크롱",),
    "scholz": ("숄츠",),
    "merz": ("메르츠",),
    "starmer": ("스타머",),
    "sunak": ("수낵",),
    "modi": ("모디",),
    "kishida": ("기시다",),
    "ishiba": ("이시바",),
    "erdogan": ("에르도안",),
    "kim jong un": ("김정은",),
    "kim yo jong": ("김여정",),
    # "Yoon" alone is a common surname; in news questions it is mostly the ex-president.
    "yoon": ("윤석열", "윤"),
    "yoon suk yeol": ("윤석열",),
    "lee jae myung": ("이재명",),
    "moon jae in": ("문재인",),
    "han duck soo": ("한덕수",),
    "han dong hoon": ("한동훈",),
    "powell": ("파월",),
    "jerome powell": ("제롬 파월",),
    "yellen": ("옐런",),
    "lagarde": ("라가르드",),
    "guterres": ("구테흐스",),
    # Institutions and media
    "fed": ("연준", "연방준비제도"),
    "federal reserve": ("연방준비제도", "연준"),
    "fomc": ("FOMC", "연방공개시장위원회"),
    "imf": ("국제통화기금", "IMF"),
    "nato": ("나토", "NATO"),
    "wsj": ("월스트리트저널", "WSJ"),
    "wall street journal": ("월스트리트저널",),
    "nyt": ("뉴욕타임스", "NYT"),
    "new york times": ("뉴욕타임스",),
    "bloomberg": ("블룸버그",),
    "reuters": ("로이터", "로이터통신"),
    "ap": ("AP", "AP통신"),
    "afp": ("AFP",),
    "cnn": ("CNN",),
    "bbc": ("BBC",),
    "cnbc": ("CNBC",),
    "financial times": ("파이낸셜타임스",),
    "ft": ("FT", "파이낸셜타임스"),
    "washington post": ("워싱턴포스트",),
    "axios": ("악시오스",),
    "techcrunch": ("테크크런치",),
    "nikkei": ("닛케이",),
    "xinhua": ("신화통신",),
    "yonhap": ("연합뉴스",),
    "kcna": ("조선중앙통신",),
    "korean air": ("대한항공",),
    "asiana": ("아시아나항공", "아시아나"),
    "jeju air": ("제주항공",),
    "sec": ("SEC", "증권거래위원회"),
    "ftc": ("FTC", "연방거래위원회"),
    "fbi": ("FBI", "연방수사국"),
    "cia": ("CIA", "중앙정보국"),
    "nasa": ("나사", "NASA", "미국항공우주국"),
    "pentagon": ("펜타곤", "국방부"),
    "kospi": ("코스피",),
    "kosdaq": ("코스닥",),
    "nasdaq": ("나스닥",),
    "dow jones": ("다우존스",),
    "wall street": ("월가", "월스트리트"),
}


def _is_dropped(key: str) -> bool:
    words = key.split()
    if len(key) < 2 or not words or not re.search(r"[a-z]", key):
        return True
    if key in STOP_QUESTION_WORDS_EN:
        return True
    return len(words) > 1 and (words[0] in STOP_QUESTION_WORDS_EN or words[-1] in STOP_QUESTION_WORDS_EN)


def _clean_hangul(form: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", form).split())


def build(source: Path) -> dict[str, list[str]]:
    rows: list[tuple[int, int, str, str]] = []  # (rank, line, key, hangul)
    with source.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        for line, row in enumerate(reader):
            key = english_key(row.get("english") or "")
            hangul = _clean_hangul(row.get("hangul") or "")
            if not key or not hangul or not re.search(r"[가-힣]", hangul) or "|" in hangul:
                continue
            rank = SOURCE_RANK.get((row.get("source_file") or "").strip(), 9)
            rows.append((rank, line, key, hangul))
    table: dict[str, list[str]] = {}
    for _rank, _line, key, hangul in sorted(rows):
        if _is_dropped(key):
            continue
        forms = table.setdefault(key, [])
        if len(forms) < MAX_FORMS and hangul.replace(" ", "") not in {f.replace(" ", "") for f in forms}:
            forms.append(hangul)
    for key, forms in SUPPLEMENT.items():
        table[english_key(key)] = list(forms)[:MAX_FORMS]
    return table


def render(table: dict[str, list[str]]) -> str:
    lines = [f"{key}\t{'|'.join(forms)}" for key, forms in sorted(table.items())]
    return HEADER + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    table = build(args.source)
    text = render(table)
    atomic_write_text(args.out, text)
    print(f"{args.out}: {len(table)} keys, {len(text.encode('utf-8'))} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
