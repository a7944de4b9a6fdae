"""Two syllables swapped while typing (투하자는 for 투자하는), put back with Kiwi's own language model.

Kiwi's typo model (``typos="basic"``) corrects jamo-level slips (ㅐ/ㅔ,
받침), not syllables typed in the wrong order; measured on KorQuAD it did not
help those (README). What does help: for each word of the question, every
swap of two adjacent syllables is analysed by Kiwi (one batch), and a swap
is kept when Kiwi scores the word clearly higher that way and every content
token it then reads is one the corpus knows. The bar is lower when the word
as typed holds a token the corpus has never seen.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from index.text.tokenize import WordReading

MIN_GAIN = 4.0  # Kiwi log-probability gained by the swap, when the word as typed has an unknown token
MIN_GAIN_KNOWN = 6.0  # when every token of the word as typed is known
MAX_WORD = 12  # longer runs (a question typed without spaces) are left alone
_WORD = re.compile(r"[가-힣]{2,}")


def swap_candidates(word: str) -> list[str]:
    return [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1) if word[i] != word[i + 1]]


def repair_swaps(text: str, read_words: Callable[[list[str]], list[WordReading]], knows: Callable[[str], bool]) -> str:
    """``text`` with the swapped syllables of its words put back (see the module docstring).

    ``read_words``: Kiwi's reading of each word on its own (:meth:`index.text.tokenize.Tokenizer.word_readings`).
    """
    words = [m for m in _WORD.finditer(text) if len(m.group(0)) <= MAX_WORD]
    candidates = [(m, swapped) for m in words for swapped in swap_candidates(m.group(0))]
    if not candidates:
        return text
    readings = read_words([m.group(0) for m in words] + [c for _, c in candidates])
    typed = {m.start(): readings[i] for i, m in enumerate(words)}
    best: dict[int, tuple[float, re.Match, str]] = {}
    for (match, swapped), reading in zip(candidates, readings[len(words):]):
        old = typed[match.start()]
        if not reading.tokens or not all(knows(t) for t in reading.tokens):
            continue
        bar = MIN_GAIN if any(not knows(t) for t in old.tokens) else MIN_GAIN_KNOWN
        gain = reading.score - old.score
        if gain >= bar and gain > best.get(match.start(), (0.0,))[0]:
            best[match.start()] = (gain, match, swapped)
    for start in sorted(best, reverse=True):
        _, match, swapped = best[start]
        text = text[: match.start()] + swapped + text[match.end() :]
    return text
