"""Remove Korean news boilerplate from article text.

The rules are general patterns seen across outlets (머니투데이, 연합뉴스, 뉴스1,
뉴시스, 조선일보, 한겨레, 이데일리 …), not rules for one article:

* photo captions and credits (``/사진=…``, ``▲ …``, caption paragraphs that
  carry a wire credit such as ``(크라코프 로이터=뉴스1) 권진영 기자 = …`` and a
  copyright line);
* copyright lines (``ⓒ``, ``Copyright (C)``, ``무단 전재 및 재배포 금지``,
  ``AI학습 이용 금지``, ``All rights reserved``);
* bylines and datelines (``머니투데이 뉴욕=박준식 특파원 2024.04.05 00:09``,
  the ``(서울=연합뉴스) 홍길동 기자 =`` lead, ``[이데일리 홍길동 기자]``,
  reporter e-mails);
* UI leftovers (``글자크기``, ``TOP``, ``▶ 관련기사``, ``▶ 제보는 카톡``).

``clean_text`` works on paragraphs; ``is_boilerplate_sentence`` is the last
guard applied to every sentence before it is indexed, so none of these can
ever come back as an answer.
"""
from __future__ import annotations

import re
import unicodedata

CLEANER_VERSION = "1"  # bump when the rules change: stored articles are cleaned again from their raw text

_COPYRIGHT = re.compile(
    r"ⓒ|©|copyright\s*(?:\(c\)|ⓒ|©|\d{4})|all\s+rights\s+reserved"
    r"|무단\s*전재\s*(?:및|[-·,&/]|\s)*\s*(?:재\s*)?배포"
    r"|재\s*배포\s*(?:및\s*)?금지\s*[.>\])]?\s*$"
    r"|ai\s*학습\s*(및\s*)?(활용|이용)\s*금지|<\s*저작권자|저작권자\s*(?:\(c\)|ⓒ|©|:)",
    re.IGNORECASE,
)
_CAPTION_CREDIT_END = re.compile(
    r"(?:/\s*[가-힣A-Za-z0-9]{1,12}(?:\s*(?:제공|DB))?"
    r"|\[(?:사진\s*)?[가-힣A-Za-z0-9 ·.]{1,20}\]"
    r"|\[[^\]]{0,30}(?:제공|자료사진|DB\s*금지)[^\]]{0,10}\]"
    r"|(?:중앙포토|자료사진|[가-힣]{2,4}\s*(?:선임)?기자))\s*$"
)
_BROADCAST = re.compile(
    r"^\s*(?:(?:KBS|MBC|SBS|YTN|JTBC|MBN|OBS|TV조선|채널A|연합뉴스TV)\s*(?:뉴스)?\s*[가-힣]{2,4}(?:입니다|였습니다)\.?\s*$"
    r"|\(?\s*(?:영상취재|영상편집|촬영기자|영상디자인|화면제공|촬영)\s*[:：])"
)
_STAMP = re.compile(r"^\s*\d{4}[.\-/]\s?\d{1,2}[.\-/]\s?\d{1,2}\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_PHOTO_CREDIT = re.compile(r"[/\[(<]\s*(사진|그래픽|자료|영상|캡처|출처)\s*[=:]|^\s*(사진|그래픽)\s*=")
_CAPTION_START = re.compile(r"^\s*(▲|△|▷|<사진>|\[사진\]|\(사진\)|사진\s*[=:])")
_WIRE_LEAD = re.compile(
    r"^\s*[(\[【]\s*[가-힣A-Za-z·\s]{1,20}=\s*[가-힣A-Za-z0-9]{1,12}\s*[)\]】]\s*"
    r"(?:[가-힣]{2,4}\s*(?:[·,]?\s*[가-힣]{2,4}\s*)*(?:기자|특파원|통신원|인턴기자|선임기자)\s*)?=?\s*"
)
_BRACKET_LEAD = re.compile(
    r"^\s*\[\s*[가-힣A-Za-z0-9\s·]{0,20}(?:기자|특파원|뉴스|일보|경제|신문|데일리|투데이|타임스)\s*\]\s*"
)
_DATE_TIME = re.compile(r"\d{4}[.\-/]\s?\d{1,2}[.\-/]\s?\d{1,2}\.?(\s+\d{1,2}:\d{2})?")
_REPORTER = re.compile(r"(기자|특파원|통신원|논설위원|객원기자|인턴기자|선임기자|에디터)")
# Bounded and anchored by a look-behind, so a long run without spaces costs linear time.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_RELATED = re.compile(r"^\s*(▶|☞|■\s*관련|\[관련\s*기사\]|관련\s*기사|◆\s*관련|#\s*관련)")
_UI_WORDS = {
    "글자크기", "글자 크기", "top", "공유", "공유하기", "인쇄", "스크랩", "닫기", "좋아요",
    "댓글", "구독", "구독하기", "기사듣기", "본문듣기", "번역", "url복사", "가", "가가",
    "북마크", "프린트", "메일", "기사 공유", "페이스북", "트위터", "카카오톡", "많이 본 뉴스",
    "많이 본 기사", "주요뉴스", "이 시각 주요뉴스", "관련기사", "관련 기사", "기사제보",
}
_UI_LINE = re.compile(
    r"(제보는\s*카톡|카톡\s*okjebo|okjebo|네이버에서\s*.{0,20}구독|뉴스\s*스탠드|구독\s*신청"
    r"|당신의\s*제보가\s*뉴스가|기사\s*제보|이\s*기사를\s*추천|실시간\s*인기\s*기사|많이\s*본\s*(뉴스|기사))",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0\u2009\u200b\u3000]+")


def _is_ui_line(line: str) -> bool:
    bare = line.strip().strip("|·•-").strip().lower()
    return bare in _UI_WORDS or bool(_UI_LINE.search(line)) or bool(_RELATED.match(line))


def _is_byline(line: str) -> bool:
    """A short line naming a reporter, an outlet and a date, or an e-mail."""
    stripped = line.strip()
    if len(stripped) > 90:
        return False
    if _STAMP.match(stripped) or _BROADCAST.match(stripped):
        return True
    ends_like_sentence = stripped.endswith(("다.", "다", "요.", "?", "!"))
    if _EMAIL.search(stripped) and len(_EMAIL.sub("", stripped).strip()) < 40 and not ends_like_sentence:
        return True
    has_reporter = bool(_REPORTER.search(stripped))
    has_date = bool(_DATE_TIME.search(stripped))
    has_dateline = "=" in stripped
    words = stripped.split()
    ends_like_sentence = stripped.endswith(("다.", "다", "요.", "?", "!"))
    if has_reporter and (has_date or has_dateline or len(words) <= 4) and not ends_like_sentence:
        return True
    # A bare "입력 2024.04.05 00:09 / 수정 …" stamp
    if has_date and re.match(r"^\s*(입력|수정|승인|기사입력|업데이트|등록)", stripped):
        return True
    return False


def _is_caption_paragraph(paragraph: str) -> bool:
    """Photo caption blocks: a credit or caption marker, usually with a copyright line."""
    if _CAPTION_START.match(paragraph):
        return True
    bare = _EMAIL.sub("", paragraph).strip()
    if len(bare) < 200 and _CAPTION_CREDIT_END.search(bare):
        return True
    if re.match(r"^\s*[/\[(<]?\s*(사진|그래픽|자료|영상|캡처|출처)\s*[=:]", paragraph) or re.search(r"/\s*사진\s*=", paragraph):
        return True
    match = _COPYRIGHT.search(paragraph)
    if match:
        head = paragraph[: match.start()]
        if _WIRE_LEAD.match(paragraph) or _DATE_TIME.search(head) or _PHOTO_CREDIT.search(head):
            return True
        if not head.rstrip(" /<[(-").endswith(("다.", "다", ".", "?", "!", "\"", "”")):
            return True
    return False


def _strip_leads(paragraph: str) -> str:
    paragraph = _WIRE_LEAD.sub("", paragraph, count=1)
    paragraph = _BRACKET_LEAD.sub("", paragraph, count=1)
    return paragraph


_TRAILING_EMAIL = re.compile(r"\s*[(\[<]?\s*(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+\s*[)\]>]?\s*$")


def _strip_inline(paragraph: str) -> str:
    paragraph = re.sub(r"[(\[<]\s*(사진|그래픽|자료|영상)\s*[=:][^)\]>]{0,60}[)\]>]", "", paragraph)
    if "@" in paragraph:
        paragraph = _TRAILING_EMAIL.sub("", paragraph)
    return _SPACES.sub(" ", paragraph).strip()


def _drop_copyright_tail(paragraph: str) -> str:
    """Cut a copyright notice that trails real text in the same paragraph."""
    match = _COPYRIGHT.search(paragraph)
    if not match:
        return paragraph
    head = paragraph[: match.start()].rstrip(" /<[(-")
    return head


def _dedupe_repeats(paragraph: str, min_half: int = 20, max_len: int = 2400) -> str:
    """Collapse a caption written twice (or more) in one paragraph; not "2020", not a long text."""
    while min_half * 2 <= len(paragraph) <= max_len:
        half = len(paragraph) // 2
        for cut in range(half - 3, half + 4):
            left, right = paragraph[:cut].strip(), paragraph[cut:].strip()
            if left and left == right:
                paragraph = left
                break
        else:
            return paragraph
    return paragraph


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ufff0-\ufffb\ud800-\udfff]")


def normalize_whitespace(text: str) -> str:
    """Unix line ends, control and format characters removed (tabs and newlines kept), then NFC."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text)


def clean_field(value: str) -> str:
    """A one-line metadata field (source, author, url …): control characters out, spaces folded."""
    return _SPACES.sub(" ", normalize_whitespace(value).replace("\n", " ")).strip()


def _clean_paragraph(paragraph: str) -> str:
    """One paragraph without boilerplate ("" when it is all boilerplate), cleaned until it stops changing."""
    for _ in range(5):
        if not paragraph or _is_ui_line(paragraph) or _is_byline(paragraph) or _is_caption_paragraph(paragraph):
            return ""
        cleaned = _drop_copyright_tail(_dedupe_repeats(_strip_inline(_strip_leads(paragraph))))
        if cleaned == paragraph:
            return paragraph
        paragraph = cleaned
    return paragraph


def clean_paragraphs(text: str) -> list[str]:
    """The article's paragraphs with boilerplate removed, in order, without repeats."""
    kept: list[str] = []
    seen: set[str] = set()
    for raw in normalize_whitespace(text).split("\n"):
        paragraph = _clean_paragraph(_SPACES.sub(" ", raw).strip())
        if not paragraph:
            continue
        key = "".join(paragraph.split())
        if key in seen:
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


def clean_text(text: str) -> str:
    """Article text without boilerplate, paragraphs separated by a blank line."""
    return "\n\n".join(clean_paragraphs(text))


def clean_title(title: str) -> str:
    title = _SPACES.sub(" ", normalize_whitespace(title).replace("\n", " ")).strip()
    title = re.sub(r"\s*[-|:]{1,2}\s*[가-힣A-Za-z0-9&.]{2,20}$", "", title) if " - " in title or " | " in title else title
    return title


def is_boilerplate_sentence(sentence: str) -> bool:
    """Last guard before indexing: a sentence that must never be an answer."""
    stripped = sentence.strip()
    if not stripped:
        return True
    if _COPYRIGHT.search(stripped) or _PHOTO_CREDIT.search(stripped) or _CAPTION_START.match(stripped):
        return True
    if _is_ui_line(stripped) or _is_byline(stripped):
        return True
    return False
