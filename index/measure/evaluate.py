"""``python -m index eval --squad FILE``: retrieval quality on a SQuAD-format set.

Each SQuAD article becomes one corpus article (paragraphs joined by blank
lines) in a temporary corpus; every question is asked with k=10.

* answer@k — the gold answer (white space ignored) lies in one of the first k
  passages that come from the question's own article;
* sentence@1 — it lies in the first hit's sentence (own article);
* MRR@10 — mean reciprocal rank of the first passage holding it.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from index.engine import Engine
from index.measure.plain import PlainEngine
from index.models import Article, Hit
from index.text.tokenize import Tokenizer, load_kiwi


class Question(NamedTuple):
    article_id: str
    question: str
    answers: tuple[str, ...]
    lang: str = "ko"


def load_squad(path: Path) -> tuple[list[Article], list[Question]]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    articles, questions = [], []
    for number, item in enumerate(data):
        article_id = f"squad-{number:04d}"
        paragraphs = [p["context"] for p in item["paragraphs"]]
        articles.append(Article(id=article_id, title=item.get("title", article_id), text="\n\n".join(paragraphs)))
        for paragraph in item["paragraphs"]:
            for qa in paragraph["qas"]:
                answers = tuple(a["text"] for a in qa.get("answers", []) if a.get("text"))
                if answers:
                    questions.append(Question(article_id, qa["question"], answers))
    return articles, questions


def _squash(text: str) -> str:
    return "".join(text.split())


def holds(text: str, answers: tuple[str, ...]) -> bool:
    squashed = _squash(text)
    return any(_squash(a) in squashed for a in answers)


class Scores(NamedTuple):
    answer_at_1: float
    answer_at_3: float
    sentence_at_1: float
    mrr_at_10: float
    questions: int
    ms_per_question: float
    any_article_at_1: float = 0.0  # the first passage holds the answer, whichever article it comes from
    copy_at_1: float = 0.0  # the first passage holds it and comes from the right article or lists it as a wire copy
    missing_at_1: float = 0.0  # the first passage lists a name of the question its article never says (Hit.missing)


def score_hits(results: list[tuple[Question, list[Hit]]], elapsed: float) -> Scores:
    a1 = a3 = s1 = rr = any1 = copy1 = missing1 = 0.0
    for question, hits in results:
        missing1 += bool(hits) and bool(hits[0].missing)
        first_holds = bool(hits) and holds(hits[0].passage, question.answers)
        any1 += first_holds
        copy1 += first_holds and question.article_id in {hits[0].article_id, *(a.article_id for a in hits[0].also)}
        own = [h for h in hits[:10] if h.article_id == question.article_id]
        ranks = [i for i, h in enumerate(hits[:10]) if h.article_id == question.article_id and holds(h.passage, question.answers)]
        if ranks:
            rr += 1.0 / (ranks[0] + 1)
            a1 += ranks[0] < 1
            a3 += ranks[0] < 3
        if hits and own and hits[0].article_id == question.article_id and holds(hits[0].sentence, question.answers):
            s1 += 1
    n = max(1, len(results))
    return Scores(a1 / n, a3 / n, s1 / n, rr / n, len(results), 1000 * elapsed / n, any1 / n, copy1 / n, missing1 / n)


def evaluate_engine(engine, questions: list[Question], **ask_options) -> Scores:
    started = time.perf_counter()
    results = [(q, engine.ask(q.question, k=10, **ask_options).hits) for q in questions]
    return score_hits(results, time.perf_counter() - started)


def print_scores(label: str, scores: Scores, out=sys.stdout) -> None:
    print(
        f"{label:10} answer@1 {scores.answer_at_1:.3f}  answer@3 {scores.answer_at_3:.3f}  "
        f"sentence@1 {scores.sentence_at_1:.3f}  MRR@10 {scores.mrr_at_10:.3f}  copies@1 {scores.copy_at_1:.3f}  "
        f"any-article@1 {scores.any_article_at_1:.3f}  missing@1 {scores.missing_at_1:.3f}  "
        f"({scores.questions} questions, {scores.ms_per_question:.1f} ms/question)",
        file=out,
    )


def build_engine(articles: list[Article], folder: Path, kiwi=None, rank_params=None):
    engine = Engine.open(folder, Tokenizer(kiwi or load_kiwi()), rank_params)
    engine.add_articles(articles)
    return engine


def run_eval(path: Path, limit: int = 0, plain: bool = False, no_expansion: bool = False) -> int:
    articles, questions = load_squad(path)
    if limit:
        questions = questions[:limit]
    print(f"{path.name}: {len(articles)} articles, {len(questions)} questions", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="newsqa-eval-") as tmp:
        engine = build_engine(articles, Path(tmp))
        print_scores("ranked", evaluate_engine(engine, questions))
        if no_expansion:
            print_scores("no-exp", evaluate_engine(engine, questions, expand=False))
        if plain:
            print_scores("plain", evaluate_engine(PlainEngine(engine), questions))
    return 0
