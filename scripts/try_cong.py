"""Experiment: Kiwi's CoNg ``most_similar_morphemes`` as a weak query expansion, on KorQuAD dev.

    .venv/bin/python scripts/try_cong.py ../shared/eval/KorQuAD_v1.0_dev.json [n_questions]

Each typed noun gets its top-3 CoNg neighbours scoring ≥ 0.6, at weight 0.2,
as alternatives of the same concept. Prints the eval figures with and without.
The result (see README, "Query expansion") decided that it stays out of the product.
"""
import random
import sys
import tempfile
from pathlib import Path

import index.search.ranker as ranker_module
from index.measure.evaluate import build_engine, evaluate_engine, load_squad
from index.query.parse import QueryTerm, parse_question


def with_cong(kiwi, weight=0.2, min_score=0.6, top_n=3):
    cache = {}

    def similar(token):
        if token not in cache:
            try:
                found = kiwi.most_similar_morphemes(token, top_n=top_n)
            except (ValueError, RuntimeError):
                found = []
            cache[token] = [m.form for m in found if m.score >= min_score and m.tag.startswith("NN")]
        return cache[token]

    def parse(question, tokenizer, resources=None):
        terms = parse_question(question, tokenizer, resources)
        known = {t.token for t in terms}
        extra = []
        for term in terms:
            if term.weight == 1.0 and term.token == term.concept:
                extra += [QueryTerm(form, weight, term.concept) for form in similar(term.token) if form not in known]
        return terms + extra

    return parse


def main():
    articles, questions = load_squad(Path(sys.argv[1]))
    n = int(sys.argv[2]) if len(sys.argv) > 2 else len(questions)
    random.Random(7).shuffle(questions)
    questions = questions[:n]
    with tempfile.TemporaryDirectory() as tmp:
        engine = build_engine(articles, Path(tmp))
        for label, parse in (("without", parse_question), ("with CoNg", with_cong(engine.tokenizer.kiwi))):
            ranker_module.parse_question = parse
            s = evaluate_engine(engine, questions)
            print(f"{label:10} a1 {s.answer_at_1:.3f} a3 {s.answer_at_3:.3f} s1 {s.sentence_at_1:.3f} mrr {s.mrr_at_10:.3f} "
                  f"({s.ms_per_question:.1f} ms/q)", flush=True)


if __name__ == "__main__":
    main()
