"""Remove Korean news boilerplate from article text, span by span, and report what went.

Credits, ©/ⓒ notices, bylines, datelines, reporter e-mails, photo captions,
broadcast chrome, related-article links and UI leftovers are cut out as spans
wherever they sit (see :mod:`index.text.boilerplate` for the patterns): at a
paragraph start, between two sentences, or in the middle of a whole article
exported as one paragraph, with or without its punctuation.  Only text that
matches one of those explicit patterns is removed; everything else stays.

:func:`clean_article` returns the cleaned text with an account of every
removal, so that the caller can store the raw text, report the characters
removed per article and flag an article that lost more than a third
(:attr:`Cleaned.over_cleaned`).  A photo caption is kept when it is all the
article holds (a photo story).  :func:`is_boilerplate_sentence` is the last
guard before a sentence is indexed: it is true only for a sentence that is
boilerplate from end to end.

``CLEANER_VERSION`` changes whenever the rules do; text cleaned by another
version should be cleaned again from its raw form.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import NamedTuple

from index.text.boilerplate import PATTERN_SOURCES, BoilerplateKind
from index.text.cutter import Removal, cut_paragraph, fold_spaces

__all__ = [
    "CLEANER_VERSION", "BoilerplateKind", "Cleaned", "Removal", "clean_article", "clean_field",
    "clean_paragraphs", "clean_text", "clean_title", "is_boilerplate_sentence", "normalize_whitespace",
]

_RULES_REVISION = 2  # bump with any change of logic; a change of a pattern changes the hash by itself
CLEANER_VERSION = f"spans-{_RULES_REVISION}-" + hashlib.sha256(
    "\n".join(PATTERN_SOURCES).encode("utf-8")
).hexdigest()[:10]

OVER_CLEANED_SHARE = 1 / 3
# A repeated paragraph shorter than this ("▷김태현 : 네.", a speaker's label) is kept every time.
_MIN_DUPLICATE = 20


class Cleaned(NamedTuple):
    """An article's text after cleaning, with the account of what was removed."""

    text: str  # cleaned paragraphs joined by a blank line
    removed_chars: int  # non-space characters removed as boilerplate
    raw_chars: int  # non-space characters of the input (after Unicode normalisation)
    removed: tuple[Removal, ...]

    @property
    def over_cleaned(self) -> bool:
        """More than a third of the article's characters were removed."""
        return self.removed_chars > self.raw_chars * OVER_CLEANED_SHARE


# C0/C1 controls (tab and newline kept), zero-width and bidi format characters, BOM,
# noncharacters (the cleaner's own cut mark is one) and lone surrogates.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff"
    "\ufdd0-\ufdef\ufff0-\ufffb\ufffe\uffff\ud800-\udfff]"
)
_WORD = re.compile(r"\w")


def normalize_whitespace(text: str) -> str:
    """Unix line ends, control and format characters removed (tabs and newlines kept), then NFC."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text)


def clean_field(value: str) -> str:
    """A one-line metadata field (source, author, url …): control characters out, spaces folded."""
    return fold_spaces(normalize_whitespace(value).replace("\n", " "))


def _non_space(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _dedupe_repeats(paragraph: str, min_half: int = 20, max_len: int = 2400) -> tuple[str, list[Removal]]:
    """Collapse a caption written twice (or more) in one paragraph; not "2020", not a long text."""
    removed: list[Removal] = []
    while min_half * 2 <= len(paragraph) <= max_len:
        half = len(paragraph) // 2
        for cut in range(half - 3, half + 4):
            left, right = paragraph[:cut].strip(), paragraph[cut:].strip()
            if left and left == right:
                removed.append(Removal(BoilerplateKind.duplicate, right))
                paragraph = left
                break
        else:
            break
    return paragraph, removed


def _clean_lines(text: str, *, captions: bool) -> tuple[list[str], list[Removal]]:
    kept: list[str] = []
    removed: list[Removal] = []
    seen: set[str] = set()
    for line in text.split("\n"):
        paragraph, repeats = _dedupe_repeats(fold_spaces(line))
        removed.extend(repeats)
        if not paragraph:
            continue
        paragraph, cuts = cut_paragraph(paragraph, captions=captions)
        removed.extend(cuts)
        if not paragraph:
            continue
        key = "".join(paragraph.split())
        if len(key) >= _MIN_DUPLICATE and key in seen:
            removed.append(Removal(BoilerplateKind.duplicate, paragraph))
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept, removed


def _clean(text: str) -> tuple[list[str], list[Removal]]:
    kept, removed = _clean_lines(text, captions=True)
    if not any(_WORD.search(p) for p in kept) and any(r.kind is BoilerplateKind.caption for r in removed):
        # a photo story: its caption is the only text it has, so the caption stays
        kept, removed = _clean_lines(text, captions=False)
    return kept, removed


def clean_article(text: str) -> Cleaned:
    """The article's text without boilerplate, and what was removed (never raises)."""
    normalized = normalize_whitespace(text)
    kept, removed = _clean(normalized)
    raw_chars = _non_space(normalized)
    cleaned = "\n\n".join(kept)
    return Cleaned(cleaned, raw_chars - _non_space(cleaned), raw_chars, tuple(removed))


def clean_paragraphs(text: str) -> list[str]:
    """The article's paragraphs with boilerplate removed, in order, without repeats."""
    return _clean(normalize_whitespace(text))[0]


def clean_text(text: str) -> str:
    """Article text without boilerplate, paragraphs separated by a blank line."""
    return clean_article(text).text


def clean_title(title: str) -> str:
    title = fold_spaces(normalize_whitespace(title).replace("\n", " "))
    if " - " in title or " | " in title:
        title = re.sub(r"\s*[-|:]{1,2}\s*[가-힣A-Za-z0-9&.]{2,20}$", "", title)
    return title


def is_boilerplate_sentence(sentence: str) -> bool:
    """Last guard before indexing: true only when the whole sentence is boilerplate (or empty)."""
    kept, _ = _clean(normalize_whitespace(sentence))
    return not any(_WORD.search(paragraph) for paragraph in kept)
