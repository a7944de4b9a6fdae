"""``python -m index eval --news``: retrieval quality on real news, per language.

Corpus: the news development articles (JSON Lines: id, title, text) plus the
bundled sample (``corpus/sample/*.json``). Questions (JSON Lines: q, answer, lang,
article_id): a hit is right when ``answer`` (white space ignored) lies in a
passage from ``article_id``. An exact copy refused as a duplicate is asked
about under the id it is stored as. A question whose answer did not survive the
cleaning of its article cannot be answered and is counted apart.
"""
from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from index.engine import Engine
from index.measure.evaluate import Question, Scores, evaluate_engine, holds, print_scores
from index.engine.upkeep import sample_articles
from index.measure.plain import PlainEngine
from index.models import AddResult, AddStatus, Article
from index.text.tokenize import Tokenizer, load_kiwi


def load_jsonl_articles(path: Path) -> list[Article]:
    articles = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            row = json.loads(line)
            articles.append(Article(id=row["id"], title=row["title"], text=row["text"]))
    return articles


def load_news_questions(path: Path) -> list[Question]:
    questions = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            row = json.loads(line)
            questions.append(Question(row["article_id"], row["q"], (row["answer"],), row.get("lang", "ko")))
    return questions


def copies_kept(articles: list[Article], results: list[AddResult]) -> dict[str, str]:
    """Article id → the id it is stored under, for exact copies refused as duplicates (same text)."""
    return {a.id: r.article_id for a, r in zip(articles, results) if r.status == AddStatus.DUPLICATE}


def asked_of_kept(questions: Iterable[Question], kept_as: dict[str, str]) -> list[Question]:
    """The questions, each about the id its article is stored under (see :func:`copies_kept`)."""
    return [q._replace(article_id=kept_as.get(q.article_id, q.article_id)) for q in questions]


def answerable(engine, questions: Iterable[Question]) -> tuple[list[Question], list[Question]]:
    """(questions whose answer is in their article as indexed, the others)."""
    kept, lost = [], []
    for question in questions:
        article = engine.article(question.article_id)
        (kept if article is not None and holds(article.title + "\n" + article.text, question.answers) else lost).append(question)
    return kept, lost


def by_language(questions: list[Question]) -> dict[str, list[Question]]:
    groups: dict[str, list[Question]] = {}
    for question in questions:
        groups.setdefault(question.lang, []).append(question)
    return dict(sorted(groups.items()))


def news_scores(engine, questions: list[Question], plain: bool = False, **ask_options) -> dict[str, Scores]:
    """Scores per ``lang`` and per ``lang/plain`` (plain BM25Okapi) when asked."""
    out = {}
    baseline = PlainEngine(engine) if plain else None
    for lang, group in by_language(questions).items():
        out[lang] = evaluate_engine(engine, group, **ask_options)
        if baseline is not None:
            out[f"{lang}/plain"] = evaluate_engine(baseline, group)
    return out


def run_news_eval(
    corpus: Path, questions: list[Path], bundled: Path, plain: bool = False, no_expansion: bool = False
) -> int:
    articles = load_jsonl_articles(corpus) + (sample_articles(bundled) if bundled.is_dir() else [])
    question_sets = [(p.name, load_news_questions(p)) for p in questions]
    print(f"{corpus.name} + {bundled}: {len(articles)} articles", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="newsqa-news-") as tmp:
        engine = Engine.open(Path(tmp), Tokenizer(load_kiwi()))
        kept_as = copies_kept(articles, engine.add_articles(articles))
        for name, questions in question_sets:
            kept, lost = answerable(engine, asked_of_kept(questions, kept_as))
            print(f"{name}: {len(kept)} answerable, {len(lost)} whose answer did not survive cleaning")
            for label, scores in news_scores(engine, kept, plain).items():
                print_scores(label, scores)
            if no_expansion:
                for label, scores in news_scores(engine, kept, expand=False).items():
                    print_scores(f"{label}/no-exp", scores)
    return 0
