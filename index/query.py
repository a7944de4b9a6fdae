"""Questions to weighted query terms."""
from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from index.tokenize import Tokenizer

# Content tokens of Korean questions that rarely appear in the answer:
# interrogatives and the light verbs questions are built with.
QUESTION_WORDS_KO = frozenset(
    "왜 무엇 뭐 무슨 언제 어디 누구 누가 어떻 어떠하 어느 얼마 몇 어떤 어찌 무엇인가 하 되 있 없".split()
)
MAX_QUESTION_CHARS = 1000


class QueryTerm(NamedTuple):
    token: str
    weight: float
    origin: str  # the word the user typed it as, or how it was derived


def parse_question(question: str, tokenizer: "Tokenizer") -> list[QueryTerm]:
    """Distinct content tokens of the question, question words dropped."""
    tokens = tokenizer.tokens(question[:MAX_QUESTION_CHARS])
    seen: dict[str, QueryTerm] = {}
    for token in tokens:
        if token in QUESTION_WORDS_KO or token in seen:
            continue
        seen[token] = QueryTerm(token, 1.0, token)
    return list(seen.values())
