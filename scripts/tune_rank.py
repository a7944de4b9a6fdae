"""Grid search of ranking knobs on KorQuAD dev (how RankParams defaults were chosen).

    .venv/bin/python scripts/tune_rank.py ../shared/eval/KorQuAD_v1.0_dev.json [n_questions]
"""
import ast
import itertools
import random
import sys
import tempfile
from pathlib import Path

from index.bm25.okapi import BM25Index, BM25Params
from index.measure.evaluate import build_engine, evaluate_engine, load_squad
from index.search.ranker import RankParams


def rebuild(engine, k1, b):
    engine.sentences = BM25Index(BM25Params(k1, b))
    engine.articles_bm25 = BM25Index(BM25Params(engine.rank_params.article_k1, engine.rank_params.article_b))
    for article_id in engine.layout.slot_ids:
        cached = engine.tokenize_articles([engine.article(article_id)])[0]
        engine.sentences.add_documents(cached.tokens)
        engine.articles_bm25.add_documents([list(cached.title_tokens) + [t for s in cached.tokens for t in s]])
    engine.sentences.compact()
    engine.articles_bm25.compact()


def main():
    path = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    grid = ast.literal_eval(sys.argv[3]) if len(sys.argv) > 3 else {}
    articles, questions = load_squad(path)
    random.Random(7).shuffle(questions)
    questions = questions[:n]
    with tempfile.TemporaryDirectory() as tmp:
        engine = build_engine(articles, Path(tmp))
        keys = list(grid)
        last_kb = None
        for values in itertools.product(*(grid[k] for k in keys)):
            params = RankParams(**dict(zip(keys, values)))
            if (params.k1, params.b) != last_kb:
                engine.rank_params = params
                rebuild(engine, params.k1, params.b)
                last_kb = (params.k1, params.b)
            engine.rank_params = params
            s = evaluate_engine(engine, questions)
            print(dict(zip(keys, values)), f"a1 {s.answer_at_1:.3f} a3 {s.answer_at_3:.3f} s1 {s.sentence_at_1:.3f} mrr {s.mrr_at_10:.3f}", flush=True)


if __name__ == "__main__":
    main()
