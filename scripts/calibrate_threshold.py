"""Calibrate the relevance test (RankParams.min_coverage, min_concepts, min_relative) as the product asks:
with query expansion, on KorQuAD and on real news.

    .venv/bin/python scripts/calibrate_threshold.py --squad ../shared/eval/KorQuAD_v1.0_dev.json \\
        --news news1600.jsonl --questions ../shared/eval/news_dev_questions.jsonl [--work DIR]

Answerable and off-topic questions:

* KorQuAD: only the even-numbered articles are indexed; questions about them
  are answerable, questions about the odd-numbered (closely related
  Wikipedia) articles are off-topic;
* news: the news questions are answerable on news + the bundled corpus;
  KorQuAD questions and the questions written below are off-topic there;
* the bundled corpus alone: the questions written below are off-topic.

The written questions avoid what the news development corpus does cover
(weather, bitcoin, black holes: those have articles there).

A passage is shown when its window (the sentence and its neighbours) holds
at least ``min_coverage`` of the question's IDF mass and ``min_concepts`` of
its concepts (all when it has fewer); after the first, only when it also
scores ``min_relative`` of the first, with ``later_coverage`` × ``min_coverage``
as its coverage bar; and its article must hold ``min_article_coverage`` of the
mass (the sweep of ``min_coverage`` and ``min_concepts`` leaves this out; the
product's figures at the end are given with and without it). English questions
have bars of their own (``RankParams.for_english``). Printed: the share of answerable questions kept, of off-topic
questions rejected, and with the per-passage test the answer in the top 3
and the passages shown per answer.
"""
import itertools
import pickle
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

from index.measure.evaluate import Question, load_squad
from index.engine.upkeep import sample_articles
from index.measure.news import answerable, load_jsonl_articles, load_news_questions
from index.measure.tuning import data_arguments, Table, open_corpus, question_table
from index.search.features import FEATURES
from index.search.ranker import RankParams
from index.text.tokenize import Tokenizer, load_kiwi

OFF_TOPIC_KO = """김치찌개 맛있게 끓이는 법 알려줘 | 피타고라스 정리 증명해줘 |
광합성은 어디서 일어나? | 파이썬에서 리스트 정렬하는 방법은? | 고양이가 골골송 부르는 이유는? | 세종대왕이 만든 발명품은? |
감기 빨리 낫는 방법 | 우주에서 가장 큰 별은? |
뉴턴의 운동 법칙 설명해줘 | 제주도 여행 코스 추천 | 엑셀에서 피벗 테이블 만드는 법 | 강아지 예방접종 시기는? |
로마 제국은 언제 멸망했어? | 물의 끓는점은 몇 도야? | 모나리자는 누가 그렸어? | 지구에서 달까지 거리는? |
영어 공부 잘하는 법 | 삼겹살 굽는 온도 | 공룡은 왜 멸종했어? | 자전거 체인 기름칠하는 법""".replace("\n", " ")
OFF_TOPIC_EN = """best pizza recipe | what is the capital of France? | how do I sort a list in Python? | why is the sky blue? |
who painted the Mona Lisa? | how far is the Moon from Earth? | how to train a puppy | what causes rainbows? |
when did the Roman Empire fall? | how many bones are in the human body? | what is photosynthesis? |
how do I bake sourdough bread? | what is the boiling point of water? | who invented the telephone? |
tips for learning the guitar | what is the tallest mountain in Africa? |
how to change a bicycle tire""".replace("\n", " ")


def written(text: str, lang: str) -> list[Question]:
    return [Question("", q.strip(), ("\0",), lang) for q in text.split("|") if q.strip()]


def column(name: str) -> int:
    return FEATURES.index(name)


def shown(table: Table, weights: np.ndarray, min_coverage: float, min_concepts: float, min_relative: float, k=3):
    """Indices of the candidates the engine would show (empty when the first fails the test)."""
    return _shown(table, weights, min_coverage, min_concepts, min_relative, k)


def shown_as_product(table: Table, params: RankParams, weights: np.ndarray, k=3):
    """:func:`shown` with the product's thresholds."""
    return _shown(table, weights, params.min_coverage, params.min_concepts, params.min_relative, k, params.later_coverage,
                  dominant=params.dominant_share > 0, min_article=params.min_article_coverage)


def _shown(table, weights, min_coverage, min_concepts, min_relative, k=3, later_coverage=1.0, dominant=True,
           min_article=0.0):
    """Indices of the candidates the engine would show (empty when the first fails the test).

    ``dominant``: a passage's window must also hold the question's dominant concept (``window_dominant``,
    computed with the product's ``dominant_share`` when the tables were made); ``min_article``: and its
    article that share of the question's IDF mass (``article_held``).
    """
    if len(table.docs) == 0 or table.concepts == 0:  # no concept the test counts: the product shows nothing
        return []
    scores = table.features @ weights
    order = np.lexsort((table.docs, -scores))
    held = table.features[:, column("window_concepts")] >= min(min_concepts, table.concepts)
    if dominant:
        held &= table.features[:, column("window_dominant")] > 0
    held &= table.features[:, column("article_held")] >= min_article
    coverage = table.features[:, column("window_coverage")]
    passes, later = held & (coverage >= min_coverage), held & (coverage >= later_coverage * min_coverage)
    if not passes[order[0]]:
        return []
    out, spans = [], []
    for index in order:
        if len(out) >= k:
            break
        if any(lo <= table.docs[index] < hi for lo, hi in spans):
            continue
        if out and not (later[index] and scores[index] >= min_relative * scores[order[0]]):
            continue
        out.append(index)
        spans.append(tuple(table.spans[index]))
    return out


def as_asked(params: RankParams, tables: list[Table]) -> RankParams:
    """The product's bars for these questions: English ones have their own (:meth:`RankParams.for_english`)."""
    return params.for_english() if tables and tables[0].lang == "en" else params


def report_thresholds(groups: dict[str, list[Table]], weights: np.ndarray) -> None:
    for min_coverage in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        for min_concepts in (0, 1, 2, 3):
            cells = []
            for name, tables in groups.items():
                kept = np.mean([bool(shown(t, weights, min_coverage, min_concepts, 0.0, 1)) for t in tables])
                cells.append(f"{name} {'kept' if name.endswith('on') else 'rejected'} "
                             f"{kept if name.endswith('on') else 1 - kept:.3f}")
            print(f"min_coverage {min_coverage:.2f} min_concepts {min_concepts}: " + ", ".join(cells), flush=True)


def report_relative(groups: dict[str, list[Table]], weights: np.ndarray, params: RankParams):
    for min_relative, later_coverage in itertools.product((0.0, 0.5, 0.6, 0.7, 0.8), (0.5, 0.75, 1.0)):
        cells = []
        chosen = params.model_copy(update={"min_relative": min_relative, "later_coverage": later_coverage})
        for name, tables in groups.items():
            if not name.endswith("on"):
                continue
            picks = [shown_as_product(t, as_asked(chosen, tables), weights) for t in tables]
            top3 = np.mean([any(t.passage_right[i] for i in p) for t, p in zip(tables, picks)])
            count = np.mean([len(p) for p in picks if p] or [0])
            cells.append(f"{name} answer in top 3 {top3:.3f}, passages {count:.2f}")
        print(f"min_relative {min_relative:.2f} later_coverage {later_coverage:.2f}: " + "; ".join(cells), flush=True)


def main() -> int:
    parser = data_arguments(__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1500, help="KorQuAD questions per group")
    parser.add_argument("--tables", type=Path, help="save the candidates' features here, or reuse them")
    args = parser.parse_args()
    params = RankParams()
    tokenizer = Tokenizer(load_kiwi())
    work = args.work or Path(tempfile.mkdtemp(prefix="newsqa-calibrate-"))
    squad_articles, squad_questions = load_squad(args.squad)
    random.Random(5).shuffle(squad_questions)
    even = {a.id for i, a in enumerate(squad_articles) if i % 2 == 0}
    half = open_corpus(work / "squad-even", tokenizer, params, [a for a in squad_articles if a.id in even])
    bundled = sample_articles(args.bundled) if args.bundled.is_dir() else []
    news = open_corpus(work / "news-calibrate", tokenizer, params, load_jsonl_articles(args.news) + bundled)
    seed = open_corpus(work / "bundled-calibrate", tokenizer, params, bundled)
    news_questions, _ = answerable(news, [q for path in args.questions for q in load_news_questions(path)])
    off_ko, off_en = written(OFF_TOPIC_KO, "ko"), written(OFF_TOPIC_EN, "en")
    groups = pickle.loads(args.tables.read_bytes()) if args.tables and args.tables.is_file() else {
        "korquad-on": [question_table(half, q) for q in [q for q in squad_questions if q.article_id in even][: args.sample]],
        "korquad-off": [
            question_table(half, q) for q in [q for q in squad_questions if q.article_id not in even][: args.sample]
        ],
        "news-ko-on": [question_table(news, q) for q in news_questions if q.lang == "ko"],
        "news-en-on": [question_table(news, q) for q in news_questions if q.lang == "en"],
        "news-off-korquad": [question_table(news, q) for q in squad_questions[: args.sample]],
        "news-off-written-ko": [question_table(news, q) for q in off_ko],
        "news-off-written-en": [question_table(news, q) for q in off_en],
        "bundled-off-written-ko": [question_table(seed, q) for q in off_ko],
        "bundled-off-written-en": [question_table(seed, q) for q in off_en],
    }
    if args.tables and not args.tables.is_file():
        args.tables.write_bytes(pickle.dumps(groups))
    weights = params.weights()
    print({name: len(tables) for name, tables in groups.items()}, file=sys.stderr)
    report_thresholds(groups, weights)
    report_relative(groups, weights, params)
    print(f"the product ({params.min_coverage=}, {params.min_concepts=}, {params.min_relative=}, "
          f"{params.later_coverage=}, {params.min_article_coverage=}; English questions: "
          f"{params.english_min_coverage=}, {params.english_min_article_coverage=}):")
    for name, tables in groups.items():
        product = as_asked(params, tables)
        variants = {"product": product, "without the dominant-concept test": product.model_copy(update={"dominant_share": 0.0}),
                    "without the article test": product.model_copy(update={"min_article_coverage": 0.0})}
        kept = {label: np.mean([bool(shown_as_product(t, chosen, weights, 1)) for t in tables])
                for label, chosen in variants.items()}
        figure = (lambda x: x) if name.endswith("on") else (lambda x: 1 - x)
        print(f"  {name}: {'kept' if name.endswith('on') else 'rejected'} {figure(kept.pop('product')):.3f} ("
              + ", ".join(f"{label} {figure(value):.3f}" for label, value in kept.items()) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
