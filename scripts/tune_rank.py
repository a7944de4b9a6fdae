"""Fit the ranking weights on KorQuAD and real news together, with cross-validation.

    .venv/bin/python scripts/tune_rank.py --squad ../shared/eval/KorQuAD_v1.0_dev.json \\
        --news news1600.jsonl --questions ../shared/eval/news_dev_questions.jsonl [--work DIR] [--ablate]

Prints the current weights' figures (in-sample: they were fitted on this
data), out-of-fold figures with every fitted weight free (5 folds by
article), the weights fitted on all the data (in-sample figures), and with
``--ablate`` the out-of-fold figures with each feature left out.
``--set name=value`` changes a RankParams field first (k1, b, candidates …).
"""
import pickle
import sys
import tempfile
from pathlib import Path

import numpy as np

from index.measure.evaluate import load_squad
from index.engine.upkeep import sample_articles
from index.measure.news import answerable, load_jsonl_articles, load_news_questions
from index.measure.tuning import data_arguments, Figures, cross_validate, figures, fit, open_corpus, out_of_fold, question_table
from index.search.features import FEATURES
from index.search.ranker import RankParams
from index.text.tokenize import Tokenizer, load_kiwi


# bm25 is the unit; window_concepts serves the relevance test only; short_article is set by hand
# (no article of the data is that short, see index/search/features.py).
NOT_FITTED = ("bm25", "window_concepts", "short_article", "window_dominant", "article_held")


def show(label: str, figures_: Figures, n: int) -> None:
    f = figures_
    print(f"{label:34} a@1 {f.answer_at_1:.3f}  a@3 {f.answer_at_3:.3f}  s@1 {f.sentence_at_1:.3f}  "
          f"MRR {f.mrr_at_10:.3f}  ({n})", flush=True)


def report(prefix: str, pairs) -> None:
    for lang in sorted({t.lang for t, _ in pairs}):
        chosen = [(t, w) for t, w in pairs if t.lang == lang]
        show(f"{prefix}-{lang}" if len({t.lang for t, _ in pairs}) > 1 else prefix, out_of_fold(chosen), len(chosen))


def main() -> int:
    parser = data_arguments(__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], help="RankParams field=value")
    parser.add_argument("--free", help="comma-separated features to fit (default: all but bm25)")
    parser.add_argument("--ablate", action="store_true")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--tables", type=Path, help="save the candidates' features here, or reuse them")
    args = parser.parse_args()

    params = RankParams(**{k: float(v) for k, v in (item.split("=", 1) for item in args.set)})
    tokenizer = Tokenizer(load_kiwi())
    work = args.work or Path(tempfile.mkdtemp(prefix="newsqa-tune-"))
    tag = f"k{params.k1}-b{params.b}-ak{params.article_k1}-ab{params.article_b}"
    squad_articles, squad_questions = load_squad(args.squad)
    squad = open_corpus(work / f"squad-{tag}", tokenizer, params, squad_articles)
    news_articles = load_jsonl_articles(args.news) + (sample_articles(args.bundled) if args.bundled.is_dir() else [])
    news = open_corpus(work / f"news-{tag}", tokenizer, params, news_articles)
    news_questions = [q for path in args.questions for q in load_news_questions(path)]
    news_questions, lost = answerable(news, news_questions)
    print(f"{len(squad_questions)} KorQuAD questions, {len(news_questions)} news questions "
          f"({len(lost)} whose answer did not survive cleaning); {params}", file=sys.stderr)

    if args.tables and args.tables.is_file():
        sets = pickle.loads(args.tables.read_bytes())
    else:
        sets = {
            "korquad": [question_table(squad, q) for q in squad_questions],
            "news": [question_table(news, q) for q in news_questions],
        }
        if args.tables:
            args.tables.write_bytes(pickle.dumps(sets))
    current = params.weights()
    for name, tables in sets.items():
        for lang in sorted({t.lang for t in tables}):
            chosen = [t for t in tables if t.lang == lang]
            show(f"current weights {name}-{lang} (in-sample)", figures(chosen, current), len(chosen))

    free = args.free.split(",") if args.free else [f for f in FEATURES if f not in NOT_FITTED]
    held_out, _ = cross_validate(sets, free, args.folds, current, log=lambda line: print("  " + line, file=sys.stderr))
    for name, pairs in held_out.items():
        report(f"out-of-fold {name}", pairs)
    weights = fit(list(sets.values()), free, current)
    print("fitted on all: " + " ".join(f"w_{n}={w:g}" for n, w in zip(FEATURES, weights)))
    for name, tables in sets.items():
        for lang in sorted({t.lang for t in tables}):
            chosen = [t for t in tables if t.lang == lang]
            show(f"fitted on all {name}-{lang} (in-sample)", figures(chosen, weights), len(chosen))

    if args.ablate:
        for left_out in free:
            without = current.copy()
            without[FEATURES.index(left_out)] = 0.0
            held_out, _ = cross_validate(sets, [f for f in free if f != left_out], args.folds, without)
            for name, pairs in held_out.items():
                report(f"without {left_out} {name}", pairs)
    return 0


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    sys.exit(main())
