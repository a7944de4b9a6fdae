"""``python -m index eval --news``: retrieval quality on real news, per language.

Corpus: the news development articles (JSON Lines: id, title, text) plus the
bundled corpus (``corpus/*.json``). Questions (JSON Lines: q, answer, lang,
article_id): a hit is right when ``answer`` (white space ignored) lies in a
passage from ``article_id``. A question whose answer did not survive the
cleaning of its article cannot be answered and is counted apart.
"""
from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from index.measure.evaluate import Question, Scores, build_engine, evaluate_engine, holds, print_scores
from index.measure.plain import PlainEngine
from index.models import Article


def load_jsonl_articles(path: Path) -> list[Article]:
    articles = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            row = json.loads(line)
            articles.append(Article(id=row["id"], title=row["title"], text=row["text"]))
    return articles


def load_bundled(folder: Path) -> list[Article]:
    """The articles of a corpus folder (``*.json``), as stored."""
    return [Article.model_validate_json(p.read_bytes()) for p in sorted(folder.glob("*.json"))]


def load_news_questions(path: Path) -> list[Question]:
    questions = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            row = json.loads(line)
            questions.append(Question(row["article_id"], row["q"], (row["answer"],), row.get("lang", "ko")))
    return questions


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
    articles = load_jsonl_articles(corpus) + (load_bundled(bundled) if bundled.is_dir() else [])
    question_sets = [(p.name, load_news_questions(p)) for p in questions]
    print(f"{corpus.name} + {bundled}: {len(articles)} articles", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="newsqa-news-") as tmp:
        engine = build_engine(articles, Path(tmp))
        for name, questions in question_sets:
            kept, lost = answerable(engine, questions)
            print(f"{name}: {len(kept)} answerable, {len(lost)} whose answer did not survive cleaning")
            for label, scores in news_scores(engine, kept, plain).items():
                print_scores(label, scores)
            if no_expansion:
                for label, scores in news_scores(engine, kept, expand=False).items():
                    print_scores(f"{label}/no-exp", scores)
    return 0
