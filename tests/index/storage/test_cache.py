"""The token cache in the database: valid for one content key and one tokenizer version."""
from __future__ import annotations

from index.models import Article
from index.storage.articles import ArticleStore, StoredArticle, index_key
from index.storage.cache import CachedTokens, TokenCache, decode_tokens, encode_tokens

ENTRY = CachedTokens(("제목",), [(0, 5), (6, 12)], [("본문", "첫"), ("둘째", "문장")], (("오픈에이아이", "open ai"),))


def stored_article(store: ArticleStore) -> str:
    article = Article(id="art1", title="제목", text="본문 첫 문장. 둘째 문장.", raw_text="본문 첫 문장. 둘째 문장.")
    key = index_key(article.title, article.text)
    with store.db.transaction() as tx:
        store.insert(tx, StoredArticle(article, key, 0, 0))
    return key


def test_round_trip_of_the_blob():
    assert decode_tokens(encode_tokens(ENTRY)) == ENTRY
    assert decode_tokens(b"not zlib") is None


def test_entries_of_other_versions_or_keys_are_misses(tmp_path):
    store = ArticleStore(tmp_path)
    key = stored_article(store)
    with store.db.transaction() as tx:
        TokenCache(store.db, "version-a").put(tx, "art1", key, ENTRY)
    assert TokenCache(store.db, "version-a").get("art1", key) == ENTRY
    assert TokenCache(store.db, "version-b").get("art1", key) is None
    assert TokenCache(store.db, "version-a").get("art1", "other-key") is None


def test_a_damaged_entry_is_a_miss_not_an_error(tmp_path):
    store = ArticleStore(tmp_path)
    key = stored_article(store)
    cache = TokenCache(store.db, "version-a")
    with store.db.transaction() as tx:
        cache.put(tx, "art1", key, ENTRY)
        tx.execute("UPDATE tokens SET data = ? WHERE article_id = 'art1'", (b"\x78\x9cgarbage",))
    assert cache.get("art1", key) is None


def test_entries_leave_with_their_article(tmp_path):
    store = ArticleStore(tmp_path)
    key = stored_article(store)
    cache = TokenCache(store.db, "version-a")
    with store.db.transaction() as tx:
        cache.put(tx, "art1", key, ENTRY)
    with store.db.transaction() as tx:
        store.delete(tx, "art1")
    assert store.db.query("SELECT count(*) FROM tokens") == [(0,)]
