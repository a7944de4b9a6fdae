"""Answer quality on real news questions, as ``ask`` gives them (runs on any checkout of the project).

    python scripts/measure_news_answers.py ARTICLES.jsonl QUESTIONS.jsonl [--k 3]

ARTICLES.jsonl: one article a line (``id``, ``title``, ``text``, optional
``source``, ``published``, ``url``); QUESTIONS.jsonl: ``q``, ``answer`` (an
exact span of the article), ``article_id``, ``lang`` (``news_dev_questions.jsonl``).
A question counts as answered in the first passage when its answer (spaces
ignored) is in the first hit's passage and that hit is from ``article_id`` (or
is a wire copy of it shown in its place, ``article_id`` under ``also``);
likewise for the top k and for the first hit's sentence. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))  # the checkout the script is run from

from index.engine import Engine  # noqa: E402
from index.models import Article  # noqa: E402
from index.text.tokenize import Tokenizer, load_kiwi  # noqa: E402


def squeeze(text: str) -> str:
    return "".join(text.split())


def from_article(hit, article_id: str) -> bool:
    """The hit is from the article, or from a wire copy of it shown in its place (listed under ``also``)."""
    return hit.article_id == article_id or any(a.article_id == article_id for a in getattr(hit, "also", []))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("articles", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--dump", type=Path, help="also write each question's hits (JSON Lines) here")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.articles.read_text(encoding="utf-8").split("\n") if line.strip()]
    questions = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").split("\n") if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine.open(Path(folder) / "corpus", Tokenizer(load_kiwi()))
        engine.add_articles([Article(id=r["id"], title=r["title"], text=r["text"], source=r.get("source", ""),
                                     published=r.get("published", ""), url=r.get("url", "")) for r in rows])
        stored = {e.article_id for e in engine.store.catalog()}
        tally: dict[str, dict[str, int]] = {}
        dump = args.dump.open("w", encoding="utf-8") if args.dump else None
        for q in questions:
            if q["article_id"] not in stored:
                continue
            article = engine.article(q["article_id"])
            if article is None or squeeze(q["answer"]) not in squeeze(article.text):
                continue  # the answer did not survive cleaning: not answerable
            hits = engine.ask(q["q"], k=args.k).hits
            right = [h for h in hits if from_article(h, q["article_id"]) and squeeze(q["answer"]) in squeeze(h.passage)]
            if dump:
                dump.write(json.dumps({"q": q["q"], "article_id": q["article_id"], "right": bool(right),
                                       "hits": [[h.article_id, h.sentence[:80]] for h in hits]}, ensure_ascii=False) + "\n")
            for lang in (q.get("lang", "ko"), "all"):
                t = tally.setdefault(lang, {"questions": 0, "first": 0, "top": 0, "sentence": 0, "none": 0})
                t["questions"] += 1
                t["first"] += bool(hits and right and right[0] is hits[0])
                t["top"] += bool(right)
                t["sentence"] += bool(hits and from_article(hits[0], q["article_id"])
                                      and squeeze(q["answer"]) in squeeze(hits[0].sentence))
                t["none"] += not hits
        engine.close()
        if dump:
            dump.close()
    out = {lang: {**t, **{f"{m}_rate": round(t[m] / t["questions"], 3) for m in ("first", "top", "sentence")}}
           for lang, t in tally.items()}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
