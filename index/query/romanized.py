"""Korean words written in Latin letters, read back into Hangul: Kwon Sung-yeol → 권성열.

English news writes Korean names and places romanized (Revised Romanization
or older spellings): Park In-bee, Kim Yuna, Koo Bon-moo, Onsu Station,
Danuri. Each romanized syllable has a few possible Hangul syllables
(sung: 성 승 숭; yeol: 열 렬 …), so a word has many readings; the caller
keeps the readings the corpus knows, which is what makes this safe.

* :func:`readings` — Hangul readings of one Latin word (hyphens join syllables);
* :func:`name_readings` — readings of surname + given name ("Kwon", "Sung-yeol");
* :func:`known_names`, :func:`known_words` — the names and capitalised words of a
  question with the readings the corpus knows.

The surname table and the spelling variants are written for this project.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

MAX_READINGS = 3000  # readings of one word, before the corpus picks

_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_VOWELS = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
    "eu", "ui", "i",
]
_FINALS = {0: "", 1: "k", 4: "n", 8: "l", 16: "m", 17: "p", 21: "ng"}  # jongseong index → spelling (names use few)
_INITIAL_VARIANTS = {
    "g": ("g", "k"), "d": ("d", "t"), "b": ("b", "p"), "j": ("j", "ch"), "r": ("r", "l", ""), "n": ("n", ""),
    "s": ("s", "sh"), "ch": ("ch",), "k": ("k",), "t": ("t",), "p": ("p",), "h": ("h",), "": ("",),
}
_VOWEL_VARIANTS = {
    "eo": ("eo", "u", "o"), "eu": ("eu", "u"), "u": ("u", "oo"), "i": ("i", "ee", "y"), "yeo": ("yeo", "yo", "you", "yu"),
    "ui": ("ui", "ee", "i"), "ae": ("ae", "ai"), "oe": ("oe", "oi"), "yu": ("yu", "yoo"), "wo": ("wo",),
    "o": ("o", "oh"),
}
_FINAL_VARIANTS = {"k": ("k", "g"), "p": ("p", "b"), "l": ("l",), "n": ("n",), "m": ("m",), "ng": ("ng",), "": ("",)}

SURNAMES: dict[str, tuple[str, ...]] = {}
for _hangul, _spellings in {
    "김": "kim gim", "이": "lee yi rhee i", "박": "park pak bak", "최": "choi choe", "정": "jung jeong chung cheong",
    "강": "kang gang", "조": "cho jo joe", "윤": "yoon yun", "장": "jang chang", "임": "lim im yim", "한": "han",
    "오": "oh o", "서": "seo suh", "신": "shin sin", "권": "kwon gwon", "황": "hwang", "안": "ahn an", "송": "song",
    "류": "ryu ryoo", "유": "yoo yu", "홍": "hong", "전": "jeon jun chun", "고": "ko go koh", "문": "moon mun",
    "양": "yang", "손": "son sohn", "배": "bae", "백": "baek paik baik", "허": "heo huh hur", "남": "nam",
    "심": "shim sim", "노": "noh roh", "하": "ha", "곽": "kwak gwak", "성": "sung seong", "차": "cha",
    "주": "joo ju chu", "우": "woo", "구": "koo gu ku", "민": "min", "나": "na ra", "진": "jin chin", "지": "ji",
    "엄": "eom um", "채": "chae", "원": "won", "천": "cheon", "방": "bang", "공": "kong gong", "현": "hyun hyeon",
    "함": "ham", "변": "byun byeon", "염": "yeom yum", "여": "yeo", "추": "choo", "도": "do", "석": "seok suk",
    "선": "sun seon", "설": "seol sul", "마": "ma", "길": "gil kil", "연": "yeon", "위": "wi wee", "표": "pyo",
    "명": "myung myeong", "기": "ki gi", "반": "ban", "왕": "wang", "금": "keum geum", "옥": "ok", "육": "yook yuk",
    "인": "in", "맹": "maeng", "제": "je", "모": "mo", "탁": "tak", "국": "kuk guk", "은": "eun", "편": "pyun",
    "용": "yong", "예": "ye", "경": "kyung gyeong", "봉": "bong", "부": "boo bu", "태": "tae", "형": "hyung",
    "두": "doo", "승": "seung", "상": "sang", "남궁": "namgung", "황보": "hwangbo", "제갈": "jegal",
    "선우": "sunwoo seonu", "독고": "dokgo",
}.items():
    for _spelling in _spellings.split():
        SURNAMES[_spelling] = SURNAMES.get(_spelling, ()) + (_hangul,)

_LATIN_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _syllable_table() -> dict[str, tuple[str, ...]]:
    """Spelling → Hangul syllables, for every syllable with a final common in names."""
    table: dict[str, list[str]] = {}
    for initial, vowel, final in itertools.product(range(19), range(21), _FINALS):
        syllable = chr(0xAC00 + (initial * 21 + vowel) * 28 + final)
        for a, v, f in itertools.product(
            _INITIAL_VARIANTS.get(_INITIALS[initial], (_INITIALS[initial],)),
            _VOWEL_VARIANTS.get(_VOWELS[vowel], (_VOWELS[vowel],)),
            _FINAL_VARIANTS[_FINALS[final]],
        ):
            table.setdefault(a + v + f, []).append(syllable)
    return {spelling: tuple(found) for spelling, found in table.items()}


def _segmentations(word: str) -> list[list[str]]:
    """Ways to cut ``word`` into known syllable spellings (at most MAX_READINGS)."""
    table = _syllable_table()
    out: list[list[str]] = []

    def walk(start: int, parts: list[str]) -> None:
        if len(out) >= MAX_READINGS:
            return
        if start == len(word):
            out.append(list(parts))
            return
        for end in range(min(len(word), start + 6), start, -1):
            if word[start:end] in table:
                walk(end, parts + [word[start:end]])

    walk(0, [])
    return out


def readings(word: str) -> list[str]:
    """Hangul readings of a romanized word: "sung-yeol" → 성열, 승열, …; "danuri" → 다누리, …"""
    table = _syllable_table()
    pieces = [p for p in word.lower().split("-") if p]
    if not pieces or not all(_LATIN_WORD.fullmatch(p) for p in pieces):
        return []
    per_piece = []
    for piece in pieces:
        options = []
        for parts in _segmentations(piece):
            options += ["".join(s) for s in itertools.product(*(table[p] for p in parts))][:MAX_READINGS]
        if not options:
            return []
        per_piece.append(list(dict.fromkeys(options))[:MAX_READINGS])
    out = []
    for combo in itertools.product(*per_piece):
        out.append("".join(combo))
        if len(out) >= MAX_READINGS:
            break
    return out


def name_readings(surname: str, given: str) -> list[str]:
    """Hangul readings of a Korean name written surname first: ("Kwon", "Sung-yeol") → 권성열, …"""
    family = SURNAMES.get(surname.lower(), ())
    if not family:
        return []
    return [f + g for f in family for g in readings(given)]


_NAME = re.compile(r"\b([A-Z][a-z]{0,6})\s+([A-Z][a-z]+(?:-[a-z]+)?)\b")
_CAPITALISED = re.compile(r"(?<![\w-])([A-Z][a-z]{3,}(?:-[a-z]+)?)\b")


class Reading(NamedTuple):
    concept: str  # the Latin words, lower case
    hangul: tuple[str, ...]  # readings the corpus knows
    span: tuple[int, int]  # where the Latin words are in the question


def known_names(text: str, knows: Callable[[str], bool]) -> list[Reading]:
    """Korean names written surname first (Kwon Sung-yeol) whose Hangul reading the corpus holds."""
    out = []
    for match in _NAME.finditer(text):
        surname, given = match.groups()
        found = tuple(dict.fromkeys(
            r for r in name_readings(surname, given) if 3 <= len(r) <= 4 and knows(r)
        ))
        if found:
            out.append(Reading(f"{surname} {given}".lower(), found, match.span()))
    return out


def known_words(text: str, knows: Callable[[str], bool], skip: Callable[[str], bool]) -> list[Reading]:
    """Capitalised words not at the start (Onsu, Danuri) whose Hangul reading the corpus holds.

    ``skip`` tells which words the caller already renders (a lexicon entry, a name the corpus knows).
    """
    out = []
    for match in _CAPITALISED.finditer(text):
        word = match.group(1)
        if match.start() == 0 or skip(word):
            continue
        found = tuple(dict.fromkeys(r for r in readings(word) if len(r) >= 2 and knows(r)))
        if found:
            out.append(Reading(word.lower(), found, match.span()))
    return out
