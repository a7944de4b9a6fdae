"""The catalogue of boilerplate spans: what is cut out of an article, and as what kind.

Each :class:`Rule` is one explicit pattern seen across Korean outlets (연합뉴스,
뉴스1, 뉴시스, 머니투데이, 이데일리, 조선, 중앙, 한겨레, 경향, KBS, MBC, SBS, YTN …).
Rules match spans anywhere in a paragraph, so a credit, a copyright notice or a
byline is cut out the same way at a paragraph start, between two sentences or
in the middle of a one-paragraph export, and the real text around it stays.
Nothing outside these patterns is ever removed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from index.text.vocab import (
    AGENCY, BROADCASTER, CLOSERS, CUT, DATE, EMAIL, EMAIL_START, FREE_REPORTERS, LEFT, NAME, NAME3, NOT_CUT,
    OPENERS, OUTLET, PHOTO_SOURCE, PLACE, PLACE_WORD, REPORTERS, RIGHT, STAMP, TEAM, WIRE,
)


class BoilerplateKind(StrEnum):
    credit = "credit"          # photo credits: "/사진=뉴스1", "(사진=연합뉴스)", "카카오 제공"
    copyright = "copyright"    # "ⓒ 뉴스1", "Copyright (C) …", "무단 전재 및 재배포 금지"
    byline = "byline"          # "[이데일리 홍길동 기자]", "홍길동 기자 hong@…", "머니투데이 김하늘 기자"
    dateline = "dateline"      # "(서울=연합뉴스) 홍길동 기자 =", "[서울=뉴시스]", "입력 2024.04.05 06:00"
    email = "email"            # a reporter's address standing alone: "[sojung@ytn.co.kr]"
    caption = "caption"        # a photo caption: wire lead + description + date stamp
    broadcast = "broadcast"    # "KBS 뉴스 홍길동입니다", "영상취재: …", "[앵커]"
    related = "related"        # "▶ 관련기사", "▶한국일보", "☞ 네이버에서 … 구독하기"
    ui = "ui"                  # "글자크기", "TOP", tip-off boxes, HTML leftovers, stray punctuation
    duplicate = "duplicate"    # a paragraph (or a caption written twice) repeated


Veto = Callable[[str, "re.Match[str]"], bool]


class Rule(NamedTuple):
    kind: BoilerplateKind
    pattern: re.Pattern[str]
    triggers: tuple[str, ...] = ()  # lower-case substrings: the rule runs only when one occurs
    veto: Veto | None = None  # (text, match) -> True when this match is real text after all


def _rule(kind: BoilerplateKind, pattern: str, triggers: tuple[str, ...] = (), veto: Veto | None = None,
          flags: int = 0) -> Rule:
    return Rule(kind, re.compile(pattern, flags), triggers, veto)


K = BoilerplateKind
_I = re.IGNORECASE

# ---- copyright ---------------------------------------------------------------------
_MARK = (
    r"(?:저작권자\s?(?:\(c\)|ⓒ|©|c(?![a-z]))|copyrights?\s?(?:\(c\)|ⓒ|©|c(?![a-z])|\d{4})|ⓒ|©)"
)
_BAN_WORD = (
    r"(?:재\s?배포|배포|복제|전재|이용|활용|사용|재판매|AI\s?학습(?:\s?포함)?|\(\s?AI\s?학습\s?포함\s?\)|DB|금지)"
)
_BAN_SEP = r"(?:\s?(?:및|&amp;|[-·,&/])){0,2}"
_PROHIBIT = rf"무단\s?(?:전재|복제|게재|배포|사용|전제)(?>{_BAN_SEP}\s?{_BAN_WORD}){{0,12}}"
_RESERVED = r"all\s?rights?\s?reserved\.?"
_AI_BAN = r"AI\s?학습\s?(?:및\s?)?(?:활용|이용)\s?(?:금지|불가)"
_TAIL = rf"(?:{_PROHIBIT}|{_RESERVED}|{_AI_BAN})(?:[\s.,:;·&/\-]{{0,3}}(?:{_PROHIBIT}|{_RESERVED}|{_AI_BAN})){{0,4}}"
_OPEN = r"(?:[<\[【(※*\-［〔＜]\s?){0,2}"
_CLOSE = r"(?:\s?[.>\]】)\-］〕＞]){0,3}"
_OWNER_TOKEN = rf"(?>['‘\"“][^'’\"”\n{CUT}]{{1,30}}['’\"”]|\([^()\n{CUT}]{{1,40}}\)|[^\s{CUT}]{{1,40}})"


def _owner_is_prose(text: str, match: re.Match[str]) -> bool:
    """The words between a © mark and its prohibition look like sentences, not an outlet's name."""
    owner = match.group("owner") or ""
    words = [w for w in owner.split() if re.search("[가-힣]", w) and not w[0] in "'‘\"“("]
    if len(words) > 4:
        return True
    return any(re.search(r"[은는을를에의도로와과]$", w) for w in words)


COPYRIGHT_RULES = (
    # mark, the owner's name, then the prohibitions: "<저작권자 ⓒ 연합뉴스, 무단 전재-재배포 금지>"
    _rule(K.copyright, rf"{_OPEN}{_MARK}(?P<owner>(?:\s?{_OWNER_TOKEN}){{0,8}}?)\s?{_TAIL}{_CLOSE}",
          ("ⓒ", "©", "copyright", "저작권자"), _owner_is_prose, _I),
    # a mark with a short tail that ends the paragraph: "ⓒ 세상을 보는 눈, 글로벌 미디어 세계일보"
    _rule(K.copyright, rf"{_OPEN}{_MARK}(?:(?!다(?:[\s.,]|$)|기자|특파원){NOT_CUT}){{0,60}}{_CLOSE}$",
          ("ⓒ", "©", "copyright", "저작권자"), None, _I),
    # a mark and the owner: "ⓒ 로이터=뉴스1", "© News1 홍길동 기자", "ⓒ News1 DB"
    _rule(K.copyright, rf"{_OPEN}{_MARK}\s?[^\s{CUT}]{{1,40}}(?:\s(?:DB|제공|자료사진)|\s{REPORTERS})?{_CLOSE}",
          ("ⓒ", "©", "copyright", "저작권자"), None, _I),
    _rule(K.copyright, rf"{_OPEN}{_RESERVED}{_CLOSE}", ("reserved",), None, _I),
    _rule(K.copyright, rf"{_OPEN}{_AI_BAN}{_CLOSE}", ("학습",), None, _I),
    # the prohibition alone (its mark cut off by an export): "), 무단 전재 및 재배포 금지]"
    _rule(K.copyright, rf"{_OPEN}무단\s?(?:전재|복제|게재|배포)(?>{_BAN_SEP}\s?(?!금지){_BAN_WORD}){{0,10}}{_BAN_SEP}\s?금지"
                       rf"(?![가-힣]){_CLOSE}", ("무단",), None, _I),
    _rule(K.copyright, rf"{_OPEN}무단\s?전재\s?(?:및|[-·,&/])\s?재\s?배포(?![가-힣]){_CLOSE}", ("무단",)),
    _rule(K.copyright, rf"{LEFT}재\s?배포\s?(?:및\s?)?금지{_CLOSE}{RIGHT}", ("배포",)),
)

# ---- tip-off boxes ("제보는 카톡"), kept with the UI chrome ------------------------------
_PHONE = r"(?:\d{2,4}-)?\d{3,4}-\d{4}(?:\s?,\s?\d{3,4})?"
_TIP_LABEL = r"(?:카카오톡|카톡|전화|이메일|메일|뉴스\s?홈페이지|홈페이지|유튜브|페이스북|라인)"
_TIP_VALUE = (
    rf"(?:{_PHONE}|{EMAIL}|https?://[^\s{CUT}]{{1,80}}|['‘\"][^'’\"\n{CUT}]{{1,20}}['’\"]\s?검색(?:,?\s?채널\s?추가)?"
    rf"|[가-힣A-Za-z0-9]{{1,10}}\s?검색해?\s?채널\s?추가|[A-Za-z0-9_]{{2,20}})"
)
TIP_RULES = (
    _rule(K.ui, r"※?\s?['‘\"]?당신의\s?제보가\s?뉴스가\s?됩니다['’\"]?", ("제보",)),
    _rule(K.ui, rf"(?:[▷▶*※■]\s?{_TIP_LABEL}\s?[:：]|\[\s?{_TIP_LABEL}\s?\])\s?{_TIP_VALUE}", ("카톡", "카카오톡", "전화", "메일")),
    _rule(K.ui, rf"[*※▶]?\s?뉴스\s?제보\s?[:：]\s?(?:{_TIP_LABEL}\s?\([^()\n{CUT}]{{1,40}}\)[,\s]{{0,2}}){{1,5}}", ("제보",)),
    _rule(K.ui, r"[▶☞]?\s?제보는\s?(?:카톡|카카오톡)\s?[A-Za-z0-9_]{2,20}", ("제보",)),
    _rule(K.ui, rf"(?:{BROADCASTER}\s?)?기사\s?문의\s?및\s?제보\s?[:：]\s?(?:카톡|라인|카카오톡)(?:/(?:카톡|라인))?\s?[A-Za-z0-9_]{{2,20}}",
          ("제보",)),
)

# ---- captions ----------------------------------------------------------------------
_WIRE_LEAD = (
    rf"(?:[(\[【]\s?{PLACE}\s?=\s?{OUTLET}\s?[)\]】]\s?(?:(?:{TEAM}\s?[,·]\s?)?{REPORTERS}\s?=?)?"
    rf"|[(\[【]\s?{PLACE}\s?=\s?[가-힣A-Za-z0-9]{{1,12}}\s?[)\]】]\s?{REPORTERS}\s?=)"
)
_STRIPPED_LEAD = rf"(?:{PLACE_WORD}\s)?(?:{AGENCY}\s)?{WIRE}\s{REPORTERS}"
_CAPTION_TEXT = rf"(?:(?!다\.\s|[(\[【][^()\[\]【】\n]{{0,20}}=){NOT_CUT}){{5,300}}?"
_AFTER_STAMP = rf"(?=\s?(?:/|ⓒ|©|\[|{EMAIL_START}|{CUT}|$|뉴스1|연합뉴스|뉴시스))"
CAPTION_RULES = (
    # "(크라코프 로이터=뉴스1) 권진영 기자 = … 생각에 잠겨 있다. 2024.01.22/ ⓒ …"
    _rule(K.caption, rf"(?:{_WIRE_LEAD}|(?<![가-힣A-Za-z0-9]){_STRIPPED_LEAD}){_CAPTION_TEXT}(?:다\.)?\s?{DATE}{_AFTER_STAMP}",
          ("기자", "특파원")),
)

# ---- photo credits -----------------------------------------------------------------
# Who took or gave a picture: a wire dateline with its reporter, a known source, a reporter.
_CREDIT_SOURCE = (
    rf"(?:[(\[]\s?{PLACE}\s?=\s?[가-힣A-Za-z0-9]{{1,12}}\s?[)\]]\s?(?:{REPORTERS})?|{_STRIPPED_LEAD}"
    rf"|{PHOTO_SOURCE}(?:\s?{REPORTERS})?|{REPORTERS})"
)
# ... or, after "사진=", any one word: "/사진=KF".
_CREDIT_BODY = rf"(?:{_CREDIT_SOURCE}|[^\s/()\[\]{CUT}]{{1,20}}(?:\s(?:DB|제공))?)"
_CREDIT_WORD = r"(?:사진|그래픽|자료|영상|출처|캡처|이미지|일러스트|사진\s?출처|자료\s?사진|사진\s?제공|영상\s?출처|화면\s?캡처)"
CREDIT_RULES = (
    # "카카오 제공 © 뉴스1": a giver just before a © notice or a slash credit
    _rule(K.credit, rf"(?<![가-힣A-Za-z0-9])[가-힣A-Za-z0-9·&]{{1,15}}(?<![을를])\s?제공"
                    rf"(?=\s?(?:ⓒ|©|/\s?(?:사진|뉴스1|연합뉴스)))", ("제공",)),
    _rule(K.credit, rf"[(\[<]\s?{_CREDIT_WORD}\s?[=:：]\s?[^()\[\]<>\n{CUT}]{{0,60}}[)\]>]",
          ("사진", "그래픽", "자료", "영상", "출처", "캡처", "이미지", "일러스트")),
    _rule(K.credit, rf"\[\s?사진\s[^\[\]\n{CUT}]{{1,25}}\]"
                    rf"|\[[^\[\]\n{CUT}]{{0,40}}(?:제공|자료사진|DB\s?금지|DB|포토|캡처|사진|이미지|게티)[^\[\]\n{CUT}]{{0,20}}\]",
          ("[",)),
    # a reporter's name and where the pictures came from, ending the article: "박노준 / 사진출처 비비 인스타그램"
    _rule(K.credit, rf"{LEFT}(?:{NAME}\s?)?/\s?(?:사진\s?출처|화면\s?캡처|사진\s?제공|영상\s?출처)\s?[:：=]?\s?{NOT_CUT}{{0,30}}$",
          ("출처", "캡처", "제공")),
    # "/사진=(크라코프 로이터=뉴스1) 권진영 기자", "/사진=게티이미지뱅크", "2024.3.6/뉴스1", "/삼성전자 제공"
    _rule(K.credit, rf"(?:(?<=[\s.\d{CUT}])|^)/\s?(?:(?:사진\s?(?:제공)?|자료|그래픽|출처|일러스트)\s?[=:]\s?{_CREDIT_BODY}"
                    rf"|사진\s?(?:제공)?(?:\s?[,·]?\s?{_CREDIT_SOURCE})?|{PHOTO_SOURCE}(?![가-힣A-Za-z0-9])(?!\s?\)))", ("/",)),
    # a wire photo's place and agencies, even glued to the next word: "야마나카코=EPA지지연합뉴스", "워싱턴=AP/뉴시스"
    _rule(K.credit, rf"(?<![가-힣A-Za-z0-9])[가-힣A-Za-z]{{1,10}}\s?=\s?(?:{AGENCY}[/·]?){{1,2}}\s?(?:연합뉴스|뉴스1|뉴시스)", ("=",)),
    # "사진=연합뉴스" without brackets, even glued to the next word
    _rule(K.credit, rf"(?<![가-힣A-Za-z0-9])(?:사진|그래픽|자료|출처|일러스트)\s?(?:제공)?\s?=\s?"
                    rf"(?:{REPORTERS}|{PHOTO_SOURCE}|[^\s{CUT}=/]{{1,15}}(?=\s|$|{CUT}))", ("=",)),
    # a credit whose "=" an export stripped: "사진 연합뉴스"
    _rule(K.credit, rf"(?<![가-힣A-Za-z0-9])사진\s{PHOTO_SOURCE}(?![가-힣A-Za-z0-9])", ("사진",)),
    _rule(K.credit, rf"(?<![가-힣A-Za-z0-9])(?:{WIRE}|{OUTLET}|게티이미지뱅크)\s?(?:제공|DB)(?![가-힣A-Za-z])",
          ("제공", "db")),
)

# ---- datelines -------------------------------------------------------------------
DATELINE_RULES = (
    _rule(K.dateline, _WIRE_LEAD, ("=",)),
    # brackets and "=" stripped by an export: "서울 뉴스1 김근욱 기자", "크라코프 로이터 뉴스1 권진영 기자"
    _rule(K.dateline, rf"{LEFT}{PLACE_WORD}\s(?:{AGENCY}\s)?{WIRE}\s{REPORTERS}\s?=?", ("기자", "특파원")),
    _rule(K.dateline, rf"(?<![가-힣A-Za-z0-9])(?:{AGENCY}\s)?{WIRE}\s{REPORTERS}\s?=?", ("기자", "특파원")),
    # a bare dateline with its brackets stripped, before the lead: "세종 뉴시스 정부가 …"
    _rule(K.dateline, rf"{LEFT}{PLACE_WORD}\s(?:{AGENCY}\s)?{WIRE}(?=\s[가-힣]|\s?$|\s?{CUT})", ("연합뉴스", "뉴스1", "뉴시스", "news1")),
    _rule(K.dateline, rf"(?<![가-힣A-Za-z0-9]){PLACE_WORD}\s?=\s?[가-힣]{{0,8}}\s?공동\s?취재단(?![가-힣])", ("취재단",)),
    # "베이징=강동균 특파원", "머니투데이 뉴욕=박준식 특파원 2024.04.05 00:09"
    _rule(K.dateline, rf"(?<![가-힣A-Za-z0-9])(?:{OUTLET}\s)?{PLACE_WORD}\s?=\s?{REPORTERS}(?:\s?{STAMP})?\s?=?", ("=",)),
    _rule(K.dateline, rf"(?:기사\s?)?(?:입력|수정|승인|최종\s?수정|업데이트|등록|송고|발행)\s?[:：]?\s?{STAMP}"
                      rf"(?:\s?[|/·]?\s?(?:기사\s?)?(?:수정|업데이트|최종\s?수정)\s?[:：]?\s?{STAMP}){{0,2}}",
          ("입력", "수정", "승인", "업데이트", "등록", "송고", "발행")),
)

_EMAIL = re.compile(EMAIL)
_PARTICLE_AFTER = re.compile(r"[)\]>]?\s?(?:로|으로|이나|나|를|을|에|에게|와|과|로도|으로도|이|가|은|는|의|도|만)(?![가-힣])")


def _email_is_prose(text: str, match: re.Match[str]) -> bool:
    """A contact address inside a sentence: "이메일(report@kisa.or.kr)이나 전화로"."""
    before = (text[max(0, match.start() - 8) : match.start()] + _EMAIL.sub("", match.group(0))).lower()
    after = text[match.end() : match.end() + 8]
    return bool(_PARTICLE_AFTER.match(after)) or any(w in before for w in ("메일", "mail", "문의", "연락", "주소", "제보"))


# ---- bylines -----------------------------------------------------------------------
_REGION = r"(?:\(=[가-힣]{1,6}\))?"  # "김종성 기자(=경남)"
_CO_TEAM = rf"(?:\s?,\s?(?:{PLACE_WORD}\s?=\s?)?[가-힣]{{0,8}}\s?공동\s?취재단)?"
BRACKET_BYLINE_RULES = (
    # "[이데일리 홍길동 기자]", "[기자]", "[변지희 기자 ]", "[한겨레]"
    _rule(K.byline, rf"[\[【［〔](?:[^\[\]【】［］〔〕\n{CUT}]{{0,40}}?(?:기자|특파원|앵커|리포터|통신원|논설위원)\s?{_REGION}"
                    rf"|\s?{OUTLET}\s?)[\]】］〕]", ("[", "【", "［", "〔")),
    _rule(K.byline, rf"\(\s?(?:{OUTLET}\s)?{REPORTERS}\s?\)(?![가-힣])", ("(",)),
    # "(지디넷코리아=김윤희 기자)", "[헤럴드경제=박병국 기자]"
    _rule(K.byline, rf"[(\[【［〔]\s?{OUTLET}\s?=\s?{REPORTERS}\s?[)\]】］〕]", ("=",)),
)
BYLINE_RULES = (
    # "머니투데이 뉴욕=박준식 특파원 2024.04.05 00:09", "이데일리 홍길동 기자"
    _rule(K.byline, rf"(?<![가-힣A-Za-z0-9]){OUTLET}\s?(?:=\s?|{PLACE_WORD}\s?=?\s?|\s)?{REPORTERS}(?:\s?{STAMP})?",
          ("기자", "특파원", "앵커", "통신원", "논설", "위원", "리포터", "캐스터")),
    # a byline with its e-mail, either way round: "권경성 기자 ficciones@…", "vrdw88@… 강중모 기자"
    _rule(K.byline, rf"(?:{OUTLET}\s{REPORTERS}{_CO_TEAM}|{FREE_REPORTERS}{_CO_TEAM}|{OUTLET}\s{NAME}|{TEAM})"
                    rf"\s?[(\[<]?\s?{EMAIL}\s?[)\]>]?",
          ("@",), _email_is_prose),
    _rule(K.byline, rf"{EMAIL}\s?,?\s?{REPORTERS}", ("@",)),
    # "원다연 (here@edaily.co.kr)" after the last sentence
    _rule(K.byline, rf"{LEFT}{NAME3}\s?[(\[<]\s?{EMAIL}\s?[)\]>]", ("@",), _email_is_prose),
    # a byline standing alone: after a sentence or a cut, before the paragraph end or a cut
    _rule(K.byline, rf"{LEFT}(?:{OUTLET}\s)?(?:{REPORTERS}{_REGION}|{TEAM}){_CO_TEAM}{RIGHT}",
          ("기자", "특파원", "앵커", "통신원", "논설", "위원", "리포터", "캐스터", "취재단", "팀", "뉴스룸", "편집국")),
    _rule(K.byline, rf"{LEFT}{BROADCASTER}\s{NAME3}{RIGHT}", ("kbs", "mbc", "sbs", "ytn", "tv", "채널", "mbn", "obs", "cbs")),
)


EMAIL_RULES = (
    _rule(K.email, rf"[(\[<]?\s?{EMAIL}(?:\s?[)\]>])?", ("@",), _email_is_prose),
    _rule(K.email, rf"(?:(?<=[\s{CUT}(\[<])|^)[A-Za-z0-9._%+-]{{1,64}}@(?=\s?(?:$|{CUT}|[)\]>]))", ("@",)),
)

# ---- broadcast transcripts ----------------------------------------------------------
_STRONG_CREDIT = r"(?:영상\s?취재|영상\s?편집|촬영\s?기자|영상\s?디자인|화면\s?제공|그래픽|CG|촬영)"
_ANY_CREDIT = rf"(?:{_STRONG_CREDIT}|취재\s?기자|취재|편집|제작|구성|연출|디자인|자료\s?제공|리포트)"
_CREDIT_NAME = r"[가-힣A-Za-z0-9·]{1,15}(?:\s?기자)?"
_CREDIT_ITEM = rf"(?:{_ANY_CREDIT})\s?[:：]\s?{_CREDIT_NAME}"


def _one_weak_credit(text: str, match: re.Match[str]) -> bool:
    """"(취재: …)" alone may be a quote's source; credits need a broadcast role or two roles."""
    found = match.group(0)
    return not re.search(_STRONG_CREDIT, found) and len(re.findall("[:：]", found)) < 2


BROADCAST_RULES = (
    _rule(K.broadcast, r"[\[<]\s?(?:앵커|기자|리포트|앵커\s?멘트|기자\s?멘트|인터뷰)\s?[\]>]", ("[", "<")),
    # the same markers with their brackets stripped by an export, between two sentences
    _rule(K.broadcast, r"(?:^|(?<=[다요.] ))(?:앵커|리포트)(?= [가-힣])", ("앵커", "리포트")),
    _rule(K.broadcast, r"(?:\[뉴스데스크\]\s?)?◀\s?(?:앵커|리포트|기자|앵커\s?멘트)\s?▶", ("◀",)),
    _rule(K.broadcast, rf"(?<![가-힣A-Za-z0-9]){BROADCASTER}\s?(?:뉴스)?\s?{NAME}(?:입니다|이었습니다|였습니다)(?![가-힣])\.?",
          ("입니다",)),
    _rule(K.broadcast, rf"\(\s?{_ANY_CREDIT}\s?[:：][^()\n{CUT}]{{1,120}}\)", (":", "："), _one_weak_credit),
    _rule(K.broadcast, rf"▶\s?스탠딩\s?[:：]\s?{NAME}(?:\s?/\s?기자)?", ("스탠딩",)),
    _rule(K.broadcast, rf"(?:{_STRONG_CREDIT}\s?[:：]\s?{_CREDIT_NAME}"
                       rf"|{_CREDIT_ITEM}(?=\s?[,/]\s?{_ANY_CREDIT}\s?[:：]))(?:\s?[,/]\s?{_CREDIT_ITEM}){{0,8}}",
          (":", "：")),
    _rule(K.broadcast, rf"■\s?(?:진행|출연|대담)\s?[:：]\s?[^■\n{CUT}]{{1,40}}?(?=\s?(?:■|$|{CUT}))", ("■",)),
)

# ---- related-article links and promotions ------------------------------------------
RELATED_RULES = (
    _rule(K.related, r"(?:[▶☞▷■◆#]\s?|\[\s?)(?:관련\s?기사|관련\s?뉴스|관련\s?영상|추천\s?기사|이\s?시각\s?(?:주요|인기)\s?뉴스"
                     r"|실시간\s?인기\s?기사|많이\s?본\s?(?:뉴스|기사)|연관\s?기사)(?:\s?\])?\s?[:：]?", ("관련", "추천", "뉴스", "기사")),
    _rule(K.related, rf"[▶☞]\s?(?:{OUTLET}|네이버|다음|카카오)[^\n{CUT}▶☞]{{0,40}}?(?=\s?(?:$|{CUT}|[▶☞]))", ("▶", "☞")),
    _rule(K.related, rf"['‘]?{OUTLET}['’]?\s?채널\s?구독하고~?", ("구독",)),
    _rule(K.related, rf"(?<={CUT})\s?[▶☞][^\n{CUT}▶☞]{{0,40}}?(?=\s?{CUT})", ("▶", "☞")),
)

_BRACKET_REACH = 400  # how far a bracket pair may span; a bounded look keeps the check linear


def _unbalances_brackets(text: str, match: re.Match[str]) -> bool:
    """Stray punctuation that closes a bracket opened in the kept text (or opens one closed there)."""
    found = match.group(0)
    before = text[max(0, match.start() - _BRACKET_REACH) : match.start()]
    after = text[match.end() : match.end() + _BRACKET_REACH]
    for opener, closer in zip(OPENERS, CLOSERS):
        if closer in found and before.count(opener) > before.count(closer):
            return True
        if opener in found and after.count(closer) > after.count(opener):
            return True
    return False


# ---- UI leftovers -------------------------------------------------------------------
_UI_WORD = (
    r"(?:글자\s?크기|TOP|공유하기|공유|인쇄하기|인쇄|스크랩|닫기|좋아요|댓글|구독하기|구독|번역|가가|가|북마크|프린트"
    r"|페이스북|트위터|카카오톡|카카오스토리|네이버\s?밴드|밴드|링크\s?복사|URL\s?복사|많이\s?본\s?(?:뉴스|기사)|주요\s?뉴스"
    r"|이\s?시각\s?주요\s?뉴스|관련\s?기사|기사\s?제보|제보하기|동영상\s?뉴스|기사\s?듣기|본문\s?듣기|PICK"
    r"|기사\s?본문\s?영역|본문\s?영역|상세\s?페이지|이미지\s?확대(?:하기)?|기사\s?본문|기사\s?원문|PICK\s?안내|설정"
    r"|슬퍼요|화나요|훈훈해요|후속\s?기사\s?원해요|좋아요\s?평가하기|요약봇|beta|글자\s?크기\s?변경하기)"
)
UI_RULES = (
    # a tag an extractor left as text, with its attributes: '<iframe src="//ad…" width="740">' (a bare
    # "<script>" typed into an article is the article's text)
    _rule(K.ui, r"<(iframe|script|div|span|img|ins|embed|object|style)\s[^<>\n=]{0,100}=[^<>\n]{0,1000}>(?:\s?</\1>)?",
          ("<",), None, _I),
    _rule(K.ui, r"(?<![가-힣])(?:글자\s?크기(?:\s?설정)?|기사\s?듣기|본문\s?듣기|URL\s?복사|기사\s?스크랩)(?![가-힣])",
          ("글자", "듣기", "url", "스크랩"), None, _I),
    _rule(K.ui, rf"{LEFT}(?:[■▶▷※*·•]\s?)?{_UI_WORD}(?:\s?[|·•/,]?\s?{_UI_WORD}){{0,10}}{RIGHT}", (), None, _I),
    _rule(K.dateline, rf"{LEFT}{STAMP}/?{RIGHT}", ()),
    _rule(K.ui, r"▲?\s?(?:위|아래)\s?사진은\s?기사\s?내용과\s?(?:직접적인\s?)?(?:관련|관계)(?:이|가)?\s?없습니다\.?", ("사진",)),
    _rule(K.ui, rf"[{OPENERS}]\s?(?:{CUT}\s?)+[{CLOSERS}]", (CUT,)),
    # punctuation left stranded between two cuts, or between a cut and the paragraph edge
    _rule(K.ui, rf"(?:(?<={CUT})|^)[^\w\n{CUT}]+(?={CUT})|(?<={CUT})[^\w\n{CUT}]+$", (CUT,), _unbalances_brackets),
)

SPAN_RULES: tuple[Rule, ...] = (
    UI_RULES[:1] + CREDIT_RULES[:1] + COPYRIGHT_RULES + TIP_RULES + CAPTION_RULES + CREDIT_RULES[1:]
    + BRACKET_BYLINE_RULES + DATELINE_RULES + BYLINE_RULES + EMAIL_RULES + BROADCAST_RULES + RELATED_RULES + UI_RULES[1:]
)
PATTERN_SOURCES = tuple(rule.pattern.pattern for rule in SPAN_RULES)

# ---- whole-paragraph captions (articles that keep their line breaks) ---------------------
# "서울 여의도 국회 본회의장 모습. /뉴스1", "컨테이너가 쌓여 있다. [연합뉴스 자료사진]",
# "지난 5일 서울 중구 명동 거리. 김봉규 선임기자", "▲ 서울 종로구 정부서울청사 전경."
_CAPTION_END_CREDIT = (
    rf"(?:/\s?(?:사진\s?(?:제공)?\s?[=:]\s?{_CREDIT_BODY}|{PHOTO_SOURCE}(?![가-힣A-Za-z0-9]))|\[\s?사진\s[^\[\]\n]{{1,25}}\]"
    rf"|\[[^\[\]\n]{{0,40}}(?:제공|자료사진|DB|포토)[^\[\]\n]{{0,20}}\])"
)
PARAGRAPH_CAPTION = re.compile(
    rf"^(?P<body>[^\n{CUT}]{{4,180}}?)\s?(?:(?P<credit>{_CAPTION_END_CREDIT})|(?P<byline>{REPORTERS}))\s?$"
)
POINTER_CAPTION = re.compile(rf"^(?P<body>[▲△]\s?[^▲△\n{CUT}]{{4,200}})$")
_PHOTO_ENDING = re.compile(r"(?:있다|모습|전경|풍경|장면|현장|일대)\.?$")
_VERB_ENDING = re.compile(r"(?:[다요까죠니]|습니다)[.!?\"”'’)]*$")
_INNER_SENTENCE_END = re.compile(r"[.?!]\s|다\s")


def is_caption_body(body: str, *, photo_words_only: bool = False) -> bool:
    """One sentence describing a picture: "… 붐비고 있다.", "… 본회의장 모습.", "… 명동 거리."."""
    body = body.strip().lstrip("▲△ ").strip()
    if not body or _INNER_SENTENCE_END.search(body[:-1]) or "=" in body:
        return False
    if _PHOTO_ENDING.search(body):
        return True
    return not photo_words_only and not _VERB_ENDING.search(body)
