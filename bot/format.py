"""Telegram HTML: escaping, highlighting, citations and the 4096-character split."""
from __future__ import annotations

import html
import re
import unicodedata

from index.models import Hit

MAX_MESSAGE = 4096  # Telegram counts UTF-16 code units
MAX_TITLE = 150
_TAG = re.compile(r"<[^>]+>")


def escape(text: str) -> str:
    """Text safe inside Telegram HTML (``<``, ``>``, ``&`` escaped, control characters dropped)."""
    cleaned = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn"))
    return html.escape(cleaned, quote=False)


def escape_attr(text: str) -> str:
    return html.escape(text, quote=True)


def _highlight_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms stand in ``text`` (case-insensitive, on the text itself so offsets are its own)."""
    spans: list[tuple[int, int]] = []
    for term in sorted(set(terms), key=len, reverse=True):
        if len(term) < 2 and not term.isdigit():
            continue  # one-syllable stems would light up half the passage
        for match in re.finditer(re.escape(term), text, flags=re.IGNORECASE):
            start, end = match.span()
            if all(end <= s or start >= e for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def highlight(text: str, terms: list[str]) -> str:
    """Escaped ``text`` with the question's terms in bold."""
    out, last = [], 0
    for start, end in _highlight_spans(text, terms):
        out.append(escape(text[last:start]))
        out.append(f"<b>{escape(text[start:end])}</b>")
        last = end
    out.append(escape(text[last:]))
    return "".join(out)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def citation(number: int, hit: Hit) -> str:
    title = escape(shorten(hit.title, MAX_TITLE))
    if hit.url.startswith(("http://", "https://")):
        title = f'<a href="{escape_attr(hit.url)}">{title}</a>'
    parts = [title] + [escape(shorten(x, 40)) for x in (hit.source, hit.published) if x]
    return f"[{number}] " + " · ".join(parts)


def hit_block(number: int, hit: Hit) -> str:
    return f"<b>[{number}]</b> {highlight(hit.passage, hit.matched)}\n— {citation(number, hit)}"


def answer_blocks(question: str, hits: list[Hit], first_number: int = 1) -> list[str]:
    header = f"❓ <i>{escape(shorten(question, 200))}</i>"
    return [header] + [hit_block(first_number + i, hit) for i, hit in enumerate(hits)]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_messages(blocks: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Join blocks with blank lines into messages of at most ``limit`` UTF-16 units.

    Messages break only between blocks; a block longer than ``limit`` on its
    own is reduced to plain escaped text and cut at a space (never inside a
    tag or an entity).
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _fit(block: str, limit: int) -> list[str]:
    if utf16_len(block) <= limit:
        return [block]
    plain = html.unescape(_TAG.sub("", block))
    pieces, rest = [], plain
    budget = limit // 2  # escaping can grow text up to 5x for '&'; re-check below
    while rest:
        cut = rest[:budget]
        if len(rest) > budget and " " in cut[budget // 2 :]:
            cut = cut[: cut.rfind(" ")]
        piece = escape(cut)
        while utf16_len(piece) > limit:
            cut = cut[: len(cut) * 2 // 3]
            piece = escape(cut)
        pieces.append(piece)
        rest = rest[len(cut) :].lstrip()
    return pieces


def strip_html(text: str) -> str:
    """Plain text for the console: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))
