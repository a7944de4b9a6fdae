"""Small talk is not a question: greetings, thanks, laughter, help requests and chit-chat.

``small_talk(message)`` returns the kind of chat a message is, or None for
anything else. A message counts only when it is made *entirely* of chat
phrases (and a few fillers: 봇아, 정말, 너무, so, much …), so a question that
starts like chat is still a question: "안녕 프로젝트 예산은?" (프로젝트 is
not chat), "감사원 감사 결과는?" (감사원 is not 감사), "하이브 주가" (not 하이).
Punctuation, emoji and @mentions are ignored; a phrase may be stretched
(고마워요오, hiii, ㅋㅋㅋㅋ).
"""
from __future__ import annotations

import re
import unicodedata

from index.models import SmallTalk

MAX_CHARS = 40  # longer messages are questions (or at least not small talk)
MAX_WORDS = 8

_TAIL = r"[요용염~ㅇ]*"  # stretched endings: 안녕하세요, 안녕하세용, 고마워용~

_KOREAN: dict[SmallTalk, str] = {
    SmallTalk.HELP: r"""
        도움말|도움\s*(?:이\s*)?(?:필요해|필요합니다|줘|주세요)|도움|도와\s*(?:줘|주세요|줄래|주실래요|줄\s*수\s*있어)
        |사용법(?:\s*(?:알려\s*줘|알려\s*주세요|뭐야|좀))?|이용법|쓰는\s*법|명령어|헬프|메뉴
        |어떻게\s*(?:써야\s*(?:해|돼)|써|쓰나요|쓰는\s*거야|쓰는거야|쓰는\s*건가요|사용해|사용하나요|사용하는\s*거야|물어봐|질문해|해야\s*돼)
        |뭘\s*(?:물어볼\s*수\s*있어|할\s*수\s*있어|물어봐야\s*돼|물어봐야\s*해)|뭐\s*할\s*수\s*있어|할\s*수\s*있는\s*게\s*뭐야
    """,
    SmallTalk.THANKS: r"""
        고마(?:워|와|웡|버|운|워용)|고맙(?:습니다|습니당|다|네|네요|구나|당|소)|감사(?:합니다|합니당|해|해용|드립니다|드려요|하다)?
        |땡큐|땡스|감솨|캄사(?:합니다)?|고생\s*(?:했어|하셨어요|하셨습니다|많았어|많으셨어요|많으셨습니다)|ㄳ|ㄱㅅ
        |수고\s*(?:했어|하셨어요|하셨습니다|해|하세요|많았어|많으셨어요|많으셨습니다)?
    """,
    SmallTalk.GREETING: r"""
        안녕(?:하세|하십니까|하셨어|하신가|히\s*(?:주무세|계세|가세|가|계십시오))?|안뇽|안냥|하이|하잉|헬로|헬로우
        |반가(?:워|와|웡|워용)|반갑(?:습니다|네|다|구나|당)|처음\s*뵙겠습니다|좋은\s*(?:아침|하루|밤|저녁|오후)(?:이에|입니다|예)?
        |굿모닝|굿밤|굿나잇|굿나이트|잘\s*(?:자|잤어|주무세|주무셨어|가|있어|지냈어|지내|지내세|지내셨어)|또\s*봐|다음에\s*봐|바이|바이바이|빠이
    """,
    SmallTalk.CHAT: r"""
        뭐\s*(?:해|하니|하냐|하세|하고\s*있어|하고있어|함|하는\s*중)|누구(?:야|세|니|냐|신가|예)|너\s*뭐야|넌\s*뭐야|이름이\s*뭐야
        |심심해|배고파|졸려|피곤해|응|웅|엉|네|넹|넵|예|아니|아뇨|그래|그렇구나|알았어|알겠어|알겠습니다|오케이|오키|ㅇㅋ|ㅇㅇ|ㄴㄴ
        |좋아|좋네|굿|최고(?:야|예|다)?|대박|멋져|짱|잘했어|잘하네|똑똑하네|사랑해|미안(?:해|합니다)?|죄송(?:합니다|해)?
        |괜찮아|테스트|뭐지|헐|와|우와|오|아하|음|흠|ㅠ+|ㅜ+|어때|잘\s*지내|잘\s*지냈어
    """,
    SmallTalk.LAUGH: r"[ㅋㅎ]+|(?:하하|히히|호호|크크|킥킥|헤헤|허허|흐흐|키키)+하?|[ㅋㅎㅠㅜ]{2,}",
}
_ENGLISH: dict[SmallTalk, str] = {
    SmallTalk.HELP: r"help(?:\s+me)?|/help|/start|commands?|menu|how\s+(?:do|does|can)\s+(?:i\s+use\s+(?:this|you|it)|this\s+work|it\s+work|you\s+work)|what\s+can\s+you\s+do",
    SmallTalk.THANKS: r"thanks+|thank\s+(?:you|u)|thx|ty|tysm|cheers|much\s+appreciated|appreciate\s+it",
    SmallTalk.GREETING: r"hi+|hello+|hey+|hiya|yo|howdy|good\s+(?:morning|afternoon|evening|night|day)|gm|gn|bye|goodbye|see\s+(?:you|ya)(?:\s+later)?|cya|nice\s+to\s+meet\s+you",
    SmallTalk.CHAT: r"ok(?:ay)?|k|cool|nice|great|awesome|yes|no|yeah|yep|nope|sure|who\s+are\s+you|what\s+are\s+you|what\s+are\s+you\s+doing|wyd|sup|what'?s\s+up|how\s+are\s+you|how\s+r\s+u|test(?:ing)?|sorry|love\s+you",
    SmallTalk.LAUGH: r"(?:lo+l)+|lmao|rofl|(?:ha)+h?|(?:he)+h?|xd",
}
_FILLERS = r"""
    봇|봇아|봇님|챗봇|뉴스봇|님|너|넌|너는|정말|진짜|너무|완전|많이|매우|엄청|참|늘|항상|다들|여러분|모두|오늘도|오늘|지금|요|좀|또|다시
    |그럼|아|어|덕분에|친구|우리|다|저도|나도|기자님|ㅎ|ㅋ
    |bot|you|so|much|very|really|man|guys|there|all|a\s+lot|again|too|everyone|buddy|mate|friend|and
"""
_PRIORITY = (SmallTalk.HELP, SmallTalk.THANKS, SmallTalk.GREETING, SmallTalk.CHAT, SmallTalk.LAUGH)
_END = r"(?=\s|$)"


def _phrase(alternatives: str, tail: str = "") -> re.Pattern:
    body = re.sub(r"\s*\n\s*", "", alternatives.strip())
    return re.compile(r"(?:" + body + r")" + tail + _END)


_PHRASES: list[tuple[SmallTalk | None, re.Pattern]] = (
    [(kind, _phrase(_KOREAN[kind], _TAIL)) for kind in _PRIORITY]
    + [(kind, _phrase(_ENGLISH[kind])) for kind in _PRIORITY]
    + [(None, _phrase(_FILLERS))]
)
_MENTION = re.compile(r"@\w+")
_NOT_TEXT = re.compile(r"[^\w\s/']|_")


def normalize_chat(message: str) -> str:
    """Lower case, no punctuation, emoji or @mentions, single spaces."""
    # NFKC, except for the compatibility jamo of ㅋㅋ and ㅎㅎ (NFKC would turn them into conjoining jamo)
    text = "".join(c if "\u3131" <= c <= "\u318e" else unicodedata.normalize("NFKC", c) for c in message).lower()
    text = _NOT_TEXT.sub(" ", _MENTION.sub(" ", text))
    return " ".join(text.split())


def _kinds(text: str) -> list[SmallTalk | None] | None:
    """The chat phrases the whole text is made of, or None when something else is in it."""
    kinds: list[SmallTalk | None] = []
    position = 0
    while position < len(text):
        if text[position] == " ":
            position += 1
            continue
        best: tuple[int, SmallTalk | None] | None = None
        for kind, pattern in _PHRASES:
            found = pattern.match(text, position)
            if found and found.end() > position and (best is None or found.end() > best[0]):
                best = (found.end(), kind)
        if best is None:
            return None
        position = best[0]
        kinds.append(best[1])
    return kinds


def small_talk(message: str) -> SmallTalk | None:
    """The kind of small talk ``message`` is, or None when it may be a question."""
    text = normalize_chat(message)
    if not text or len(text) > MAX_CHARS or len(text.split()) > MAX_WORDS:
        return None
    kinds = _kinds(text)
    if not kinds:
        return None
    present = set(kinds) - {None}
    return next((kind for kind in _PRIORITY if kind in present), None)
