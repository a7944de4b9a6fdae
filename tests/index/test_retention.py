"""Retention: KEEP_DAYS and MAX_ARTICLES remove the oldest articles from the store and the index together."""
from __future__ import annotations

from datetime import date, timedelta

from index.models import Article, Retention
from tests.corpus import stored_ids

TODAY = date.today()


def news(number: int, days_ago: int, published: bool = True) -> Article:
    day = (TODAY - timedelta(days=days_ago)).isoformat()
    text = f"서울시는 {number}번째 자전거 도로 구간을 새로 열었다고 밝혔다. 이 구간은 {number * 3}킬로미터 길이다."
    return Article(id=f"n{number}", title=f"자전거 도로 {number}구간 개통", text=text,
                   published=day if published else "", added_at=f"{day}T09:00:00+00:00")


def ask_ids(engine, number: int) -> list[str]:
    return [h.article_id for h in engine.ask(f"{number}번째 자전거 도로 구간", k=3).hits]


def test_keep_days_removes_what_is_older_from_store_and_index(make_engine, tmp_path):
    corpus = tmp_path / "corpus"
    engine = make_engine(corpus)
    engine.add_articles([news(1, 400), news(2, 40), news(3, 2), news(4, 100, published=False), news(5, 0), news(6, 1)])
    assert ask_ids(engine, 1)[:1] == ["n1"]
    kept = make_engine(corpus, retention=Retention(keep_days=30))  # applied when the corpus is opened
    assert stored_ids(corpus) == ["n3", "n5", "n6"]
    assert "n1" not in ask_ids(kept, 1) and ask_ids(kept, 3)[:1] == ["n3"]
    assert kept.stats().retention_removed == 3 and kept.stats().articles == 3


def test_max_articles_keeps_the_newest_as_articles_arrive(make_engine, tmp_path):
    corpus = tmp_path / "corpus"
    engine = make_engine(corpus, retention=Retention(max_articles=3))
    engine.add_articles([news(1, 10), news(2, 5), news(3, 4)])
    assert ask_ids(engine, 1)[:1] == ["n1"]
    engine.add_articles([news(4, 1)])
    assert stored_ids(corpus) == ["n2", "n3", "n4"]
    assert "n1" not in ask_ids(engine, 1) and ask_ids(engine, 4)[:1] == ["n4"]
    assert engine.stats().retention_removed == 1
    reopened = make_engine(corpus, retention=Retention(max_articles=3))
    assert reopened.layout.live_slots == 3 and "n1" not in ask_ids(reopened, 1)


def test_retention_is_off_by_default(make_engine, tmp_path):
    engine = make_engine(tmp_path / "corpus")
    engine.add_articles([news(1, 4000), news(2, 3000)])
    assert engine.store.count() == 2 and engine.stats().retention_removed == 0
