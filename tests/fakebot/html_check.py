"""Validator/parser for Telegram's ``parse_mode=HTML`` message format.

Pure functions, no I/O, so that property-based tests can reuse them:

* :func:`check_telegram_html` -> ``None`` when the text is valid, else the error string
  (``"can't parse entities: ..."``, the part Telegram puts after ``"Bad Request: "``).
* :func:`parse_telegram_html` -> ``(plain_text, entities)`` like Telegram would store them
  (entity offsets/lengths in UTF-16 code units, not yet trimmed), raising
  :class:`TelegramHTMLError` on invalid input.

The parser follows the algorithm of Telegram's own server-side parser (tdlib
``parse_html``): supported tags only, balanced and properly nested, tag names
case-insensitive, ``&lt; &gt; &amp; &quot;`` and numeric character references decoded.

With ``strict=True`` (the default) it is *stricter* than Telegram, following the
documented rules instead of Telegram's leniency, so escaping bugs are caught in tests:

* a bare ``&`` that does not start a supported entity, and a bare ``>`` outside tags,
  are errors (Telegram would silently keep them as text);
* attribute values must be quoted; unknown attributes are errors; ``<a>`` needs ``href``;
  ``<code class=...>`` must be ``language-...``; end tags must be named (``</>`` refused).
"""

from __future__ import annotations

import re

__all__ = [
    "SUPPORTED_TAGS",
    "TelegramHTMLError",
    "check_telegram_html",
    "parse_telegram_html",
    "utf16_len",
]

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)

_ALLOWED_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "span": frozenset({"class"}),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "tg-emoji": frozenset({"emoji-id"}),
    "blockquote": frozenset({"expandable"}),
}

_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}

_SPACES = " \t\r\n\v\f\0"
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,7}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class TelegramHTMLError(ValueError):
    """Raised by :func:`parse_telegram_html`; ``str(exc)`` is ``"can't parse entities: ..."``."""


def utf16_len(s: str) -> int:
    """Length of ``s`` in UTF-16 code units (what Telegram counts)."""
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _decode_entity(text: str, i: int) -> tuple[str | None, int]:
    m = _ENTITY_RE.match(text, i)
    if not m:
        return None, i
    name, dec, hx = m.groups()
    if name:
        return _NAMED[name], m.end()
    code = int(dec) if dec is not None else int(hx, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None, i
    return chr(code), m.end()


def parse_telegram_html(text: str, *, strict: bool = True) -> tuple[str, list[dict]]:
    """Parse Telegram HTML into ``(plain_text, entities)``.

    Entities are Bot-API shaped dicts (``type``, ``offset``, ``length`` and ``url`` /
    ``language`` / ``custom_emoji_id`` where relevant), offsets in UTF-16 code units,
    sorted by ``(offset, -length)``; empty entities are dropped. The plain text is not
    trimmed (Telegram trims leading/trailing whitespace afterwards).
    """

    def byte_offset(pos: int) -> int:
        return len(text[:pos].encode("utf-8", "surrogatepass"))

    def fail(msg: str) -> TelegramHTMLError:
        return TelegramHTMLError(f"can't parse entities: {msg}")

    n = len(text)
    out: list[str] = []
    u16 = 0
    stack: list[dict] = []
    entities: list[dict] = []
    i = 0

    def emit(s: str) -> None:
        nonlocal u16
        out.append(s)
        u16 += utf16_len(s)

    while i < n:
        c = text[i]
        if c == "&":
            ch, j = _decode_entity(text, i)
            if ch is not None:
                emit(ch)
                i = j
                continue
            if strict:
                raise fail(
                    f'Unescaped "&" at byte offset {byte_offset(i)}: use "&amp;" '
                    "(only &lt; &gt; &amp; &quot; and numeric entities are supported)"
                )
            emit(c)
            i += 1
            continue
        if c == ">":
            if strict:
                raise fail(f'Unescaped ">" at byte offset {byte_offset(i)}: use "&gt;"')
            emit(c)
            i += 1
            continue
        if c != "<":
            emit(c)
            i += 1
            continue

        begin = i
        i += 1
        if i < n and text[i] == "/":
            # ---- end tag
            if not stack:
                raise fail(f"Unexpected end tag at byte offset {byte_offset(begin)}")
            j = i + 1
            while j < n and text[j] not in _SPACES and text[j] != ">":
                j += 1
            end_name = text[i + 1 : j].lower()
            while j < n and text[j] in _SPACES:
                j += 1
            if j >= n or text[j] != ">":
                raise fail(f"Unclosed end tag at byte offset {byte_offset(begin)}")
            top = stack.pop()
            if (end_name or strict) and end_name != top["tag"]:
                raise fail(
                    f"Unmatched end tag at byte offset {byte_offset(begin)}, "
                    f'expected "</{top["tag"]}>", found "</{end_name}>"'
                )
            i = j + 1
            _close(top, u16, stack, entities)
            continue

        # ---- start tag
        j = i
        while j < n and text[j] not in _SPACES and text[j] != ">":
            j += 1
        tag = text[i:j].lower()
        if tag not in SUPPORTED_TAGS:
            raise fail(f'Unsupported start tag "{tag}" at byte offset {byte_offset(begin)}')
        i = j
        attrs: dict[str, str | None] = {}
        while True:
            while i < n and text[i] in _SPACES:
                i += 1
            if i >= n:
                raise fail(f"Unclosed start tag at byte offset {byte_offset(begin)}")
            if text[i] == ">":
                i += 1
                break
            attr_begin = i
            while i < n and text[i] not in _SPACES and text[i] not in "=>":
                i += 1
            attr = text[attr_begin:i].lower()
            if not attr:
                raise fail(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{byte_offset(attr_begin)}"
                )
            while i < n and text[i] in _SPACES:
                i += 1
            value: str | None
            if i < n and text[i] == "=":
                i += 1
                while i < n and text[i] in _SPACES:
                    i += 1
                if i >= n:
                    raise fail(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                if text[i] in "\"'":
                    quote = text[i]
                    i += 1
                    val: list[str] = []
                    while i < n and text[i] != quote:
                        if text[i] == "&":
                            ch, k = _decode_entity(text, i)
                            if ch is not None:
                                val.append(ch)
                                i = k
                                continue
                        val.append(text[i])
                        i += 1
                    if i >= n:
                        raise fail(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                    i += 1
                    value = "".join(val)
                else:
                    if strict:
                        raise fail(
                            f'Unquoted value of attribute "{attr}" in the tag "{tag}" '
                            f"at byte offset {byte_offset(i)}"
                        )
                    tok = i
                    while i < n and (text[i].isalnum() or text[i] in ".-"):
                        i += 1
                    value = text[tok:i].lower()
                    if i < n and text[i] not in _SPACES and text[i] != ">":
                        raise fail(f"Unexpected end of name token at byte offset {byte_offset(tok)}")
            else:
                value = None
            if strict:
                if attr not in _ALLOWED_ATTRS.get(tag, frozenset()):
                    raise fail(
                        f'Unsupported attribute "{attr}" in the tag "{tag}" at byte offset '
                        f"{byte_offset(attr_begin)}"
                    )
                if value is None and not (tag == "blockquote" and attr == "expandable"):
                    raise fail(
                        f'Attribute "{attr}" of the tag "{tag}" must have a quoted value '
                        f"at byte offset {byte_offset(attr_begin)}"
                    )
            attrs[attr] = value

        entry: dict = {"tag": tag, "start": u16, "attrs": attrs, "begin": begin}
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise fail(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}')
        if tag == "tg-emoji" and not attrs.get("emoji-id"):
            raise fail(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {byte_offset(begin)}'
            )
        if strict:
            if tag == "a" and not attrs.get("href"):
                raise fail(f'Tag "a" must have a non-empty "href" at byte offset {byte_offset(begin)}')
            cls = attrs.get("class")
            if tag == "code" and cls is not None and not cls.startswith("language-"):
                raise fail(
                    f'Tag "code" may only have class "language-..." at byte offset '
                    f"{byte_offset(begin)}"
                )
        if tag == "code" and stack and stack[-1]["tag"] == "pre":
            cls = attrs.get("class") or ""
            if cls.startswith("language-") and len(cls) > len("language-"):
                stack[-1]["language"] = cls[len("language-") :]
            entry["inside_pre"] = True
        stack.append(entry)

    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1]["tag"]}"')

    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _close(top: dict, end: int, stack: list[dict], entities: list[dict]) -> None:
    start = top["start"]
    length = end - start
    if length <= 0:
        return
    tag = top["tag"]
    attrs = top["attrs"]
    ent: dict
    if tag == "a":
        href = attrs.get("href")
        if not href:
            return
        ent = {"type": "text_link", "offset": start, "length": length, "url": href}
    elif tag == "code" and top.get("inside_pre"):
        return  # merged into the enclosing pre entity
    elif tag == "pre":
        ent = {"type": "pre", "offset": start, "length": length}
        if top.get("language"):
            ent["language"] = top["language"]
    elif tag == "blockquote":
        kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
        ent = {"type": kind, "offset": start, "length": length}
    elif tag == "tg-emoji":
        ent = {
            "type": "custom_emoji",
            "offset": start,
            "length": length,
            "custom_emoji_id": attrs["emoji-id"],
        }
    else:
        ent = {"type": _SIMPLE_TYPES[tag], "offset": start, "length": length}
    entities.append(ent)


def check_telegram_html(text: str, *, strict: bool = True) -> str | None:
    """``None`` if ``text`` is valid Telegram HTML, else the error (``"can't parse entities: ..."``).

    Only checks the markup; emptiness and the 4096 length limit are checked by the server.
    """
    try:
        parse_telegram_html(text, strict=strict)
    except TelegramHTMLError as exc:
        return str(exc)
    return None
