"""Wire copies: signatures, LSH candidates against brute force, groups, removal, snapshot arrays, collapsing."""
from __future__ import annotations

import itertools
import random
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from index.models import Article, Hit
from index.search.dated import NO_DAY, day_number
from index.search.layout import Layout
from index.search import wire as wire_module
from index.search.wire import (
    MIN_SHINGLES, NUM_PERM, TokenHashes, WireIndex, attach_also, collapse_copies, estimate, is_copy, shingle_hashes,
    signature,
)

WORDS = [f"w{i}" for i in range(400)]


def story(seed: int, length: int = 120) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(WORDS) for _ in range(length)]


def edited(tokens: list[str], seed: int, changes: int) -> list[str]:
    """``tokens`` with ``changes`` runs of five tokens replaced (a lightly edited copy)."""
    rng = random.Random(seed)
    out = list(tokens)
    for _ in range(changes):
        at = rng.randrange(0, len(out) - 5)
        out[at : at + 5] = [rng.choice(WORDS) for _ in range(5)]
    return out


def exact_jaccard(a: list[str], b: list[str]) -> float:
    sa, sb = set(shingle_hashes(TokenHashes().of(a)).tolist()), set(shingle_hashes(TokenHashes().of(b)).tolist())
    return len(sa & sb) / len(sa | sb)


def build(bodies: list[list[str]], days=None, one_by_one=False) -> WireIndex:
    index = WireIndex()
    days = days or [NO_DAY] * len(bodies)
    if one_by_one:
        for slot, (body, day) in enumerate(zip(bodies, days)):
            index.add_many([slot], [body], [day])
    else:
        index.add_many(list(range(len(bodies))), bodies, days)
    return index


def test_signature_is_stable_and_sized():
    tokens = story(1)
    a = signature(shingle_hashes(TokenHashes().of(tokens)))
    b = signature(shingle_hashes(TokenHashes().of(list(tokens))))
    assert a.dtype == np.uint16 and a.shape == (NUM_PERM,)
    assert np.array_equal(a, b)


def test_estimate_tracks_exact_jaccard():
    base = story(2, 200)
    for changes in (0, 2, 6, 12, 25):
        copy = edited(base, changes, changes)
        sigs = [signature(shingle_hashes(TokenHashes().of(t))) for t in (base, copy)]
        jaccard, _ = estimate(sigs[0], sigs[1], 1, 1)
        assert abs(float(jaccard) - exact_jaccard(base, copy)) < 0.15


def test_copies_are_linked_and_distinct_stories_are_not():
    base = story(3)
    bodies = [base, edited(base, 1, 1), edited(base, 2, 2), story(4), story(5)]
    index = build(bodies)
    assert index.groups() == [(0, 1, 2)]
    assert index.group(3) == (3,)


def test_a_shortened_copy_is_contained():
    base = story(6, 300)
    index = build([base, base[:150]])  # Jaccard 0.5 at best, containment 1
    assert index.group(0) == (0, 1)


def test_short_articles_are_never_copies():
    brief = story(7, MIN_SHINGLES)  # fewer than MIN_SHINGLES distinct shingles
    index = build([brief, list(brief)])
    assert index.groups() == []


def test_dated_articles_days_apart_are_not_copies():
    base = story(8)
    days = [day_number("2024-05-01"), day_number("2024-05-20"), NO_DAY]
    index = build([base, edited(base, 1, 1), edited(base, 2, 1)], days)
    # the undated copy links to both, so they are one group through it; without it they would be apart
    assert (0, 1) not in {(a, b) for a, others in index.links.items() for b in others if a < b}
    assert index.group(2) == (0, 1, 2)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 12)), min_size=2, max_size=24), st.booleans())
def test_lsh_finds_what_brute_force_finds(spec, one_by_one):
    """Every pair of the true rule (exact Jaccard well above the threshold) ends up in one group, incrementally
    or in bulk, and no link joins two articles of distinct stories (a run of copies is linked as a chain:
    n - 1 links, not n²/2)."""
    bases = {s: story(100 + s) for s, _ in spec}
    bodies = [edited(bases[s], i * 31 + changes, changes) for i, (s, changes) in enumerate(spec)]
    index = build(bodies, one_by_one=one_by_one)
    linked = {(a, b) for a, others in index.links.items() for b in others if a < b}
    for a, b in itertools.combinations(range(len(bodies)), 2):
        j = exact_jaccard(bodies[a], bodies[b])
        if j >= 0.7:
            assert index.group(a) == index.group(b), (a, b, j)
        if j <= 0.2:
            assert (a, b) not in linked, (a, b, j)


def test_bulk_and_incremental_agree():
    base = [story(200 + i) for i in range(6)]
    bodies = [edited(base[i % 6], i, i % 4) for i in range(40)]
    assert build(bodies).groups() == build(bodies, one_by_one=True).groups()
    assert wire_module.SMALL_ADD < 40  # the bulk path ran


def test_remove_drops_links_and_splits_groups():
    base = story(9)
    index = build([base, edited(base, 1, 1), story(10)])
    assert index.group(0) == (0, 1)
    index.remove(1)
    assert index.group(0) == (0,) and index.groups() == []
    index.add_many([3], [edited(base, 3, 1)], [NO_DAY])  # a new copy still finds the remaining one
    assert index.group(3) == (0, 3)


def test_arrays_round_trip():
    base = story(11)
    index = build([base, edited(base, 1, 1), story(12)])
    again = WireIndex.from_arrays(index.arrays(), 3)
    assert again.groups() == index.groups()
    again.add_many([3], [edited(base, 2, 1)], [NO_DAY])
    assert again.group(3) == (0, 1, 3)


def test_arrays_that_do_not_match_are_refused():
    arrays = build([story(13), story(14)]).arrays()
    with pytest.raises(ValueError):
        WireIndex.from_arrays(arrays, 3)
    arrays["wire_links"] = np.array([[0, 7]], dtype=np.int32)
    with pytest.raises(ValueError):
        WireIndex.from_arrays(arrays, 2)


def test_is_copy_rule():
    assert is_copy(0.5, 0.6) and is_copy(0.35, 0.9)
    assert not is_copy(0.45, 0.7) and not is_copy(0.25, 1.0)


# ---- collapsing ranked candidates -------------------------------------------------
class Cand(NamedTuple):
    doc: int
    slot: int
    score: float


class FakeView(NamedTuple):
    layout: Layout
    article: object
    wire: WireIndex

    def cards_at(self, slots: list[int]) -> dict[int, Article]:
        found = {slot: self.article(self.layout.slot_ids[slot]) for slot in slots}
        return {slot: a for slot, a in found.items() if a is not None}

    def sentence_texts(self, docs: list[int]) -> list[str]:
        return [self.article(self.layout.slot_ids[self.layout.doc_slot[d]]).text[slice(*self.layout.span(d))]
                for d in docs]


def collapse_view(published: list[str]):
    """Four one-sentence-per-paragraph articles; 0, 1, 2 are copies of one story, 3 is another."""
    texts = ["같은 문장. 둘째 문장.", "같은 문장. 둘째 문장.", "같은 문장. 셋째 문장.", "다른 기사. 다른 문장."]
    sources = ["연합뉴스", "뉴스1", "머니S", "한겨레"]
    articles = {f"a{i}": Article(id=f"a{i}", title=f"t{i}", text=t, source=sources[i], published=published[i],
                                 url=f"https://example.com/{i}") for i, t in enumerate(texts)}
    layout = Layout()
    doc = 0
    for i, text in enumerate(texts):
        spans = [(0, 6), (7, len(text))]
        layout.add_article(f"a{i}", spans, doc)
        doc += len(spans)
    index = WireIndex()
    index.links = {0: {1, 2}, 1: {0}, 2: {0}}
    return FakeView(layout, articles.get, index)


def test_one_copy_per_story_the_earliest_dated_and_the_next_passage_moves_up():
    view = collapse_view(["2024-05-16", "2024-05-15", "2024-05-15", "2024-05-14"])
    ranked = [Cand(0, 0, 3.0), Cand(2, 1, 2.9), Cand(4, 2, 2.8), Cand(3, 1, 2.0), Cand(1, 0, 1.9), Cand(6, 3, 1.5)]
    shown = collapse_copies(ranked, view)
    # slot 1 (dated 05-15, before slot 2 of the same day) holds the same sentence: it takes the first place
    assert shown.candidates == [Cand(2, 1, 2.9), Cand(3, 1, 2.0), Cand(6, 3, 1.5)]
    assert [a.article_id for a in shown.also["a1"]] == ["a2", "a0"]
    assert [a.source for a in shown.also["a1"]] == ["머니S", "연합뉴스"]


def test_an_undated_copy_gives_way_to_a_dated_one():
    view = collapse_view(["", "2024-05-20", "", ""])
    shown = collapse_copies([Cand(0, 0, 3.0), Cand(2, 1, 2.9)], view)
    assert shown.candidates == [Cand(2, 1, 2.9)]


def test_a_copy_without_the_sentence_is_not_shown_for_it():
    view = collapse_view(["2024-05-16", "2024-05-16", "2024-05-15", ""])
    # slot 2 is earliest, but its second sentence differs: the top candidate's own copy keeps it
    shown = collapse_copies([Cand(1, 0, 3.0), Cand(5, 2, 2.0)], view)
    assert shown.candidates == [Cand(1, 0, 3.0)]
    assert {a.article_id for a in shown.also["a0"]} == {"a1", "a2"}


def test_no_copies_changes_nothing():
    view = collapse_view(["", "", "", ""])._replace(wire=WireIndex())
    ranked = [Cand(0, 0, 3.0), Cand(2, 1, 2.9)]
    assert collapse_copies(ranked, view) == (ranked, {})


def test_attach_also():
    view = collapse_view(["2024-05-15", "2024-05-16", "2024-05-17", ""])
    shown = collapse_copies([Cand(0, 0, 3.0)], view)
    hit = Hit(article_id="a0", title="t", source="연합뉴스", published="", url="", passage="p", sentence="s",
              matched=[], score=1.0)
    other = hit.model_copy(update={"article_id": "a3"})
    out = attach_also([hit, other], shown)
    assert [a.source for a in out[0].also] == ["뉴스1", "머니S"] and out[1].also == []
    assert hit.also == []  # the input is not changed


def test_many_exact_copies_make_a_chain_not_every_pair():
    """A story carried 60 times (a replicated benchmark corpus) costs links in proportion to its copies."""
    base = story(300)
    bodies = [base] * 60 + [story(301)]
    for one_by_one in (False, True):
        index = build(bodies, one_by_one=one_by_one)
        assert index.group(0) == tuple(range(60)) and index.group(60) == (60,)
        links = sum(len(others) for others in index.links.values()) // 2
        assert links <= 60 * wire_module.MAX_LINKS * 4, links
