"""Questions as people type them in a chat: without spaces, or with two syllables swapped.

    .venv/bin/python -m index.measure.typed ../shared/eval/KorQuAD_v1.0_dev.json [--sample 1500]

A fixed sample of KorQuAD questions (seed 12; ``--holdout``: a second one,
disjoint, for figures not measured on the sample the swap bars were set on)
is asked three ways: as
written; with every space removed ("테슬라가도조에투자하는금액은?"); with one
pair of adjacent syllables swapped inside one word of two or more syllables
("투자하는" → "투하자는"). Scores as ``eval --squad``.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from index.measure.evaluate import Question, build_engine, evaluate_engine, load_squad, print_scores

_HANGUL = range(0xAC00, 0xD7A4)


def without_spaces(question: str) -> str:
    return "".join(question.split())


def swap_syllables(question: str, rng: random.Random) -> str:
    """One pair of adjacent Hangul syllables swapped, inside a word; the question itself when it has none."""
    spots = [
        i for i in range(len(question) - 1)
        if ord(question[i]) in _HANGUL and ord(question[i + 1]) in _HANGUL and question[i] != question[i + 1]
    ]
    if not spots:
        return question
    i = rng.choice(spots)
    return question[:i] + question[i + 1] + question[i] + question[i + 2 :]


def variants(questions: list[Question], sample: int, seed: int = 12, holdout: bool = False) -> dict[str, list[Question]]:
    """The three ways of asking; ``holdout``: a second sample, disjoint from the first (seed 13)."""
    rng = random.Random(seed)
    chosen = rng.sample(questions, min(sample, len(questions)))
    if holdout:
        rest = [q for q in questions if q not in set(chosen)]
        rng = random.Random(seed + 1)
        chosen = rng.sample(rest, min(sample, len(rest)))
    return {
        "as written": chosen,
        "no spaces": [q._replace(question=without_spaces(q.question)) for q in chosen],
        "one swap": [q._replace(question=swap_syllables(q.question, rng)) for q in chosen],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.measure.typed")
    parser.add_argument("squad", type=Path)
    parser.add_argument("--sample", type=int, default=1500)
    parser.add_argument("--holdout", action="store_true", help="a second sample, disjoint from the first")
    args = parser.parse_args(argv)
    articles, questions = load_squad(args.squad)
    with tempfile.TemporaryDirectory(prefix="newsqa-typed-") as tmp:
        engine = build_engine(articles, Path(tmp))
        for name, asked in variants(questions, args.sample, holdout=args.holdout).items():
            print_scores(name, evaluate_engine(engine, asked))
    return 0


if __name__ == "__main__":
    sys.exit(main())
