"""Kiwi sentence splitting and content-word tokens.

Kiwi is created once by :func:`load_kiwi` and handed to a :class:`Tokenizer`;
nothing here builds a Kiwi at import time.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from kiwipiepy import Kiwi

from index.text.clean import is_boilerplate_sentence

# Content parts of speech (Sejong tags as Kiwi names them): nouns, numerals,
# verb and adjective stems, roots, foreign words, Hanja and numbers.
CONTENT_TAGS = ("NNG", "NNP", "NNB", "NR", "VV", "VA", "XR", "SL", "SH", "SN")
TOKENIZER_CONFIG = {
    "name": "kiwi-content",
    "tags": CONTENT_TAGS,
    "normalize": "NFKC",
    "latin": "lower",
    "rev": 1,
}
TOKENIZER_VERSION = hashlib.sha256(json.dumps(TOKENIZER_CONFIG, sort_keys=True).encode()).hexdigest()[:12]

WORD_READINGS_KEPT = 50_000  # words whose Kiwi reading is remembered (questions repeat words: 무엇인가, 이름은)
PREFETCHED_KEPT = 16  # texts read ahead in a word batch and not yet asked for (one per question being parsed)

_CONTENT = frozenset(CONTENT_TAGS)
_PUNCT_EDGES = re.compile(r"^[^\w]+|[^\w]+$")


class SentenceSpan(NamedTuple):
    """A sentence of an article's text: its character span and its tokens."""

    start: int
    end: int
    tokens: tuple[str, ...]


def load_kiwi(num_workers: int | None = None) -> Kiwi:
    """Create the one Kiwi instance of the process (slow: about a second)."""
    workers = num_workers if num_workers is not None else (os.cpu_count() or 1)
    kiwi = Kiwi(num_workers=workers)
    kiwi.tokenize("준비 운동")  # the model loads lazily: pay that cost now, not on the first question
    return kiwi


@lru_cache(maxsize=200_000)
def normalize_token(form: str) -> str:
    form = unicodedata.normalize("NFKC", form).lower()
    return _PUNCT_EDGES.sub("", form)


def content_tokens(kiwi_tokens: Iterable) -> tuple[str, ...]:
    out = []
    for token in kiwi_tokens:
        tag = token.tag.split("-", 1)[0]
        if tag in _CONTENT:
            form = normalize_token(token.form)
            if form:
                out.append(form)
    return tuple(out)


class WordReading(NamedTuple):
    """Kiwi's best reading of a word taken on its own: its content tokens and their log-probability."""

    tokens: tuple[str, ...]
    score: float


class Morpheme(NamedTuple):
    """One Kiwi morpheme: its character span in the text, normalised form and tag (``NNG``, ``SN`` …)."""

    start: int
    end: int
    form: str
    tag: str


def _morphemes_of(kiwi_tokens: Iterable) -> list[Morpheme]:
    return [Morpheme(t.start, t.start + t.len, normalize_token(t.form), t.tag.split("-", 1)[0]) for t in kiwi_tokens]


class Tokenizer:
    """Splits cleaned article text into sentences and content tokens in one Kiwi pass."""

    version = TOKENIZER_VERSION

    def __init__(self, kiwi: Kiwi):
        self.kiwi = kiwi
        self._readings: OrderedDict[str, WordReading] = OrderedDict()  # least recently read first
        self._readings_lock = threading.Lock()
        self._prefetched: OrderedDict[str, list] = OrderedDict()  # text → Kiwi's tokens, read with a word batch
        self._prefetched_lock = threading.Lock()  # its own: read() must not wait for another question's batch

    def word_readings(self, words: list[str], prefetch: str | None = None) -> list[WordReading]:
        """:class:`WordReading` of each word, in order: one Kiwi batch for the words not read recently.

        Exact (a word's reading depends on the word alone, and the model never changes while running).
        ``prefetch``: a text :meth:`read` is about to be asked for (the question the words come from), read in
        the same batch when there is one (a separate Kiwi call costs about 0.25 ms more; the same tokens: Kiwi's
        best analysis).
        """
        with self._readings_lock:  # one lock around the batch too: a word found here cannot be dropped meanwhile
            missing = [w for w in dict.fromkeys(words) if w not in self._readings]
            prefetch = prefetch if missing else None  # alone, Kiwi's tokenize is quicker than a batch of one
            batch = [_safe(w) for w in missing] + ([_safe(prefetch)] if prefetch is not None else [])
            read = list(self.kiwi.analyze(batch, top_n=1)) if batch else []
            if prefetch is not None:
                with self._prefetched_lock:
                    self._prefetched[prefetch] = read.pop()[0][0]
                    while len(self._prefetched) > PREFETCHED_KEPT:
                        self._prefetched.popitem(last=False)
            for word, result in zip(missing, read):
                self._readings[word] = WordReading(content_tokens(result[0][0]), float(result[0][1]))
            out = [self._readings[w] for w in words]
            for word in words:
                self._readings.move_to_end(word)
            while len(self._readings) > WORD_READINGS_KEPT:
                self._readings.popitem(last=False)
        return out

    def tokens(self, text: str) -> tuple[str, ...]:
        return content_tokens(self.kiwi.tokenize(_safe(text)))

    def read(self, text: str) -> tuple[tuple[str, ...], list[Morpheme]]:
        """:meth:`tokens` and :meth:`morphemes` of ``text`` from one Kiwi pass (a question needs both).

        A text read ahead by :meth:`word_readings` (``prefetch``) is taken from there, once.
        """
        with self._prefetched_lock:
            analysed = self._prefetched.pop(text, None)
        if analysed is None:
            analysed = self.kiwi.tokenize(_safe(text))
        return content_tokens(analysed), _morphemes_of(analysed)

    def tokens_many(self, texts: list[str]) -> list[tuple[str, ...]]:
        """:meth:`tokens` for many short texts (titles), through Kiwi's worker threads."""
        if not texts:
            return []
        return [content_tokens(tokens) for tokens in self.kiwi.tokenize([_safe(t) for t in texts])]

    def morphemes(self, text: str) -> list[Morpheme]:
        """Every morpheme of ``text`` with its span (for highlighting whole tokens in a passage)."""
        return _morphemes_of(self.kiwi.tokenize(_safe(text)))

    def morphemes_many(self, texts: list[str]) -> list[list[Morpheme]]:
        """:meth:`morphemes` of each text, through Kiwi's worker threads (an answer's passages at once)."""
        if not texts:
            return []
        return [_morphemes_of(tokens) for tokens in self.kiwi.tokenize([_safe(t) for t in texts])]

    def split(self, text: str) -> list[SentenceSpan]:
        """Sentences of ``text`` (paragraphs separated by blank lines)."""
        return next(iter(self.split_many([text])))

    def split_many(self, texts: Iterable[str]) -> Iterator[list[SentenceSpan]]:
        """Like :meth:`split` for many texts, batched through Kiwi's worker threads."""
        texts = list(texts)
        paragraphs: list[tuple[int, int, str]] = []  # (text index, offset, paragraph)
        for index, text in enumerate(texts):
            for offset, paragraph in _paragraph_offsets(text):
                paragraphs.append((index, offset, paragraph))
        results: list[list[SentenceSpan]] = [[] for _ in texts]
        if paragraphs:
            split = self.kiwi.split_into_sents(
                (_safe(p) for _, _, p in paragraphs), return_tokens=True
            )
            for (index, offset, paragraph), sentences in zip(paragraphs, split):
                results[index].extend(_spans(paragraph, offset, sentences))
        return iter(results)


_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def utf8_spans(text: str, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Each (character) span of ``text`` as byte offsets of its UTF-8 encoding, as SQLite stores the text:
    a sentence is then cut out of the stored text by bytes, without SQLite counting characters from the start
    (at a long article's end that took 140 µs a sentence). Empty when the spans are not in order."""
    out: list[tuple[int, int]] = []
    position = at = 0
    for start, end in spans:
        if start < position or end < start:
            return ()
        at += len(text[position:start].encode("utf-8", "surrogatepass"))
        first = at
        at += len(text[start:end].encode("utf-8", "surrogatepass"))
        out.append((first, at))
        position = end
    return tuple(out)


def _safe(text: str) -> str:
    """What Kiwi can take, one character for one (offsets stay valid): full-width ASCII to ASCII,
    lone surrogates (bad bytes in argv, JSON "\\ud800") to U+FFFD."""
    return _SURROGATE.sub("\ufffd", text.translate(_FULLWIDTH))


def _paragraph_offsets(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for chunk in text.split("\n"):
        if chunk.strip():
            yield offset, chunk
        offset += len(chunk) + 1


def _spans(paragraph: str, offset: int, sentences) -> Iterator[SentenceSpan]:
    """Kiwi's sentences with their offsets; a sentence that is boilerplate from end to end (a byline
    or a notice the cleaner had no context to cut) is the only kind dropped."""
    for sentence in sentences:
        text = paragraph[sentence.start : sentence.end].strip()
        if is_boilerplate_sentence(text):
            continue
        tokens = content_tokens(sentence.tokens)
        if not tokens:
            continue
        start = offset + sentence.start + (len(paragraph[sentence.start : sentence.end]) - len(paragraph[sentence.start : sentence.end].lstrip()))
        yield SentenceSpan(start, start + len(text), tokens)
