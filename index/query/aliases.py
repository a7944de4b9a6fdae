"""Hangul ↔ Latin aliases mined from how Korean news introduces foreign names.

Korean articles give the original spelling of a name in brackets the first
time it appears: ``오픈에이아이(Open AI)``, ``에단 나이트(Ethan Knight)``,
``월스트리트저널(WSJ)``, and sometimes the other way round:
``CEO(최고경영자)``, ``xAI(엑스에이아이)``.  :func:`mine_aliases` harvests
those pairs; :class:`AliasTable` keeps them per article so that removing an
article removes exactly what it contributed.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from index.query.alias_rows import SavedRows, rows_dict
from index.storage.atomic import atomic_write_text
from index.query.synonyms import normalize_term, term_key

_HANGUL = re.compile(r"[가-힣]")
_BRACKET = re.compile(r"\(([^()]{1,80})\)")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9&.'’+\- ]*$")
_HANGUL_WORD = re.compile(r"^[가-힣]+$")
_NAME_WORD = re.compile(r"^(?=.*[가-힣])[가-힣A-Za-z0-9]+$")  # Hangul, maybe with Latin: 챗GPT
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9&.'’+\-]*$")
_EDGE_PUNCT = "'\"‘’“”「」『』《》〈〉<>[]{}·,;:!?…―—-"

# Brackets that explain, date or credit rather than name.
_SKIP_INNER = frozenset(
    "현지시간 사진 종합 상보 속보 1보 2보 3보 왼쪽 오른쪽 가운데 앞줄 뒷줄 가명 가칭 영문명 이하 "
    "당시 제공 자료 출처 그래픽 영상 오전 오후 단독 인터뷰 위 아래 시계방향".split()
)
# Titles, media and company kinds: next to a name, never the name itself
# (트럼프 대통령(Trump), 로이터 통신(Reuters)).
_TITLES = frozenset(
    "대표 회장 사장 부사장 의장 대통령 총리 장관 의원 창업자 공동창업자 최고경영자 씨 측 "
    "일간 일간지 경제지 주간지 외신 매체 언론 통신 방송 신문 잡지 "
    "기업 업체 회사 그룹 자회사 스타트업 빅테크 제조사 개발사".split()
)
# Words that precede a name without being part of it (the name starts after them).
_NOT_NAME = _TITLES | frozenset(
    "미국 중국 일본 영국 한국 북한 러시아 독일 프랑스 대만 인도 유럽 이스라엘 우크라이나 캐나다 호주 "
    "미 중 일 영 독 러 전 현 옛 구 신임 당시 지난 최근 이날 올해 "
    "등 및 또 또한 그 이 저 한 새 첫 모든 각 해당 "
    "인공지능 반도체 전기차 자율주행 플랫폼 서비스 모델 프로젝트 슈퍼컴퓨터".split()
)
# Hangul words that are never the named thing itself.
_BAD_HANGUL = frozenset("사진 기자 제공 자료 출처 그래픽 영상 현지시간 오전 오후 이하 당시".split())
# Leading descriptors inside ``Latin(…)`` brackets: SEC(미 증권거래위원회).
_INNER_PREFIX = frozenset("미 미국 영국 일본 중국 한국 유럽".split())
_FORMER = frozenset("옛 전 구 前 舊".split())  # X(옛 트위터): a former name, not an alias
# Unambiguous particle endings: a word ending in one is not inside a name.
_PARTICLES = (
    "에서", "에게", "으로", "까지", "부터", "처럼", "보다", "이라는", "라는", "에는", "에도",
    "은", "는", "을", "를", "의", "에", "와", "과",
)
_LATIN_STOP = frozenset("the of and for a an & de von van der".split())
# Hangul initial consonants (choseong index) a Latin initial letter may be written with.
_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_INITIALS = {
    "a": "ㅇ", "e": "ㅇ", "i": "ㅇ", "o": "ㅇ", "u": "ㅇㅠ", "y": "ㅇ", "w": "ㅇㅂㄷ", "h": "ㅎㅇ",
    "b": "ㅂㅃ", "c": "ㅋㅅㅊㅆ", "d": "ㄷㄸㅈ", "f": "ㅍㅎ", "g": "ㄱㄲㅈ", "j": "ㅈㅎㅇ",
    "k": "ㅋㄱㄲㄴ", "l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "p": "ㅍㅃㅅ", "q": "ㅋㄱ", "r": "ㄹ",
    "s": "ㅅㅆㅈㅊ", "t": "ㅌㄸㄷㅊㅅ", "v": "ㅂㅍ", "x": "ㅇㅅㅈㅎ", "z": "ㅈㅊㅅ",
}


def _initial(syllable: str) -> str:
    code = ord(syllable) - 0xAC00
    return _CHO[code // 588] if 0 <= code < 11172 else ""


def _initials_agree(hangul_word: str, latin_word: str) -> bool:
    if not hangul_word or not latin_word:
        return False
    return _initial(hangul_word[0]) in _INITIALS.get(latin_word[0].lower(), "")


def _strip_edges(word: str) -> tuple[str, bool]:
    """Strip quotes/brackets from the left of a word; say whether any were there."""
    stripped = word.lstrip(_EDGE_PUNCT + "(")
    return stripped, stripped != word


def _preceding_words(before: str, limit: int = 3) -> list[str]:
    """The up to ``limit`` words that end right at the bracket (last word first)."""
    if before.endswith("  ") or not before.strip():
        return []
    words: list[str] = []
    for raw in reversed(before.rstrip().split(" ")[-limit:]):
        word, had_punct = _strip_edges(raw)
        if not word or word[-1] in _EDGE_PUNCT:
            break
        words.append(word)
        if had_punct:
            break
    return words


def _choose_hangul(words: list[str], latin_words: list[str], acronym: bool) -> str | None:
    """Pick the Hangul name span (words are last-first) for ``latin_words``."""
    if not words or not _NAME_WORD.match(words[0]) or words[0] in _BAD_HANGUL:
        return None
    if acronym:  # 최고경영자(CEO), 월스트리트저널(WSJ): one word, often a translation
        return words[0]
    content = [w for w in latin_words if w.lower() not in _LATIN_STOP] or latin_words
    for k in range(min(len(content), len(words), 3), 1, -1):
        span = list(reversed(words[:k]))  # first word first
        if not all(_HANGUL_WORD.match(w) for w in span[:-1]):
            continue
        if any(w in _NOT_NAME or w.endswith(_PARTICLES) for w in span[:-1]):
            continue
        pairs = zip(span, content) if k == len(content) else [(span[0], content[0])]
        if all(_initials_agree(h, l) for h, l in pairs):
            return " ".join(span)
    if words[0] in _TITLES:  # 트럼프 대통령(Trump), 로이터 통신(Reuters): the word before
        prev = words[1] if len(words) > 1 else ""
        ok = _HANGUL_WORD.match(prev) and prev not in _NOT_NAME and not prev.endswith(_PARTICLES)
        return prev if ok and _initials_agree(prev, content[0]) else None
    return words[0]


def _latin_alias(inner: str) -> str | None:
    """The Latin name inside a bracket, or None when the bracket is no alias."""
    if any(c in inner for c in ":=@/") or "www" in inner.lower() or ".com" in inner.lower():
        return None
    segments = [s.strip() for s in re.split(r"[,·;]", inner) if s.strip()]
    if not segments:
        return None
    first = segments[0]
    if not _LATIN_NAME.match(first) or len(first.split()) > 5:
        return None
    rest = segments[1:]
    if rest and all(_LATIN_NAME.match(s) for s in rest):
        return None  # a list of several Latin names: ambiguous
    if first.lower().split()[0] in {"feat", "feat.", "via", "vs", "vs.", "cf", "e.g.", "i.e.", "ps"}:
        return None
    if sum(c.isalpha() for c in first) < 1 or re.fullmatch(r"[\d\s.]+", first):
        return None
    return first


def _hangul_inside(inner: str) -> str | None:
    """The Hangul gloss inside ``Latin(…)``, leading descriptors removed."""
    if any(c.isdigit() for c in inner) or any(c in inner for c in ",·:=@/"):
        return None
    words = inner.split()
    while len(words) > 1 and words[0] in _INNER_PREFIX:
        words = words[1:]
    if not 1 <= len(words) <= 3 or not all(_HANGUL_WORD.match(w) for w in words):
        return None
    text = " ".join(words)
    if text in _SKIP_INNER or words[0] in _SKIP_INNER or words[0] in _FORMER:
        return None
    return text


def _is_acronym(latin: str) -> bool:
    letters = [c for c in latin if c.isalpha()]
    return " " not in latin.strip() and len(letters) >= 2 and all(c.isupper() for c in letters)


def mine_aliases(text: str) -> list[tuple[str, str]]:
    """(hangul, latin) pairs introduced with brackets in ``text``, in order, unique.

    ``에단 나이트(Ethan Knight)`` → ``("에단 나이트", "Ethan Knight")``;
    ``CEO(최고경영자)`` → ``("최고경영자", "CEO")``.  The forms are returned as
    written; :class:`AliasTable` normalises them.
    """
    out: list[tuple[str, str]] = []
    for match in _BRACKET.finditer(text):
        inner = match.group(1).strip()
        before = text[: match.start()]
        if before.endswith(" ") and not before.endswith("  "):
            before = before[:-1]  # allow "에단 나이트 (Ethan Knight)"
        if not before or before[-1].isspace():
            continue
        pair: tuple[str, str] | None = None
        latin = _latin_alias(inner)
        if latin is not None:
            words = _preceding_words(before)
            hangul = _choose_hangul(words, latin.split(), _is_acronym(latin))
            if hangul:
                pair = (hangul, latin)
        elif _HANGUL.search(inner):
            gloss = _hangul_inside(inner)
            if gloss:
                # As many Latin words before the bracket as the gloss has words.
                run: list[str] = []
                for w in _preceding_words(before, limit=len(gloss.split())):
                    if not _LATIN_WORD.match(w):
                        break
                    run.append(w)
                if run:
                    pair = (gloss, " ".join(reversed(run)))
        if pair and pair not in out:
            out.append(pair)
    return out


# ---------------------------------------------------------------------------
def normalize_latin(form: str) -> str:
    form = normalize_term(form).replace("’", "'")
    return form[4:] if form.startswith("the ") else form


def _is_hangul_side(word: str) -> bool:
    return bool(_HANGUL.search(word))


class AliasTable:
    """Hangul ↔ Latin aliases with counts and per-article provenance."""

    VERSION = 2  # 1: per-article lists of [hangul, latin, count] (still read)

    def __init__(self) -> None:
        self._articles: dict[str, dict[tuple[str, str], int]] = {}  # per article: pair -> count
        self._saved: SavedRows | None = None  # the rows of a loaded snapshot, decoded when an article changes
        self._h2l: dict[str, Counter[str]] = {}
        self._l2h: dict[str, Counter[str]] = {}

    def _take_saved(self, article_id: str) -> dict[tuple[str, str], int] | None:
        return self._saved.take(article_id) if self._saved is not None else None

    def _provenance(self) -> Iterator[tuple[str, dict[tuple[str, str], int]]]:
        """(article id, pair counts) of every article, loaded or added since."""
        yield from self._articles.items()
        if self._saved is not None:
            yield from self._saved.items()

    def _bump(self, hangul: str, latin: str, n: int) -> None:
        for index, key, value in ((self._h2l, term_key(hangul), latin), (self._l2h, term_key(latin), hangul)):
            counter = index.setdefault(key, Counter())
            counter[value] += n
            if counter[value] <= 0:
                del counter[value]
            if not counter:
                del index[key]

    def add_pairs(self, pairs: Iterable[tuple[str, str]], article_id: str) -> int:
        """Record (hangul, latin) pairs seen in ``article_id``; returns how many were kept.

        Calls for the same article accumulate; :meth:`remove_article` undoes them all.
        """
        kept = 0
        saved = self._take_saved(article_id)
        if saved is not None:
            self._articles[article_id] = saved
        for hangul, latin in pairs:
            h, l = normalize_term(hangul), normalize_latin(latin)
            if not h or not l or not _is_hangul_side(h) or _is_hangul_side(l):
                continue
            counts = self._articles.setdefault(article_id, {})
            counts[(h, l)] = counts.get((h, l), 0) + 1
            self._bump(h, l, 1)
            kept += 1
        return kept

    def remove_article(self, article_id: str) -> bool:
        pairs = self._articles.pop(article_id, None)
        if pairs is None:
            pairs = self._take_saved(article_id)
        if pairs is None:
            return False
        for (h, l), n in pairs.items():
            self._bump(h, l, -n)
        return True

    def lookup(self, word: str, min_count: int = 1) -> tuple[str, ...]:
        """Aliases of ``word`` in the other script, most frequent first.

        Latin words (any case, spaces optional: ``OpenAI`` finds ``open ai``)
        give Hangul forms; words containing Hangul give Latin forms.
        """
        key = term_key(normalize_latin(word) if not _is_hangul_side(word) else word)
        index = self._h2l if _is_hangul_side(word) else self._l2h
        counter = index.get(key)
        if not counter:
            return ()
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(form for form, n in ranked if n >= min_count and term_key(form) != key)

    def count(self, hangul: str, latin: str) -> int:
        return self._h2l.get(term_key(hangul), Counter()).get(normalize_latin(latin), 0)

    @property
    def articles(self) -> frozenset[str]:
        return frozenset(self._articles) | frozenset(self._saved.row if self._saved is not None else ())

    def pairs(self) -> list[tuple[str, str, int]]:
        """All (hangul, latin, count) pairs, most frequent first."""
        total: Counter[tuple[str, str]] = Counter()
        for _, pairs in self._provenance():
            total.update(pairs)
        return [(h, l, n) for (h, l), n in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))]

    def __len__(self) -> int:
        return len({pair for _, pairs in self._provenance() for pair in pairs})

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self.lookup(word))

    # -- persistence ----------------------------------------------------------
    def to_dict(self) -> dict:
        return {"version": self.VERSION, **rows_dict(self._provenance())}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict) -> "AliasTable":
        """The saved table (by :meth:`to_dict`: already normalised and checked); only the totals are indexed."""
        version = data.get("version")
        if version == 1:
            data = {"version": cls.VERSION, **rows_dict(
                (aid, {(h, l): n for h, l, n in rows if n > 0}) for aid, rows in data.get("articles", {}).items())}
        elif version != cls.VERSION:
            raise ValueError(f"unsupported alias table version: {version!r}")
        table = cls()
        try:
            table._saved = SavedRows.from_dict(data)
        except (KeyError, TypeError) as error:
            raise ValueError(f"malformed alias table: {error}") from error
        for (h, l), n in table._saved.totals():  # the indexes once per distinct pair, not once per article
            table._bump(h, l, n)
        return table

    @classmethod
    def from_json(cls, text: str) -> "AliasTable":
        return cls.from_dict(json.loads(text))

    def save(self, path: str | os.PathLike) -> None:
        atomic_write_text(path, self.to_json())

    @classmethod
    def load(cls, path: str | os.PathLike) -> "AliasTable":
        with open(path, encoding="utf-8") as f:
            return cls.from_json(f.read())
