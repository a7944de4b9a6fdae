"""Calibrate the "nothing relevant" threshold on KorQuAD dev (how RankParams.min_* were chosen).

Index the even-numbered articles only. Questions about them are answerable;
questions about the odd-numbered articles are off-topic for this corpus.
For each question, record the best candidate's window coverage and BM25
score; print, for each threshold pair, the share of answerable questions
kept and of off-topic questions rejected.

    .venv/bin/python scripts/calibrate_threshold.py ../shared/eval/KorQuAD_v1.0_dev.json
"""
import sys
import tempfile
from pathlib import Path

from index.measure.evaluate import build_engine, load_squad
from index.query.parse import parse_question
from index.query.words import answer_type
from index.search.ranker import Ranker


def best_features(engine, question):
    """As the product asks: with query expansion (synonyms, aliases, English → Korean)."""
    terms = parse_question(question, engine.tokenizer, engine.query_resources())
    if not terms:
        return (0.0, 0.0)
    candidates = Ranker(engine.view(), engine.rank_params).rank(terms, answer_type(question))
    if not candidates:
        return (0.0, 0.0)
    return (candidates[0].window_coverage, candidates[0].bm25)


def main():
    articles, questions = load_squad(Path(sys.argv[1]))
    kept_ids = {a.id for i, a in enumerate(articles) if i % 2 == 0}
    with tempfile.TemporaryDirectory() as tmp:
        engine = build_engine([a for a in articles if a.id in kept_ids], Path(tmp))
        on = [best_features(engine, q.question) for q in questions if q.article_id in kept_ids][::2]
        off = [best_features(engine, q.question) for q in questions if q.article_id not in kept_ids][::2]
    print(f"answerable {len(on)}, off-topic {len(off)}")
    for cov in (0.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        for score in (0.0, 4.0, 8.0):
            keep = sum(c >= cov and s >= score for c, s in on) / len(on)
            reject = sum(not (c >= cov and s >= score) for c, s in off) / len(off)
            print(f"min_coverage {cov:.2f} min_score {score:4.1f}: answerable kept {keep:.3f}, off-topic rejected {reject:.3f}")


if __name__ == "__main__":
    main()
