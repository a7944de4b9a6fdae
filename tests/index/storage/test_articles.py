"""The article store: duplicates, transactions, unsafe ids, the folder migration, export and re-cleaning."""
from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

import index.engine.admit as admit_module
import index.engine.upkeep as upkeep_module
from index.models import Article, ArticleCard, Excerpt
from index.storage.articles import ArticleStore, CorpusError, StoredArticle, index_key, is_safe_id, normalize_url
from index.storage.cache import CachedTokens, TokenCache
from index.storage.db import DB_FILENAME
from index.storage.migrate import migrate_folder
from index.text.tokenize import utf8_spans
from tests.corpus import stored_rows

BODY = (
    "정부가 내년도 예산안을 656조원 규모로 편성했다고 27일 밝혔다. "
    "올해 본예산보다 3.2% 늘어난 규모로, 연구개발 예산은 29조7천억원으로 다시 늘었다."
)
OTHER_BODY = "문화체육관광부는 저작권법 개정안을 발표했다. 불법 유통 사이트를 신속하게 차단하는 절차가 도입된다."
WIRE = f"(서울=연합뉴스) 홍길동 기자 = {BODY}\n\nhong@yna.co.kr\n\n<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>"


def article(article_id: str = "a1", **fields) -> Article:
    values = {"title": "예산안 656조원", "text": BODY, "source": "연합뉴스", "published": "2024-08-27"}
    values.update(fields)
    return Article(id=article_id, **values)


def save(store: ArticleStore, *articles: Article, urls: tuple[str, ...] = ()) -> None:
    with store.db.transaction() as tx:
        for a in articles:
            store.insert(tx, StoredArticle(a, index_key(a.title, a.text), 0, 0), urls)
        store.bump_generation(tx)


def test_get_many_reads_what_get_reads_and_leaves_out_unknown_ids(tmp_path):
    store = ArticleStore(tmp_path)
    ids = [f"a{i}" for i in range(1203)]  # more than one query's worth
    save(store, *(article(i, text=f"{BODY} {n}번째.", url=f"https://news.example.com/{i}") for n, i in enumerate(ids)))
    found = store.get_many(ids[::-1] + ["nope", ids[0]])
    assert set(found) == set(ids)
    assert all(found[i] == store.get(i) for i in ids[::97])


def test_get_many_without_the_raw_text_reads_everything_else(tmp_path):
    store = ArticleStore(tmp_path)
    save(store, article("a1", raw_text="사진=연합뉴스 " + BODY, text=BODY, url="https://news.example.com/1"))
    shown = store.get_many(["a1"], raw_text=False)["a1"]
    assert shown.raw_text == "" and store.get("a1").raw_text.startswith("사진=연합뉴스")
    assert shown == store.get("a1").model_copy(update={"raw_text": ""})


def test_excerpts_are_the_spans_python_would_cut_and_cards_the_citation_fields(tmp_path):
    """SQLite cuts the spans (characters, as Python counts them: Hangul, emoji, CJK), over several queries."""
    store = ArticleStore(tmp_path)
    texts = {f"a{i}": f"{BODY} 😀 {i}번째 漢字 문장.\n\n둘째 문단 {i}." for i in range(300)}
    save(store, *(article(i, text=t, url=f"https://news.example.com/{i}") for i, t in texts.items()))
    wanted = [Excerpt(i, start, start + size) for n, i in enumerate(texts) for start, size in ((n % 90, 40), (0, 0))]
    wanted += [Excerpt("nope", 0, 5), Excerpt("a7", 100, 10_000)]
    cut = store.excerpts(wanted)
    assert cut[:-2] == [texts[e.article_id][e.start : e.end] for e in wanted[:-2]]
    assert cut[-2] is None and cut[-1] == texts["a7"][100:]
    save(store, article("nul", text="앞 문장.\x00 뒤 문장 😀 끝."))  # substr stops at a NUL: cut as Python does
    assert store.excerpts([Excerpt("nul", 2, 12)]) == ["앞 문장.\x00 뒤 문장 😀 끝."[2:12]]
    cards = store.cards(["a3", "nope", "a3"])
    assert list(cards) == ["a3"]
    assert cards["a3"] == ArticleCard("a3", "예산안 656조원", "연합뉴스", "2024-08-27", "https://news.example.com/a3")


def test_cards_are_read_from_the_covering_index_not_the_rows_with_their_texts(tmp_path, monkeypatch):
    """Source, date and link sit after text and raw_text in a row: cards() must not walk the texts to reach them."""
    store = ArticleStore(tmp_path)
    save(store, article("a1", raw_text="<html>" + "광고 " * 20_000 + "</html>", url="https://news.example.com/1"))
    asked: list[tuple[str, tuple]] = []
    query = store.db.query
    monkeypatch.setattr(store.db, "query", lambda sql, parameters=(): asked.append((sql, parameters)) or query(sql, parameters))
    assert store.cards(["a1"]) == {"a1": ArticleCard("a1", "예산안 656조원", "연합뉴스", "2024-08-27", "https://news.example.com/1")}
    [(sql, parameters)] = asked
    plan = " ".join(row[-1] for row in query(f"EXPLAIN QUERY PLAN {sql}", parameters))
    assert "COVERING INDEX articles_cards" in plan, plan


def test_excerpts_by_utf8_bytes_are_the_same_spans_and_wrong_bytes_fall_back_to_characters(tmp_path):
    """A span with its UTF-8 bytes is cut by bytes (no counting of characters from the start); bytes that are not
    the span's (a stale index) or a NUL in the text still give what Python cuts."""
    store = ArticleStore(tmp_path)
    text = "첫 문장 😀 漢字.\n\nSecond ASCII sentence. " + "긴 본문 " * 3000 + "끝 문장 é 😀."
    save(store, article("a1", text=text), article("nul", text="앞 문장.\x00 뒤 문장 😀 끝."))
    spans = [(0, 11), (11, 11), (13, 35), (len(text) - 10, len(text))]
    in_bytes = utf8_spans(text, spans)
    assert [text.encode()[b:e].decode() for b, e in in_bytes] == [text[s:e] for s, e in spans]
    wanted = [Excerpt("a1", s, e, b, f) for (s, e), (b, f) in zip(spans, in_bytes)]
    assert store.excerpts(wanted) == [text[s:e] for s, e in spans]
    stale = [Excerpt("a1", 0, 11, 1, 12), Excerpt("a1", 13, 35, 0, 2), Excerpt("nope", 0, 3, 0, 3)]
    assert store.excerpts(stale) == [text[0:11], text[13:35], None]  # a cut inside 첫 / a span of other length
    nul = "앞 문장.\x00 뒤 문장 😀 끝."
    assert store.excerpts([Excerpt("nul", 2, 12, *utf8_spans(nul, [(2, 12)])[0])]) == [nul[2:12]]
    assert utf8_spans(text, [(5, 9), (2, 3)]) == ()  # out of order: not known


# ---- duplicates -------------------------------------------------------------------


def test_duplicate_by_id(tmp_path):
    store = ArticleStore(tmp_path)
    save(store, article("a1"))
    assert store.find_duplicate(article("a1", text=OTHER_BODY, title="다른 제목")) == "a1"
    assert store.find_duplicate(article("a2", text=OTHER_BODY)) is None


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.yna.co.kr/view/AKR20240827000100002",
        "http://www.yna.co.kr/view/AKR20240827000100002",
        "https://yna.co.kr/view/AKR20240827000100002",
        "https://www.yna.co.kr/view/AKR20240827000100002/",
        "https://WWW.YNA.CO.KR/view/AKR20240827000100002#comments",
        "  https://www.yna.co.kr/view/AKR20240827000100002  ",
    ],
)
def test_duplicate_by_url_variants(tmp_path, variant):
    store = ArticleStore(tmp_path)
    save(store, article("a1", url="https://www.yna.co.kr/view/AKR20240827000100002"))
    assert store.find_duplicate(article("a2", text=OTHER_BODY, url=variant)) == "a1"
    assert normalize_url(variant) == normalize_url("https://www.yna.co.kr/view/AKR20240827000100002")


def test_every_url_an_article_is_known_by_is_a_duplicate(tmp_path):
    store = ArticleStore(tmp_path)
    save(store, article("a1", url="https://www.yna.co.kr/view/AKR20240827000100002"),
         urls=("https://m.yna.co.kr/view/AKR20240827000100002", "https://yna.kr/AKR1"))
    assert store.find_duplicate(article("a2", text=OTHER_BODY, url="https://yna.kr/AKR1")) == "a1"
    assert store.find_url("http://m.yna.co.kr/view/AKR20240827000100002/") == "a1"
    assert store.find_duplicate(article("a3", text=OTHER_BODY, url="https://www.yna.co.kr/view/AKR2")) is None


def test_same_text_is_a_duplicate_from_the_same_outlet_and_a_wire_copy_from_another(tmp_path):
    store = ArticleStore(tmp_path)
    save(store, article("a1"))
    reflowed = BODY.replace(". ", ".\n\n").replace(" ", "  ")
    assert store.find_duplicate(article("a2", title="다른 제목", text=reflowed)) == "a1"
    assert store.find_duplicate(article("a3", text=BODY + " 추가 문장이다.")) is None
    assert store.find_duplicate(article("a4", source="뉴스1", url="https://www.news1.kr/1")) is None


def test_engine_refuses_exact_duplicates_and_keeps_wire_copies(make_engine):
    engine = make_engine()
    first = engine.add_articles([Article(id="", title="예산안 656조원", text=WIRE, source="연합뉴스",
                                         url="https://www.yna.co.kr/view/A1")])
    assert [r.status for r in first] == ["added"]
    again = engine.add_articles(
        [
            Article(id="", title="다른 제목", text=BODY, source="연합뉴스"),  # same text, same outlet
            Article(id="", title="또 다른 제목", text=OTHER_BODY, url="http://yna.co.kr/view/A1/"),  # same url
            Article(id=first[0].article_id, title="같은 id", text=OTHER_BODY + " 새 문장이다."),  # same id
            Article(id="", title="새 기사", text=OTHER_BODY),
            Article(id="", title="새 기사 사본", text=OTHER_BODY),  # duplicate within the batch
            Article(id="", title="예산안 656조원", text=BODY, source="뉴스1", url="https://www.news1.kr/A1"),  # wire copy
        ]
    )
    assert [r.status for r in again] == ["duplicate", "duplicate", "duplicate", "added", "duplicate", "added"]
    assert again[0].article_id == again[1].article_id == again[2].article_id == first[0].article_id
    assert again[4].article_id == again[3].article_id
    assert engine.store.count() == 3 and len(stored_rows(engine.store.root)) == 3


def test_removal_forgets_urls_and_text(tmp_path):
    store = ArticleStore(tmp_path)
    save(store, article("a1", url="https://www.hani.co.kr/arti/1"))
    reopened = ArticleStore(tmp_path)
    assert reopened.find_duplicate(article("x", text=OTHER_BODY, url="http://hani.co.kr/arti/1/")) == "a1"
    with reopened.db.transaction() as tx:
        assert reopened.delete(tx, "a1")
    assert reopened.find_duplicate(article("x", text=OTHER_BODY, url="http://hani.co.kr/arti/1/")) is None
    assert reopened.find_duplicate(article("y")) is None
    assert reopened.get("a1") is None


# ---- transactions -----------------------------------------------------------------


def test_a_failure_inside_the_transaction_stores_nothing_of_the_batch(make_engine, monkeypatch):
    engine = make_engine()
    engine.add_articles([article("", title="먼저 있던 기사", text=OTHER_BODY)])
    before, sentences = stored_rows(engine.store.root), engine.sentences.n_alive
    calls = []

    def failing_put(self, tx, article_id, key, cached):
        calls.append(article_id)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_put(self, tx, article_id, key, cached)

    real_put = TokenCache.put
    monkeypatch.setattr(TokenCache, "put", failing_put)
    batch = [article("", title=f"기사 {i}", text=f"{BODY} {i}번째 문장이다.") for i in range(3)]
    with pytest.raises(OSError):
        engine.add_articles(batch)
    monkeypatch.undo()
    assert len(calls) == 2
    assert stored_rows(engine.store.root) == before  # not one article of the batch
    assert engine.sentences.n_alive == sentences and not engine.changed_on_disk()
    assert [r.status for r in engine.add_articles(batch)] == ["added"] * 3  # the rerun completes it


def test_two_stores_on_one_file_see_each_others_commits(tmp_path):
    first, second = ArticleStore(tmp_path), ArticleStore(tmp_path)
    generation = second.generation()
    save(first, article("a1"))
    assert second.generation() == generation + 1 and second.get("a1").text == BODY


# ---- unsafe ids -------------------------------------------------------------------

UNSAFE = ["../x", "a/b", "..", "", ".hidden", "a\\b", "/etc/passwd", "x" * 81, "../../corpus2/x", "a\x00b", "..\\x"]


@pytest.mark.parametrize("bad", UNSAFE)
def test_unsafe_ids_are_refused(tmp_path, bad):
    store = ArticleStore(tmp_path / "corpus")
    assert not is_safe_id(bad)
    with pytest.raises(CorpusError):
        save(store, article(bad))
    assert store.count() == 0


@pytest.mark.parametrize("good", ["a1", "e8d6ecacefe8538e", "squad-0001", "yna_2024.08.27", "A" * 80])
def test_safe_ids_are_accepted(tmp_path, good):
    save(ArticleStore(tmp_path), article(good))
    assert ArticleStore(tmp_path).get(good).id == good


def test_engine_refuses_an_unsafe_id_without_breaking_the_batch(make_engine, tmp_path):
    engine = make_engine()
    results = engine.add_articles([Article(id="../escape", title="나쁜 id", text=OTHER_BODY),
                                   Article(id="", title="예산안 656조원", text=BODY)])
    assert [r.status for r in results] == ["skipped", "added"]
    assert "id" in results[0].reason
    assert not (tmp_path / "escape.json").exists()


def test_missing_folder_is_an_empty_corpus(tmp_path):
    assert ArticleStore(tmp_path / "nope").count() == 0


# ---- the folder corpus of earlier versions --------------------------------------------


def legacy_folder(root: Path, tokenizer_version: str) -> dict[str, Article]:
    """``<id>.json`` files and ``.index/tokens/<id>.json`` entries, as the folder corpus wrote them."""
    root.mkdir(parents=True)
    articles = {"a1": article("a1", url="https://www.yna.co.kr/view/A1"), "a2": article("a2", text=OTHER_BODY)}
    for a in articles.values():
        (root / f"{a.id}.json").write_text(json.dumps(a.model_dump(exclude={"raw_text", "cleaner_version"}),
                                                      ensure_ascii=False), encoding="utf-8")
    tokens = root / ".index" / "tokens"
    tokens.mkdir(parents=True)
    entry = {"tokenizer": f"{tokenizer_version}.2", "key": index_key(articles["a1"].title, BODY),
             "title": ["예산안"], "spans": [[0, 10]], "tokens": [["정부", "예산안"]], "aliases": []}
    (tokens / "a1.json").write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    (root / "broken.json").write_text('{"id": "b2", "title": "잘린 파일", "te', encoding="utf-8")
    return articles


def test_a_folder_corpus_moves_into_the_database(tmp_path):
    root = tmp_path / "corpus"
    articles = legacy_folder(root, "tok1")
    store = ArticleStore(root)
    cache = TokenCache(store.db, "tok1")
    moved = migrate_folder(store, cache, "tok1")
    assert moved.moved == 2 and any("broken.json" in s for s in moved.skipped)
    assert sorted(a.id for a in store.iter_all()) == ["a1", "a2"]
    assert store.get("a1").text == BODY and store.get("a1").raw_text == BODY
    assert store.find_url("https://yna.co.kr/view/A1") == "a1"
    assert cache.get("a1", index_key(articles["a1"].title, BODY)) == CachedTokens(("예산안",), [(0, 10)], [("정부", "예산안")])
    assert sorted(p.name for p in root.glob("*.json")) == ["broken.json"]  # moved files go; unreadable ones stay
    assert not (root / ".index" / "tokens").exists()
    assert migrate_folder(store, cache, "tok1").moved == 0  # and only once


def test_a_migration_that_fails_before_its_commit_keeps_the_files(tmp_path, monkeypatch):
    root = tmp_path / "corpus"
    legacy_folder(root, "tok1")
    store = ArticleStore(root)

    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ArticleStore, "bump_generation", fail)
    with pytest.raises(sqlite3.OperationalError):
        migrate_folder(store, TokenCache(store.db, "tok1"), "tok1")
    monkeypatch.undo()
    assert store.count() == 0 and sorted(p.name for p in root.glob("*.json")) == ["a1.json", "a2.json", "broken.json"]
    assert migrate_folder(store, TokenCache(store.db, "tok1"), "tok1").moved == 2


def test_an_engine_opens_a_folder_corpus_and_answers(make_engine, tmp_path):
    root = tmp_path / "corpus"
    legacy_folder(root, "an-older-tokenizer")  # its token cache is stale: tokenized again
    engine = make_engine(root)
    assert engine.store.count() == 2 and (root / DB_FILENAME).is_file()
    hits = engine.ask("내년도 예산안 규모는 얼마인가?").hits
    assert hits and hits[0].article_id == "a1" and "656조원" in hits[0].passage


# ---- export, and cleaning again ---------------------------------------------------------


def test_export_then_add_restores_the_corpus_exactly(make_engine, tmp_path):
    engine = make_engine(tmp_path / "one")
    engine.add_articles([Article(id="", title="예산안 656조원", text=WIRE, source="연합뉴스", author="홍길동",
                                 url="https://www.yna.co.kr/view/A1"),
                         Article(id="", title="저작권법 개정", text=OTHER_BODY, published="2024-08-28")])
    out = io.StringIO()
    assert engine.export_jsonl(out) == 2
    lines = out.getvalue().splitlines()
    record = json.loads(lines[0])
    assert set(record) >= {"id", "title", "text", "raw_text", "source", "published", "url", "author", "added_at"}
    assert record["raw_text"] == WIRE and "무단" not in record["text"]
    restored = make_engine(tmp_path / "two")
    articles = [Article(**json.loads(line)) for line in lines]
    assert [r.status for r in restored.add_articles(articles)] == ["added", "added"]
    again = io.StringIO()
    restored.export_jsonl(again)
    assert again.getvalue() == out.getvalue()


def test_a_new_cleaner_version_cleans_again_from_the_raw_text(make_engine, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    engine = make_engine(corpus)
    (result,) = engine.add_articles([Article(id="", title="예산안 656조원", text=WIRE, source="연합뉴스")])
    assert "연구개발 예산" in engine.store.get(result.article_id).text
    engine.close()

    def stricter(raw: str):  # a new rule: a sentence about 연구개발 is now "boilerplate"
        cleaned = real_clean(raw)
        return cleaned._replace(text=cleaned.text.replace(
            "올해 본예산보다 3.2% 늘어난 규모로, 연구개발 예산은 29조7천억원으로 다시 늘었다.", ""))

    real_clean = admit_module.clean_article
    monkeypatch.setattr(admit_module, "clean_article", stricter)
    monkeypatch.setattr(upkeep_module, "CLEANER_VERSION", "test-2")
    monkeypatch.setattr(admit_module, "CLEANER_VERSION", "test-2")
    reopened = make_engine(corpus)
    stored = reopened.store.get(result.article_id)
    assert stored.cleaner_version == "test-2" and "연구개발" not in stored.text and stored.raw_text == WIRE
    assert all("연구개발" not in h.passage for h in reopened.ask("연구개발 예산은 얼마로 늘었나?").hits)
