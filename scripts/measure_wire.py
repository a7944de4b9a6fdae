"""Wire copies found in a corpus, checked against exact shingle overlap.

    python scripts/measure_wire.py ARTICLES.jsonl [--show]

Indexes the articles (``id``, ``title``, ``text``, optional ``source``,
``published``) in a temporary corpus, then prints the near-duplicate groups
the index found (MinHash + LSH, index/search/wire.py) and compares its links
with the rule applied to exact shingle sets (Jaccard ≥ MIN_JACCARD, or
containment ≥ MIN_CONTAINMENT at Jaccard ≥ CONTAINMENT_JACCARD), over every
pair that shares a shingle. ``--show`` prints each group's titles and pairs.
"""
from __future__ import annotations

import argparse
import collections
import itertools
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

from index.engine import Engine  # noqa: E402
from index.models import Article  # noqa: E402
from index.search import wire  # noqa: E402
from index.text.tokenize import Tokenizer, load_kiwi  # noqa: E402


def exact_pairs(sets: list[set]) -> dict[tuple[int, int], tuple[float, float]]:
    """(Jaccard, containment) of every pair of signed slots sharing a shingle (common shingles skipped)."""
    postings = collections.defaultdict(list)
    for slot, shingles in enumerate(sets):
        for shingle in shingles:
            postings[shingle].append(slot)
    shared = collections.Counter()
    for slots in postings.values():
        if len(slots) <= 50:
            shared.update(itertools.combinations(slots, 2))
    return {(a, b): (n / len(sets[a] | sets[b]), n / min(len(sets[a]), len(sets[b]))) for (a, b), n in shared.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("articles", type=Path)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.articles.read_text(encoding="utf-8").split("\n") if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine.open(Path(folder) / "corpus", Tokenizer(load_kiwi()))
        engine.add_articles([Article(id=r["id"], title=r["title"], text=r["text"], source=r.get("source", ""),
                                     published=r.get("published", "")) for r in rows])
        live, hashes = engine.live, wire.TokenHashes()
        cached = engine.cache.get_many([(e.article_id, e.index_key) for e in engine.store.catalog()])
        sets = []
        for article_id in live.layout.slot_ids:
            body = [t for tokens in cached[article_id].tokens for t in tokens] if article_id in cached else []
            shingles = set(wire.shingle_hashes(hashes.of(body)).tolist())
            sets.append(shingles if len(shingles) >= wire.MIN_SHINGLES else set())
        exact = exact_pairs(sets)
        rule = {pair for pair, (j, c) in exact.items() if wire.is_copy(j, c)}
        linked = {(a, b) for a, others in live.wire.links.items() for b in others if a < b}
        groups = live.wire.groups()
        titles = {slot: (engine.article(aid).title if aid else "") for slot, aid in enumerate(live.layout.slot_ids)}
        if args.show:
            for group in groups:
                print(" | ".join(f"{live.layout.slot_ids[s]} {titles[s][:40]}" for s in group))
                for a, b in itertools.combinations(group, 2):
                    j, c = exact.get((a, b), (0.0, 0.0))
                    print(f"    {live.layout.slot_ids[a]} {live.layout.slot_ids[b]} jaccard {j:.2f} containment {c:.2f}"
                          f" {'linked' if (a, b) in linked else 'via the group'}")
        print(json.dumps({
            "articles": live.layout.live_slots, "groups": len(groups), "articles_in_groups": sum(map(len, groups)),
            "links": len(linked), "exact_rule_pairs": len(rule), "both": len(rule & linked),
            "linked_not_by_rule": [[live.layout.slot_ids[a], live.layout.slot_ids[b], *map(lambda x: round(x, 2), exact.get((a, b), (0, 0)))]
                                   for a, b in sorted(linked - rule)],
            "rule_not_linked": [[live.layout.slot_ids[a], live.layout.slot_ids[b], *map(lambda x: round(x, 2), exact[(a, b)])]
                                for a, b in sorted(rule - linked)],
        }, ensure_ascii=False, indent=1))
        engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
