"""The engine's articles in memory: what it reads of the rest is the same as the store's, texts not read out."""
from __future__ import annotations

from index.engine.memory import ArticleMemory
from index.models import ArticleCard, Excerpt
from index.storage.articles import ArticleStore
from tests.index.storage.test_articles import article, save


class CountingStore:
    """The real store, counting whole articles read."""

    def __init__(self, store: ArticleStore):
        self.store, self.whole, self.queries = store, 0, 0

    def get_many(self, ids, raw_text=True):
        self.whole += len(ids)
        return self.store.get_many(ids, raw_text=raw_text)

    def cards(self, ids):
        self.queries += 1
        return self.store.cards(ids)

    def excerpts(self, wanted):
        self.queries += 1
        return self.store.excerpts(wanted)


def test_cards_and_excerpts_come_from_memory_or_the_store_alike(tmp_path):
    store = ArticleStore(tmp_path)
    texts = {f"a{i}": f"{i}번째 기사의 첫 문장. 둘째 문장 {i}." for i in range(4)}
    save(store, *(article(i, text=t) for i, t in texts.items()))
    counting = CountingStore(store)
    memory = ArticleMemory(counting, kept=2)
    memory.articles_of(["a0", "a1"])  # in memory now
    assert counting.whole == 2
    wanted = [Excerpt("a1", 0, 13), Excerpt("a3", 14, 22), Excerpt("gone", 0, 3), Excerpt("a0", 5, 5)]
    assert memory.excerpts_of(wanted) == ["1번째 기사의 첫 문장.", "둘째 문장 3.", None, ""]
    assert [texts["a1"][0:13], texts["a3"][14:22]] == ["1번째 기사의 첫 문장.", "둘째 문장 3."]
    cards = memory.cards_of(["a3", "a0", "gone"])
    assert cards == {"a3": ArticleCard(*store.cards(["a3"])["a3"]), "a0": store.cards(["a0"])["a0"]}
    assert counting.whole == 2  # neither read a whole article
    asked = counting.queries
    assert memory.excerpts_of(wanted) == ["1번째 기사의 첫 문장.", "둘째 문장 3.", None, ""]
    assert memory.cards_of(["a3", "a0"]) == {"a3": cards["a3"], "a0": cards["a0"]}
    assert counting.queries == asked + 1  # only "gone" is asked again: the rest is remembered
    memory.forget(["a1", "a3"])
    save(store, article("a9", text="새 기사."))
    assert memory.excerpts_of([Excerpt("a1", 0, 4), Excerpt("a3", 14, 22)]) == ["1번째 ", "둘째 문장 3."]
    assert counting.queries == asked + 2 and counting.whole == 2
