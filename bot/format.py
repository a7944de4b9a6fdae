"""Telegram HTML: escaping, echoed user text, bold spans and citations.

Splitting a long text into messages lives in :mod:`bot.split`.
"""
from __future__ import annotations

import html
import re
import unicodedata
from typing import Protocol

from bot.copies import also_line
from bot.split import MAX_MESSAGE, has_text, split_html, utf16_len

__all__ = ["MAX_MESSAGE", "Html", "answer_blocks", "citation", "echo", "escape", "highlight", "split_messages"]

MAX_TITLE = 150
_MISSING_LABEL = {"ko": "이 기사에 없는 말", "en": "Not in this article"}  # like a search engine's "Missing:"
MAX_ECHO = 200
_TAG = re.compile(r"<[^>]+>")
_DROPPED = ("Cc", "Cs", "Co", "Cn")  # controls, lone surrogates, private use, unassigned
# Direction overrides, embeddings and isolates: they reorder what follows them on screen.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Format characters that emoji and scripts need: joiners and the tag characters of flags.
_KEPT_FORMAT = frozenset("\u200c\u200d") | frozenset(chr(c) for c in range(0xE0020, 0xE0080))


class Html(str):
    """Text that is already Telegram HTML (a template value that must not be escaped again)."""


class Cited(Protocol):
    title: str
    source: str
    published: str
    url: str


class Highlighted(Cited, Protocol):
    passage: str
    bold: list[tuple[int, int]]


def escape(text: str) -> str:
    """Text safe inside Telegram HTML: ``<``, ``>``, ``&`` escaped; controls and direction overrides dropped."""
    kept = "".join(
        ch for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) not in _DROPPED and ch not in BIDI_CONTROLS)
    )
    return html.escape(kept, quote=False)


def strip_format(text: str) -> str:
    """``text`` without format characters (U+202E, U+200B, U+FEFF …), keeping emoji joiners and flag tags."""
    return "".join(ch for ch in text if ch in _KEPT_FORMAT or unicodedata.category(ch) != "Cf")


def echo(text: str) -> str:
    """User text shown back to users: format characters stripped, then escaped."""
    return escape(strip_format(text))


def escape_attr(text: str) -> str:
    return html.escape(text, quote=True)


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """Escaped ``text`` with the character ``spans`` in bold (overlapping or bad spans are ignored)."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last or end <= start or end > len(text):
            continue
        out.append(escape(text[last:start]))
        out.append(f"<b>{escape(text[start:end])}</b>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def source_line(hit: Cited) -> str:
    """Title (linked when the article has a web address) · outlet · date."""
    title = escape(shorten(hit.title, MAX_TITLE))
    if hit.url.startswith(("http://", "https://")):
        title = f'<a href="{escape_attr(hit.url)}">{title}</a>'
    return " · ".join([title] + [escape(shorten(x, 40)) for x in (hit.source, hit.published) if x])


def citation(number: int, hit: Cited) -> str:
    return f"[{number}] {source_line(hit)}"


def missing_line(words: list[str], lang: str = "ko") -> str:
    """The question's names the passage's article never says ("" when it says them all)."""
    if not words:
        return ""
    return f"<i>{_MISSING_LABEL.get(lang, _MISSING_LABEL['ko'])}: {escape(', '.join(words))}</i>"


def hit_block(number: int, hit: Highlighted, lang: str = "ko") -> str:
    block = f"<b>[{number}]</b> {highlight(hit.passage, hit.bold)}\n— {citation(number, hit)}"
    copies = also_line(hit, lang) if getattr(hit, "also", None) else ""
    missing = missing_line(getattr(hit, "missing", []), lang)
    return block + "".join("\n   " + line for line in (copies, missing) if line)


def question_header(question: str) -> str:
    return f"❓ <i>{echo(shorten(strip_format(question), MAX_ECHO))}</i>"


def answer_blocks(question: str, hits: list[Highlighted], first_number: int = 1, lang: str = "ko") -> list[str]:
    return [question_header(question)] + [hit_block(first_number + i, hit, lang) for i, hit in enumerate(hits)]


def passage_message(hit: Highlighted) -> str:
    """One passage with its citation (the message an inline result sends)."""
    return f"{highlight(hit.passage, hit.bold)}\n— {source_line(hit)}"


def split_messages(blocks: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Blocks joined with blank lines into messages of at most ``limit`` UTF-16 units.

    A block that fits a message is never cut; a longer one is cut by :func:`split_html`.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in [block] if utf16_len(block) <= limit else split_html(block, limit):
            if not has_text(piece):
                continue
            candidate = f"{current}\n\n{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def strip_html(text: str) -> str:
    """Plain text for the console: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))
