"""Reading articles from files: JSON Lines, JSON, plain text and Markdown.

Each reader yields ``Parsed`` items: an article, or the reason a line or file
could not be read. Nothing is written here.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from index.ingest.extract import page_from_html
from index.models import Article

META_KEYS = {
    "출처": "source", "언론사": "source", "source": "source",
    "날짜": "published", "일자": "published", "date": "published", "published": "published",
    "url": "url", "링크": "url", "link": "url",
    "기자": "author", "작성자": "author", "author": "author",
}
_META_LINE = re.compile(r"^\s*([^:：]{1,12})\s*[:：]\s*(.+?)\s*$")
_BYLINE = re.compile(
    r"^(?P<source>[가-힣A-Za-z0-9]{2,12})\s+(?:[가-힣]{1,10}=)?(?P<author>[가-힣]{2,4})\s*"
    r"(?:기자|특파원|통신원|선임기자|논설위원)\s+(?P<date>\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})"
)
_DATE = re.compile(r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})")
SUPPORTED_SUFFIXES = (".txt", ".md", ".json", ".jsonl", ".html", ".htm")


class Parsed(NamedTuple):
    where: str  # "file.jsonl:12" — for messages
    article: Article | None
    error: str = ""


def normalize_date(value: str) -> str:
    """``YYYY-MM-DD`` from the common Korean and ISO forms, else ``""``."""
    match = _DATE.search(value or "")
    if not match:
        return ""
    year, month, day = (int(g) for g in match.groups())
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def _article(where: str, fields: dict) -> Parsed:
    fields = {k: ("" if v is None else str(v) if not isinstance(v, str) else v) for k, v in fields.items()}
    fields.setdefault("id", "")
    fields["published"] = normalize_date(fields.get("published", "")) if fields.get("published") else ""
    if not fields.get("text", "").strip() and not fields.get("raw_text", "").strip():
        return Parsed(where, None, "empty text")
    try:
        return Parsed(where, Article(**{k: v for k, v in fields.items() if k in Article.model_fields}))
    except ValidationError as error:
        return Parsed(where, None, f"invalid fields: {error.errors()[0]['msg']}")


def read_jsonl_text(text: str, name: str) -> Iterator[Parsed]:
    # JSON Lines are separated by "\n" only: str.splitlines() would also cut at U+2028, U+0085, \x1c …,
    # which JSON allows raw inside strings (real exports have them), and lose the article
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        where = f"{name}:{number}"
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            yield Parsed(where, None, f"malformed JSON ({error.msg})")
            continue
        if not isinstance(data, dict):
            yield Parsed(where, None, "not a JSON object")
            continue
        data["id"] = str(data.get("id") or "")
        yield _article(where, data)


def split_header(lines: list[str]) -> tuple[dict, list[str]]:
    """``key: value`` lines (출처/날짜/URL/기자) and a byline at the top of a body."""
    meta: dict[str, str] = {}
    rest = list(lines)
    while rest:
        line = rest[0].strip()
        if not line:
            rest.pop(0)
            continue
        match = _META_LINE.match(line)
        key = META_KEYS.get(match.group(1).strip().lower()) if match else None
        if key:
            meta[key] = match.group(2)
            rest.pop(0)
            continue
        byline = _BYLINE.match(line)
        if byline and not meta.get("source"):
            meta.setdefault("source", byline.group("source"))
            meta.setdefault("author", byline.group("author"))
            meta.setdefault("published", byline.group("date"))
        break
    return meta, rest


def parse_plain(text: str, where: str) -> Parsed:
    """First non-empty line is the title; metadata lines may follow it."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return Parsed(where, None, "empty file")
    title = lines.pop(0).strip()
    meta, body = split_header(lines)
    return _article(where, {"title": title, "text": "\n".join(body), **meta})


def parse_markdown(text: str, where: str) -> Parsed:
    meta: dict[str, str] = {}
    body = text.replace("\r\n", "\n")
    if body.startswith("---\n") and "\n---" in body[4:]:
        header, body = body[4:].split("\n---", 1)
        for line in header.splitlines():
            match = _META_LINE.match(line)
            if match:
                key = META_KEYS.get(match.group(1).strip().lower()) or match.group(1).strip().lower()
                meta[key] = match.group(2).strip().strip('"')
    lines = body.strip("\n-").split("\n")
    if "title" not in meta:
        for i, line in enumerate(lines):
            if line.strip():
                meta["title"] = line.lstrip("# ").strip()
                lines = lines[i + 1 :]
                break
    return _article(where, {**meta, "text": "\n".join(lines)})


def parse_json(text: str, where: str) -> Iterator[Parsed]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield Parsed(where, None, f"malformed JSON ({error.msg})")
        return
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        label = where if len(items) == 1 else f"{where}[{number}]"
        if not isinstance(item, dict):
            yield Parsed(label, None, "not a JSON object")
            continue
        item["id"] = str(item.get("id") or "")
        yield _article(label, item)


def parse_html(text: str, where: str) -> Parsed:
    try:
        page = page_from_html(text, requested_url="", final_url="")
    except Exception as error:  # noqa: BLE001 - extraction errors become a per-file reason
        return Parsed(where, None, str(error) or "no article text found")
    return _article(
        where,
        {"title": page.title, "text": page.text, "source": page.source, "published": page.published,
         "author": page.author, "url": page.canonical_url},
    )


def parse_bytes(data: bytes, name: str) -> Iterator[Parsed]:
    """Articles in a file's bytes, by its name's suffix."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Parsed(name, None, f"unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED_SUFFIXES)}")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp949", errors="replace")
    if suffix == ".jsonl":
        yield from read_jsonl_text(text, name)
    elif suffix == ".json":
        yield from parse_json(text, name)
    elif suffix == ".md":
        yield parse_markdown(text, name)
    elif suffix in (".html", ".htm"):
        yield parse_html(text, name)
    else:
        yield parse_plain(text, name)


def read_path(path: Path) -> Iterator[Parsed]:
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Parsed(str(path), None, f"cannot read file ({error.strerror or error})")
        return
    yield from parse_bytes(data, path.name if path.suffix != ".jsonl" else str(path))
