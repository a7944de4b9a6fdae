"""Short articles that are real news: are the questions about them still answered from them?

    .venv/bin/python scripts/measure_briefs.py news1600.jsonl [--questions ../shared/eval/news_dev_questions.jsonl]

Every news article whose question's answer lies in its first two sentences (and
that has more than three) is cut to those two sentences, as a news brief (단신) or
a notice pasted with /add reads; the corpus is indexed with the bundled sample in a
temporary folder, and the questions are asked: those on the briefs, and the others
(which the cut must not change), per language. A question whose answer the cut removed (another question
on the same article) is not asked. Run it from the project root (the default ``--questions`` path).
"""
from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from index.engine import Engine
from index.engine.upkeep import sample_articles
from index.measure.evaluate import Question, holds, print_scores
from index.measure.news import (
    answerable, asked_of_kept, copies_kept, load_jsonl_articles, load_news_questions, news_scores,
)
from index.models import Article
from index.text.tokenize import Tokenizer, load_kiwi

SENTENCE_END = re.compile(r"(?<=다\.)\s+")
MAX_BRIEF_CHARS = 300


def briefs_of(articles: list[Article], questions: list[Question]) -> dict[str, str]:
    """Article id → its first two sentences, for the articles a question asks about there."""
    by_id = {a.id: a for a in articles}
    briefs: dict[str, str] = {}
    for question in questions:
        article = by_id.get(question.article_id)
        if article is None or article.id in briefs:
            continue
        sentences = SENTENCE_END.split(article.text.strip())
        brief = " ".join(sentences[:2])
        if len(sentences) > 3 and len(brief) < MAX_BRIEF_CHARS and holds(brief, question.answers):
            briefs[article.id] = brief
    return briefs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("--questions", type=Path, default=Path("../shared/eval/news_dev_questions.jsonl"))
    args = parser.parse_args()
    articles = load_jsonl_articles(args.articles)
    questions = load_news_questions(args.questions)
    briefs = briefs_of(articles, questions)
    articles = [a.model_copy(update={"text": briefs[a.id]}) if a.id in briefs else a for a in articles]
    with tempfile.TemporaryDirectory(prefix="newsqa-briefs-") as tmp:
        engine = Engine.open(Path(tmp), Tokenizer(load_kiwi()))
        kept_as = copies_kept(articles, engine.add_articles(articles + sample_articles()))
        questions, _ = answerable(engine, asked_of_kept(questions, kept_as))
        print(f"{len(briefs)} articles cut to two sentences")
        on_briefs = [q for q in questions if q.article_id in briefs]
        others = [q for q in questions if q.article_id not in briefs]
        for name, group in (("briefs", on_briefs), ("others", others)):
            for lang, scores in news_scores(engine, group).items():
                print_scores(f"{name}/{lang}", scores)


if __name__ == "__main__":
    main()
