"""Regular-expression fragments for Korean news boilerplate: names, roles, outlets, dates, e-mails.

Every fragment is bounded (no unbounded repetition inside a repetition), so a
rule built from them costs time linear in the text it scans.  ``CUT`` marks a
place where boilerplate was cut out: rules may use it as a boundary, so that a
byline left beside a removed copyright notice is recognised as a byline
whether the article came with line breaks or as one flat paragraph.
"""
from __future__ import annotations

# A noncharacter: never part of real text (the cleaner drops it from input).
CUT = "\ufdd0"
NOT_CUT = rf"[^\n{CUT}]"

# ---- people -------------------------------------------------------------------
_ROLE_WORDS = r"기자|특파원|앵커|통신원|논설위원|기상캐스터|리포터"
# Words that come before a role ("전문기자", "사진기자"), never a reporter's name.
_ROLE_PREFIXES = r"전문|선임|수석|사진|취재|인턴|수습|객원|의학|담당|현장|편집|보도|전직|현직"
# A name starts a word ("편성했다고 김도윤" holds one name, not "성했다고 김도윤").
NAME = rf"(?<![가-힣A-Za-z0-9])(?!(?:{_ROLE_WORDS}|{_ROLE_PREFIXES}))[가-힣]{{2,4}}"
# A name of three syllables that does not end like a word with a particle or a verb ending ("참석한",
# "경찰은"): the names before the last in a list separated by spaces only ("백나리 정빛나 기자").
NAME3 = rf"(?<![가-힣A-Za-z0-9])(?!(?:{_ROLE_WORDS}|{_ROLE_PREFIXES}))[가-힣]{{2}}[가-힣](?<![한된던은는을를의에도와과로인이가다요고며서면])"
# Names joined by "·", "," or "/" ("김예진·박진영"); where something fixes where the byline starts
# (a wire lead, a bracket, an outlet name), also names joined by spaces only.
FREE_NAMES = rf"{NAME}(?:\s?[·,/]\s?{NAME}){{0,3}}"
NAMES = rf"(?:{FREE_NAMES}|(?:{NAME3}\s){{1,3}}{NAME})"
ROLE = (
    r"(?:[가-힣]{0,5}?(?:기자|특파원)|통신원|논설위원|논설고문|편집위원|칼럼니스트|에디터|앵커"
    r"|기상캐스터|리포터)"
)
# A role word that ends a byline: not "기자는 …", "기자회견", "기자 출신", "기자 등 3명".
ROLE_END = (
    r"(?![가-힣A-Za-z0-9])(?!\s(?:등|및|와|과|겸|출신|시절|당시)(?![가-힣]))(?!\s?\([^()\n]{1,30}\)[가-힣])"
)
REPORTERS = rf"{NAMES}\s?{ROLE}(?:\s?[,·]\s?{NAMES}\s?{ROLE}){{0,3}}{ROLE_END}"
# Reporters with nothing before them that marks where the byline starts.
FREE_REPORTERS = rf"{FREE_NAMES}\s?{ROLE}(?:\s?[,·]\s?{FREE_NAMES}\s?{ROLE}){{0,3}}{ROLE_END}"
TEAM = (
    r"[가-힣A-Za-z]{0,8}\s?(?:공동\s?취재단|온라인\s?뉴스팀|디지털\s?뉴스팀|뉴스팀|취재팀|뉴스룸|온라인팀"
    r"|디지털뉴스부|편집국)(?![가-힣])"
)

# ---- outlets ------------------------------------------------------------------
WIRE = r"(?:연합뉴스|뉴스1|뉴시스|노컷뉴스|News1|NEWS1)"
AGENCY = r"(?:로이터|AFP|AP|EPA|UPI|신화|교도|블룸버그|타스|dpa|DPA|EFE|ANSA|AAP|지지|타스통신)"
_OUTLET_NAMES = (
    "연합뉴스TV|연합뉴스|연합인포맥스|뉴스1|뉴시스|CBS노컷뉴스|노컷뉴스|YTN|KBS|MBC|SBS|JTBC|MBN|OBS|EBS|CBS"
    "|TV조선|채널A|한경닷컴|머니투데이|이데일리|아시아경제|헤럴드경제|파이낸셜뉴스|서울경제|한국경제|매일경제"
    "|조선일보|중앙일보|동아일보|한겨레|경향신문|한국일보|국민일보|세계일보|서울신문|문화일보|전자신문"
    "|디지털타임스|아이뉴스24|조이뉴스24|지디넷코리아|블로터|스타뉴스|OSEN|스포츠조선|마이데일리|뉴스핌"
    "|뉴스토마토|이투데이|데일리안|프레시안|오마이뉴스|미디어오늘|비즈니스워치|더팩트|일간스포츠|스포츠서울"
    "|엑스포츠뉴스|텐아시아|티브이데일리|뉴스엔|뉴데일리|쿠키뉴스|News1|NEWS1"
)
# A known outlet, or a word that ends like one ("OO일보", "OO경제"), never the tail of a longer word.
OUTLET = (
    rf"(?:{_OUTLET_NAMES}|(?<![가-힣A-Za-z0-9])[가-힣A-Za-z0-9]{{1,8}}(?:뉴스|일보|신문|신문사|경제|데일리|투데이"
    r"|타임즈|타임스|저널|포스트|헤럴드|미디어|방송|통신|통신사|닷컴|비즈|TV))"
)
BROADCASTER = (
    r"(?:연합뉴스TV|KBS|MBC|SBS|YTN|JTBC|MBN|OBS|EBS|CBS|TBS|KNN|TJB|JIBS|UBC|G1|TV조선|채널A|연합뉴스"
    r"|[가-힣]{1,4}(?:MBC|KBS|SBS))"
)
# Where a picture came from: "/뉴스1", "/사진=게티이미지뱅크", "삼성전자 제공".
PHOTO_SOURCE = (
    rf"(?:(?:{AGENCY}(?:=뉴스1|연합뉴스|뉴시스)?|뉴스1|연합뉴스|뉴시스|게티이미지(?:뱅크|코리아)?|Getty\s?Images(?:\s?Bank)?"
    r"|셔터스톡|Shutterstock|이미지투데이|123RF|픽사베이|언스플래시|머니투데이)(?:\s?(?:제공|DB|자료사진))?"
    r"|[가-힣A-Za-z0-9]{1,12}\s?(?:제공|DB|캡처|자료사진|홈페이지))"
)

# ---- places and dates -----------------------------------------------------------
PLACE = r"[가-힣A-Za-z·]{1,15}(?:\s[가-힣A-Za-z·]{1,15}){0,2}"
# One place word before a wire name with its brackets stripped ("서울 뉴스1 김근욱 기자"):
# never a word that ends like a verb or takes a particle.
PLACE_WORD = r"[가-힣A-Za-z]{1,10}(?:·[가-힣A-Za-z]{1,10})?(?<![다요며고은는이가을를의에도서])"
DATE = r"(?:19|20)\d{2}\s?[.\-/]\s?\d{1,2}\s?[.\-/]\s?\d{1,2}(?![\d])\.?"
TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
STAMP = rf"{DATE}(?:\s?{TIME})?"

# ---- e-mail ---------------------------------------------------------------------
EMAIL = r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4}"
EMAIL_START = r"[A-Za-z0-9._%+-]{1,64}@"

# ---- brackets (ASCII, CJK and full-width) ----------------------------------------------
OPENERS = "([【［〔<＜"
CLOSERS = ")]】］〕>＞"

# ---- context ----------------------------------------------------------------------
# Before a span that is boilerplate only where it stands alone: the paragraph start, a cut,
# or the end of a sentence (with or without its punctuation).
LEFT = rf"(?:^|(?<=[{CUT}.!?。\"”’'\)\]>…])|(?<=[다요] ))\s?"
# After such a span: the paragraph end or a cut.
RIGHT = rf"(?=\s?[,.]?\s?(?:$|{CUT}))"
