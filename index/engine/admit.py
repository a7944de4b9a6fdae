"""Before an article is stored: cleaned from its raw text, given an id, and checked.

Nothing is lost quietly: the raw text is kept beside the cleaned one; "empty
text" is said only when the raw text holds nothing; an article whose every
character is boilerplate is refused with that reason; one that loses more than
a third is stored and reported (``AddResult.over_cleaned``).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from index.models import AddResult, AddStatus, Article
from index.storage.articles import is_safe_id, make_id
from index.text.clean import CLEANER_VERSION, clean_article, clean_field, clean_text, clean_title

TITLE_FROM_TEXT = 60  # characters of the first line that title an article sent without one
MIN_TEXT_CHARS = 10  # fewer non-space characters than this in the raw text: nothing to add
METADATA_FIELDS = ("id", "source", "published", "url", "author")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")  # bad bytes decoded as "\ud800": not storable as UTF-8


class Prepared(NamedTuple):
    article: Article  # cleaned, with raw_text and cleaner_version set
    removed_chars: int
    raw_chars: int


def visible_chars(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


class Body(NamedTuple):
    text: str  # cleaned
    removed_chars: int  # non-space characters removed as boilerplate (a repeated headline included)
    raw_chars: int


def clean_body(title: str, raw_text: str) -> Body:
    """The cleaned text of an article: boilerplate out, a headline repeated as the first paragraph out."""
    cleaned = clean_article(raw_text)
    text, removed = cleaned.text, cleaned.removed_chars
    key = "".join(title.split())
    while text and "".join(text.split("\n\n", 1)[0].split()) == key:
        removed += visible_chars(text.split("\n\n", 1)[0])
        text = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    return Body(text, removed, cleaned.raw_chars)


def storable(text: str) -> str:
    """The text as received, with lone surrogates (undecodable bytes) as U+FFFD so it can be stored."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def prepare(raw: Article) -> Prepared:
    """Clean title, fields and text; keep what came in as ``raw_text``; give the article an id if none.

    A record that already carries both ``raw_text`` and ``text`` (an export being
    restored) keeps both as they are.
    """
    title = clean_title(raw.title)
    fields = {name: clean_field(getattr(raw, name)) for name in METADATA_FIELDS}
    if raw.raw_text and raw.text:
        raw_text, text, version = storable(raw.raw_text), clean_text(raw.text), raw.cleaner_version or CLEANER_VERSION
        raw_chars = visible_chars(raw_text)
        removed = max(0, raw_chars - visible_chars(text))
    else:
        raw_text = storable(raw.raw_text or raw.text)
        (text, removed, raw_chars), version = clean_body(title, raw_text), CLEANER_VERSION
    article = raw.model_copy(update={"title": title, "text": text, "raw_text": raw_text,
                                     "cleaner_version": version, **fields})
    if not article.title:
        article.title = title_from_text(article.text)
    if not article.id:
        article.id = make_id(article)
    return Prepared(article, removed, raw_chars)


def title_from_text(text: str, limit: int = TITLE_FROM_TEXT) -> str:
    """A title for an article that came without one: its first sentence, else its first line cut at a word."""
    first = " ".join(text.strip().split("\n", 1)[0].split())
    sentence = _SENTENCE_END.split(first, 1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = first[:limit].rsplit(" ", 1)[0]
    return (cut or first[:limit]) + "…"


def refusal(prepared: Prepared) -> AddResult | None:
    """Why the article cannot be stored at all, or None."""
    article = prepared.article
    if not is_safe_id(article.id):
        return AddResult(AddStatus.SKIPPED, "", article.title, reason=f"invalid id {article.id!r}")
    if not article.title.strip():
        return AddResult(AddStatus.SKIPPED, article.id, article.title, reason="empty title")
    if prepared.raw_chars < MIN_TEXT_CHARS:
        return AddResult(AddStatus.SKIPPED, article.id, article.title, reason="empty text")
    if visible_chars(article.text) < MIN_TEXT_CHARS:
        return AddResult(
            AddStatus.SKIPPED, article.id, article.title,
            reason=f"only boilerplate: all {prepared.raw_chars} characters are credits, bylines or notices",
            removed_chars=prepared.removed_chars, raw_chars=prepared.raw_chars,
        )
    return None


def added(prepared: Prepared, sentences: int) -> AddResult:
    return AddResult(AddStatus.ADDED, prepared.article.id, prepared.article.title, sentences=sentences,
                     removed_chars=prepared.removed_chars, raw_chars=prepared.raw_chars)


def duplicate(prepared: Prepared, existing_id: str) -> AddResult:
    return AddResult(AddStatus.DUPLICATE, existing_id, prepared.article.title,
                     reason=f"already in the corpus as {existing_id}")


def batch_keys(article: Article) -> list[str]:
    """What makes two articles of one batch the same: id, URL, or text from the same outlet."""
    keys = [f"id:{article.id}", f"text:{article.source}\0{article.content_hash()}"]
    return keys + ([f"url:{article.url}"] if article.url else [])
