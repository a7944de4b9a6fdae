"""Checks and fixtures shared by the bot tests: an article full of numbers, bold boundaries."""
from __future__ import annotations

import re
from pathlib import Path

from index.models import Article

# A local-news article written for these tests: numbers in every Korean shape (2만4576, 11억, 3억2000만, 111곳).
NUMBERS_ARTICLE = Article(
    id="hanbit-festival-2025",
    title="한빛시 가을 축제 관람객 2만4576명…역대 최대",
    source="한빛일보",
    published="2025-10-13",
    text=(
        "한빛시는 지난 10일부터 사흘 동안 열린 가을 축제에 관람객 2만4576명이 다녀갔다고 13일 밝혔다. "
        "지난해 관람객 1만5000명보다 60% 넘게 늘어난 역대 최대 규모다.\n\n"
        "시는 올해 축제에 예산 11억원을 투입했다. 지난해 예산은 5억원이었다. "
        "지역 상인 111곳이 먹거리 장터에 참여했고, 장터 매출은 3억2000만원으로 집계됐다.\n\n"
        "시 관계자는 \"내년에는 예산을 1억원 더 늘려 12억원 규모로 키우겠다\"며 "
        "\"관람객 3만 명 시대를 열겠다\"고 말했다."
    ),
)
NUMBER_QUESTIONS = [
    "가을 축제 예산 11억원은 얼마나 늘었어?",
    "1억원과 5억원 예산 축제",
    "축제 관람객 2만4576명",
    "관람객 1만 5 명 축제 111곳 1 5",
    "장터 매출 3억2000만원",
]
_NUMBER = re.compile(r"\d[\d,.]*(?:[십백천만억조경]+\d[\d,.]*)*[십백천만억조경]*")


def add_article(corpus_dir: Path, article: Article) -> None:
    """An ``<id>.json`` file as the folder corpus of earlier versions wrote it (moved into the database at open)."""
    (corpus_dir / f"{article.id}.json").write_text(article.model_dump_json(indent=2), encoding="utf-8")


def utf16_to_index(text: str, offset: int) -> int:
    units = 0
    for index, ch in enumerate(text):
        if units >= offset:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def bold_spans(plain: str, entities: list[dict]) -> list[tuple[int, int]]:
    """Python-index spans of the bold entities Telegram would show."""
    spans = []
    for e in entities:
        if e["type"] == "bold":
            start = utf16_to_index(plain, e["offset"])
            spans.append((start, utf16_to_index(plain, e["offset"] + e["length"])))
    return spans


def bold_inside_a_word(plain: str, spans: list[tuple[int, int]]) -> list[str]:
    """Bold that starts or ends inside a number (2만4576, 11억) or a Latin word; empty when all is well."""
    numbers = [m.span() for m in _NUMBER.finditer(plain)]
    wrong = []
    for start, end in spans:
        for cut in (start, end):
            if any(a < cut < b for a, b in numbers):
                wrong.append(f"cut at {cut} inside number: {plain[max(0, start - 5):end + 5]!r}")
            elif 0 < cut < len(plain) and plain[cut - 1].isascii() and plain[cut].isascii() \
                    and plain[cut - 1].isalpha() and plain[cut].isalpha():
                wrong.append(f"cut at {cut} inside a word: {plain[max(0, start - 5):end + 5]!r}")
    return wrong
