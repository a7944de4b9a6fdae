"""Question words read the way the corpus reads them.

Kiwi analyses a short question with little context, so a name the articles
hold as one noun can come out in pieces: 휴넷 as 휴 + 넷, 김형중 as 김 + 형 + 중.
The corpus tokens stay as they are; the question adapts to them:

* a substring of a question word that the corpus knows as one token, and that
  Kiwi broke into pieces here (one of them a single character, none of them a
  particle or an ending), replaces those pieces; the longest known substring
  from each position wins. Compounds of whole words (정상 + 회담) are left
  alone: the articles split them the same way as often as not;
* format characters (zero-width spaces and joiners, soft hyphens …) inside
  words are removed before Kiwi sees the question.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple, Protocol

from index.bm25.okapi import BM25Index
from index.text.tokenize import CONTENT_TAGS, Morpheme, normalize_token

_WORD = re.compile(r"[가-힣A-Za-z0-9]+")
_CONTENT = frozenset(CONTENT_TAGS)
MAX_MERGE_CHARS = 12  # longest substring looked up as one corpus token
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class Piece(NamedTuple):
    form: str  # normalised, as in the index
    start: int
    end: int
    tag: str

    @property
    def content(self) -> bool:
        return self.tag in _CONTENT and bool(self.form)

    @property
    def inflection(self) -> bool:
        """A particle, an ending, a copula, an auxiliary or a verb-making suffix: not part of a noun."""
        return self.tag.startswith(("J", "E", "VC", "VX", "XSV", "XSA"))


class Vocabulary(Protocol):
    def knows(self, token: str) -> bool: ...

    def frequency(self, token: str) -> int: ...

    def together(self, tokens: tuple[str, ...]) -> int: ...


class IndexVocabulary:
    """The corpus vocabulary of a BM25 index of sentences (read while the engine's lock is held)."""

    def __init__(self, index: BM25Index):
        self.index = index

    def knows(self, token: str) -> bool:
        return self.index.knows(token)

    def frequency(self, token: str) -> int:
        return self.index.doc_freq(token)

    def together(self, tokens: tuple[str, ...]) -> int:
        """Sentences that hold every one of ``tokens``: the rarest one's postings, each other looked up in place."""
        distinct = sorted(dict.fromkeys(tokens), key=self.index.doc_freq)
        if not distinct:
            return 0
        docs = self.index.postings(distinct[0])[0]
        for token in distinct[1:]:
            if len(docs) == 0:
                return 0
            docs = docs[self.index.contains(token, docs)]
        return len(docs)


class Merge(NamedTuple):
    token: str  # the corpus token
    replaces: tuple[str, ...]  # the content pieces Kiwi made of it in the question


def strip_format_characters(text: str) -> str:
    """``text`` without format characters (Unicode Cf: U+200B, U+200D, U+00AD, U+2060 …),
    lone surrogates (undecodable bytes in argv) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", "".join(ch for ch in text if unicodedata.category(ch) != "Cf"))


def pieces_of(morphemes: list[Morpheme]) -> list[Piece]:
    """The pieces of an analysis already made (:meth:`index.text.tokenize.Tokenizer.read`)."""
    return [Piece(m.form, m.start, m.end, m.tag) for m in morphemes]


def corpus_merges(text: str, analysed: list[Piece], vocabulary: Vocabulary) -> list[Merge]:
    """Corpus tokens that Kiwi split into several pieces in ``text`` (see the module docstring).

    A merge counts only when the corpus holds the token at least as often as
    it holds its pieces together in one sentence (갤럭시S9 is 갤럭시 + s + 9 in
    most articles: that reading stays).
    """
    knows = vocabulary.knows
    merges = []
    for word in _WORD.finditer(text):
        i = word.start()
        while i < word.end():
            end = _longest_known(text, i, word.end(), knows)
            if end is None:
                i += 1
                continue
            token = normalize_token(text[i:end])
            inside = [p for p in analysed if p.start >= i and p.end <= end]
            crossing = [p for p in analysed if p.start < end and p.end > i and p not in inside]
            content = tuple(p.form for p in inside if p.content)
            broken = any(len(p.form) == 1 for p in inside if p.content)  # a name in pieces: 김 + 형 + 중
            clean = not any(p.inflection for p in inside) and not any(p.content for p in crossing)
            if len(inside) >= 2 and broken and clean and content and content != (token,):
                if vocabulary.frequency(token) >= vocabulary.together(content):
                    merges.append(Merge(token, content))
            i = end
    return merges


def _longest_known(text: str, start: int, stop: int, knows) -> int | None:
    for end in range(min(stop, start + MAX_MERGE_CHARS), start + 1, -1):
        if knows(normalize_token(text[start:end])):
            return end
    return None


MIN_SPLIT_SHARE = 0.6  # of an unknown word's characters its known pieces must cover


def corpus_split(token: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """An unknown word as the corpus tokens it is made of: 소방서장커비슬레이드 → 소방, 서장, 커비, 슬레이드.

    Kiwi reads a run of unknown names typed without spaces as one noun. The
    pieces (two characters or more, the longest first) must cover
    ``MIN_SPLIT_SHARE`` of the word; () when the corpus knows the word or no
    such cover exists.
    """
    if len(token) < 3 or vocabulary.knows(token):
        return ()
    n = len(token)
    best: list[tuple[int, tuple[str, ...]]] = [(0, ())] * (n + 1)  # covered characters, pieces, per prefix
    for i in range(n):
        covered, parts = best[i]
        if covered > best[i + 1][0]:  # skip character i (a particle between two names: 김구가 …)
            best[i + 1] = (covered, parts)
        for j in range(min(n, i + MAX_MERGE_CHARS), i + 1, -1):
            piece = token[i:j]
            if vocabulary.knows(piece) and covered + len(piece) > best[j][0]:
                best[j] = (covered + len(piece), parts + (piece,))
    covered, parts = best[n]
    return parts if len(parts) >= 2 and covered >= MIN_SPLIT_SHARE * n else ()
