"""Questions to weighted query terms, grouped by the concept each one stands for.

* Korean questions: Kiwi content tokens, question words dropped (왜, 언제 …)
  or down-weighted (이유, 내용 …); then synonyms (고소 → 소송, 제소) and
  aliases the corpus taught us (오픈에이아이 ↔ open ai) at a lower weight.
* English questions (and Latin words in Korean ones): English→Korean
  through the alias table, a news lexicon and transliterations
  (musk → 머스크, sue → 소송/고소, OpenAI → 오픈AI/오픈에이아이).

Every term remembers its *concept* (the word typed): alternatives of one
concept share it, so matching one alternative covers the concept.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import NamedTuple

from index.query.aliases import AliasTable
from index.query.expand import (
    MAX_ALTERNATIVES, SYNONYM_WEIGHT, WORD_WEIGHT, english_to_korean, expand_korean_terms, fold_latin,
)
from index.query.romanized import Reading, known_names, known_words
from index.query.swaps import repair_swaps
from index.query.synonyms import SynonymSet
from index.query.vocabulary import Vocabulary, corpus_merges, corpus_split, pieces_of, strip_format_characters
from index.query.words import (
    GENERIC_QUESTION_WORDS_EN, GENERIC_WORD_WEIGHT, STOP_QUESTION_WORDS_EN, WHAT_HAPPENED_KO, is_english_question,
    question_term_weight,
)
from index.text.tokenize import CONTENT_TAGS, Morpheme, Tokenizer

MAX_QUESTION_CHARS = 1000
UNRENDERED_WEIGHT = 0.3  # an English word no dictionary renders (see _unknown_english_weighed_down)
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[가-힣A-Za-z0-9]+")
_NUMBER = re.compile(r"\d+")
_ENGLISH_WORD = re.compile(r"[a-z][a-z' -]*")


NAME_TAGS = ("NNP", "SL")  # Kiwi's proper nouns and Latin letters (LG, SK, xAI)


class QueryTerm(NamedTuple):
    token: str
    weight: float
    concept: str  # the word the user typed it as
    proper: bool = False  # typed as a name: Kiwi reads a proper noun or Latin letters, or a corpus token it broke


class QueryResources(NamedTuple):
    translit: dict
    lexicon: dict
    synonyms: SynonymSet | None
    aliases: AliasTable | None


class _Terms:
    def __init__(self) -> None:
        self.terms: dict[str, QueryTerm] = {}
        self.shared: dict[tuple[str, str], QueryTerm] = {}  # a phrase's expansion, under its second word too

    def put(self, token: str, weight: float, concept: str, proper: bool = False) -> None:
        known = self.terms.get(token)
        if weight > 0 and (known is None or known.weight < weight):
            self.terms[token] = QueryTerm(token, weight, concept, proper)

    def share(self, token: str, weight: float, concept: str) -> None:
        """``token`` also stands for ``concept`` (최대 + 주주 → 대주주 covers both words)."""
        if weight > 0 and (token, concept) not in self.shared:
            self.shared[(token, concept)] = QueryTerm(token, weight, concept)

    def all(self) -> list[QueryTerm]:
        terms = list(self.terms.values())
        have = {(t.token, t.concept) for t in terms}
        return terms + [t for key, t in self.shared.items() if key not in have and key[0] in self.terms]


def _keep(token: str) -> float:
    if token.isascii() and token in STOP_QUESTION_WORDS_EN:
        return 0.0
    return question_term_weight(token)


def parse_question(
    question: str,
    tokenizer: Tokenizer,
    resources: QueryResources | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[QueryTerm]:
    """Weighted, distinct query terms; empty when nothing is left to search for.

    With the corpus ``vocabulary``, question words are read the way the
    corpus reads them (see :mod:`index.query.vocabulary`), and two syllables
    typed in the wrong order are put back (:mod:`index.query.swaps`).
    """
    text = strip_format_characters(question[:MAX_QUESTION_CHARS])
    tokens_of = _cached_tokens(tokenizer)
    out = _Terms()
    english = is_english_question(text)
    if vocabulary is not None and not english:
        asked = text  # read in the swap repair's Kiwi batch, for _typed_tokens (unless a swap changes the text)
        text = repair_swaps(text, lambda words: tokenizer.word_readings(words, prefetch=asked), vocabulary.knows)
    typed: list[str] = []
    if not english:
        tokens, names = _typed_tokens(text, tokenizer, vocabulary)
        for token in tokens:
            weight = _keep(token)
            if weight:
                typed.append(token)
                out.put(token, weight, token, token in names)
    if resources is None:
        return list(out.terms.values())
    derived: list[tuple[str, str, float]] = []  # (token, concept, weight) from English words
    if _LATIN.search(text):
        for token, source, weight in _english_terms(text, resources, tokens_of, vocabulary):
            out.put(token, weight, source)
            derived.append((token, source, weight))
    seeds = [(token, token, 1.0) for token in typed] + derived
    single: dict[str, list[tuple[str, float]]] = {}  # a token's own expansions, asked again for each pair

    def expansions_of(token: str) -> list[tuple[str, float]]:
        if token not in single:
            single[token] = expand_korean_terms([token], resources.synonyms, resources.aliases)
        return single[token]

    for token, concept, weight in seeds:
        for surface, expansion_weight in expansions_of(token):
            _put_expansion(out, tokens_of(surface), typed, weight * expansion_weight, concept)
    for word in _WORD.findall(text) if not english else ():  # 인간형은 → 인간형, which Kiwi splits as 인간 + 형
        for end in range(len(word), 1, -1):
            found = resources.synonyms.expand(word[:end]) if resources.synonyms else set()
            if found:
                concept = next((t for t in tokens_of(word[:end]) if t in typed), word[:end])
                for surface in found:
                    _put_expansion(out, tokens_of(surface), typed, SYNONYM_WEIGHT, concept)
                break
    for first, second in zip(typed, typed[1:]):  # two typed tokens written as one word: 오픈 + ai → 오픈ai
        singles = {s for t in (first, second) for s, _ in expansions_of(t)}
        for surface, expansion_weight in expand_korean_terms([first, second], resources.synonyms, resources.aliases):
            if surface not in singles:
                _put_expansion(out, tokens_of(surface), typed, expansion_weight, first, first + second)
                for token in _evidence_tokens(tokens_of(surface), first + second):
                    if token not in typed and _keep(token):
                        out.share(token, expansion_weight, second)
    terms = [t._replace(weight=t.weight * GENERIC_WORD_WEIGHT) if t.concept in GENERIC_QUESTION_WORDS_EN else t
             for t in out.all()]  # "news" in "Tesla news" weighs what 소식 does in "테슬라 소식"
    return _unknown_english_weighed_down(terms, vocabulary) if vocabulary is not None else terms


def _unknown_english_weighed_down(terms: list[QueryTerm], vocabulary: Vocabulary) -> list[QueryTerm]:
    """An English word that no dictionary renders, and the corpus does not hold, counts at ``UNRENDERED_WEIGHT``.

    ("turnout", "sulforaphane"): it is more likely a gap in the lexicon than
    the question's most specific word, which is how an unknown Korean word
    counts. A word rendered in Korean that the corpus lacks ("pizza" → 피자)
    keeps its full weight: the corpus has nothing on it.
    """
    known = {t.concept for t in terms if vocabulary.knows(t.token)}
    rendered = {t.concept for t in terms if t.token != t.concept}
    return [
        t._replace(weight=t.weight * UNRENDERED_WEIGHT)
        if _ENGLISH_WORD.fullmatch(t.concept) and t.concept not in known and t.concept not in rendered else t
        for t in terms
    ]


def _english_terms(text: str, resources: QueryResources, tokens_of, vocabulary: Vocabulary | None):
    """(token, concept, weight) for the Latin words of a question.

    Romanized Korean names (Kwon Sung-yeol → 권성열) and capitalised words no
    dictionary renders (Onsu → 온수) are read back into Hangul, keeping the
    readings the corpus knows.
    """
    out: list[tuple[str, str, float]] = []
    text = fold_latin(text)
    names = known_names(text, vocabulary.knows) if vocabulary is not None else []
    for reading in names:
        out += _reading_terms(reading)
    for start, end in (r.span for r in names):
        text = text[:start] + " " * (end - start) + text[end:]
    rendered: dict[str, bool] = {}
    for source, surface, weight in english_to_korean(text, resources.translit, resources.lexicon, resources.aliases):
        for token in _evidence_tokens(tokens_of(surface), source):
            if _keep(token):
                out.append((token, source, weight))
                if vocabulary is not None:
                    rendered[source] = rendered.get(source, False) or (token != source and vocabulary.knows(token))
    if vocabulary is not None:
        for reading in known_words(text, vocabulary.knows, lambda word: rendered.get(word.lower(), True)):
            out += _reading_terms(reading)
    return out


def _reading_terms(reading: Reading) -> list[tuple[str, str, float]]:
    """The readings are corpus tokens already (the corpus knows them): no Kiwi pass."""
    chosen = reading.hangul[:MAX_ALTERNATIVES]
    share = WORD_WEIGHT / math.sqrt(len(chosen))
    return [(hangul, reading.concept, share) for hangul in chosen]


def _typed_tokens(text: str, tokenizer: Tokenizer, vocabulary: Vocabulary | None) -> tuple[list[str], set[str]]:
    """The question's tokens, with corpus tokens in place of the pieces Kiwi broke them into,
    and unknown runs of names cut into the corpus tokens they are made of; and which of them are names."""
    read, morphemes = tokenizer.read(text)  # one reading: the word reader's second one (+는) is for single words
    tokens = [t for t in read if t != "일"] if _asks_what_happened(morphemes) else list(read)
    names = {m.form for m in morphemes if m.tag in NAME_TAGS}
    if vocabulary is None:
        return tokens, names
    for merge in corpus_merges(text, pieces_of(morphemes), vocabulary):
        at = min((tokens.index(t) for t in merge.replaces if t in tokens), default=len(tokens))
        tokens = [t for t in tokens if t not in merge.replaces]
        tokens.insert(min(at, len(tokens)), merge.token)
        names.add(merge.token)  # a name Kiwi broke (휴 + 넷 for 휴넷)
    tokens = [piece for t in tokens for piece in (corpus_split(t, vocabulary) or (t,))]
    return list(dict.fromkeys(tokens)), names


def _asks_what_happened(morphemes: list[Morpheme]) -> bool:
    """Every 일 of the question is the 일 of 무슨 일 / 어떤 일 ("what happened"), not a day (5일) or a subject."""
    at = [i for i, m in enumerate(morphemes) if m.form == "일" and m.tag in CONTENT_TAGS]
    return bool(at) and all(
        i > 0 and morphemes[i - 1].tag == "MM" and morphemes[i - 1].form in WHAT_HAPPENED_KO for i in at
    )


def _put_expansion(out: _Terms, tokens, typed: list[str], weight: float, concept: str, source: str = "") -> None:
    """``source``: what was expanded (the concept, unless two typed tokens were)."""
    for token in _evidence_tokens(tokens, source or concept):
        if token not in typed and _keep(token):
            out.put(token, weight, concept)


def _evidence_tokens(tokens, source: str) -> tuple[str, ...]:
    """The tokens of an expansion of ``source`` that can stand for it: not a number of a longer name that the
    question did not type (the 19 of 코로나19 stands for 코로나 or covid no more than any "19명" does; the 7 of
    주요 7개국 does stand for G7)."""
    tokens = tuple(tokens)
    if len(tokens) == 1:
        return tokens
    typed = set(_NUMBER.findall(source))
    return tuple(t for t in tokens if not t.isdigit() or t in typed)


def _surface_tokens(tokenizer: Tokenizer, surface: str) -> tuple[str, ...]:
    """Tokens of a word, as Kiwi reads it alone and inside a sentence.

    Kiwi's analysis depends on context: 대주주 alone is 대(prefix)+주주, but
    in "대주주인 마이크로소프트" it is one noun. Taking both readings lets an
    expansion match however the article's sentence was analysed; the second
    reading only adds tokens the word spells (지진 + 는 is read as 지지 + 늘 …).
    """
    tokens = list(tokenizer.tokens(surface))
    if surface and "\uac00" <= surface[-1] <= "\ud7a3" and not surface.endswith("다"):
        lowered = surface.lower()  # a reading the word itself spells: 지진 + 는 is not 늘 (늘다)
        tokens += [t for t in tokenizer.tokens(surface + "는") if t not in tokens and t in lowered]
    return tuple(tokens)


def _cached_tokens(tokenizer: Tokenizer):
    cache = getattr(tokenizer, "_query_cache", None)
    if cache is None:
        cache = lru_cache(maxsize=20_000)(lambda surface: _surface_tokens(tokenizer, surface))
        tokenizer._query_cache = cache
    return cache
