"""The searchable corpus: articles in the database, their tokens, and the in-memory index.

``Engine`` is the library's front door, used by the CLI and the bot alike.
Every change to the articles is one database transaction; the in-memory index
follows it under the engine's lock. Tokenizing (the slow part) happens before
the transaction, outside every lock.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from index.bm25.kernels import warm_up
from index.engine.asking import answer_question
from index.engine.admit import Prepared, added, batch_keys, duplicate, prepare, refusal
from index.engine.live import Indexed, LiveIndex
from index.engine.memory import ArticleMemory
from index.ingest.fetch import FetchError
from index.ingest.web import article_from_url
from index.engine import upkeep
from index.models import AddResult, AddStatus, Answer, Article, CorpusStats, Period, Retention
from index.query.aliases import mine_aliases
from index.query.expand import load_lexicon, load_translit
from index.query.parse import QueryResources
from index.query.synonyms import load_synonyms, save_synonyms
from index.search.ranker import RankParams
from index.search.view import IndexView
from index.storage.articles import ArticleStore, CatalogEntry, StoredArticle, index_key
from index.storage.cache import CachedTokens, TokenCache
from index.storage.migrate import migrate_folder
from index.text.tokenize import SentenceSpan, Tokenizer, utf8_spans

Progress = Callable[[int, int], None]


class Engine:
    def __init__(self, store: ArticleStore, tokenizer: Tokenizer, rank_params: RankParams | None = None,
                 retention: Retention = Retention()):
        self.store = store
        self.tokenizer = tokenizer
        self.rank_params = rank_params or RankParams()
        self.retention = retention
        self.cache = TokenCache(store.db, tokenizer.version)
        self.lock = threading.RLock()
        self.indexing = True  # False: articles are stored and tokenized, the index is left to the next start
        self.synonyms_path = store.root / "synonyms.txt"
        self.synonyms = load_synonyms(self.synonyms_path if self.synonyms_path.is_file() else None)
        self._dictionaries: tuple[dict, dict] | None = None
        self.memory = ArticleMemory(store)
        self.live = LiveIndex(self.rank_params)

    # the index parts, for the measure layer and tests
    @property
    def sentences(self):
        return self.live.sentences

    @property
    def articles_bm25(self):
        return self.live.articles

    @property
    def layout(self):
        return self.live.layout

    @property
    def aliases(self):
        return self.live.aliases

    @classmethod
    def open(cls, corpus_dir: Path, tokenizer: Tokenizer, rank_params: RankParams | None = None, index: bool = True,
             retention: Retention = Retention()) -> "Engine":
        """The corpus with its index loaded; ``index=False`` only stores and tokenizes (a quick CLI add)."""
        engine = cls(ArticleStore(Path(corpus_dir)), tokenizer, rank_params, retention)
        engine.indexing = index
        migrate_folder(engine.store, engine.cache, tokenizer.version)
        upkeep.reclean(engine)
        upkeep.apply_retention(engine)
        if index:
            warm_up()  # load the compiled scoring loops now, not on the first question
            engine.sync()
        return engine

    def close(self) -> None:
        self.store.close()

    # ---- start-up and reload ----------------------------------------------
    @property
    def store_id(self) -> str:
        return self.store.db.meta("store_id")

    def sync(self, progress: Progress | None = None) -> None:
        """Bring the in-memory index in line with the database.

        Nothing changed since the snapshot: it is loaded and nothing else is
        read. Otherwise removed or edited articles are dropped and missing ones
        indexed from the token cache (tokenizing what it lacks). The snapshot is
        rewritten when it was missing or stale by more than a few articles.
        """
        generation = self.store.generation()
        with self.lock:
            from_snapshot = False
            if not self.live.layout.slot_ids:
                loaded = LiveIndex.load(self.store.index_dir, self.rank_params, self.tokenizer.version, self.store_id)
                if loaded is not None:
                    self.live, from_snapshot = loaded, True
            if self.live.generation == generation and not self.live.dirty:
                return
            catalog = self.store.catalog()
            wanted = {entry.article_id: entry.index_key for entry in catalog}
            stale = [a for a in self.live.layout.slot_of if wanted.get(a) != self.live.keys.get(a)]
            for article_id in stale:
                self.live.remove(article_id)
            self.forget_cached(stale)
        missing = [entry for entry in catalog if entry.article_id not in self.live]
        self._index_entries(missing, progress)
        with self.lock:
            if self.live.needs_compaction():
                self._rebuild(catalog)
                from_snapshot = False
            self.live.generation = generation
            small_change = len(stale) + len(missing) <= max(50, self.live.layout.live_slots // 50)
            if self.live.dirty and not (from_snapshot and small_change):
                self.save_snapshot()

    def reload(self) -> tuple[int, int]:
        """Catch up with what another process wrote; (articles before, after)."""
        before = self.live.layout.live_slots
        self.sync()
        return before, self.live.layout.live_slots

    def changed_on_disk(self) -> bool:
        """Whether the database changed since this engine's index last matched it."""
        return self.store.generation() != self.live.generation

    def _rebuild(self, catalog: list[CatalogEntry]) -> None:
        """Drop dead slots by re-indexing live articles from the token cache."""
        generation = self.live.generation
        self.live = LiveIndex(self.rank_params)
        self.live.generation = generation
        self._index_entries([e for e in catalog], None)

    def save_snapshot(self) -> None:
        with self.lock:
            self.live.save(self.store.index_dir, self.tokenizer.version, self.store_id)

    # ---- tokenizing and indexing --------------------------------------------
    def tokenize_articles(self, articles: list[Article]) -> list[CachedTokens]:
        """Tokens for ``articles`` in one Kiwi pass (titles, sentences, mined aliases)."""
        if not articles:
            return []
        titles = self.tokenizer.tokens_many([a.title for a in articles])
        splits = self.tokenizer.split_many([a.text for a in articles])
        return [self._cached(article, title_tokens, spans) for article, title_tokens, spans in zip(articles, titles, splits)]

    @staticmethod
    def _cached(article: Article, title_tokens: tuple[str, ...], sentences: list[SentenceSpan]) -> CachedTokens:
        spans = [(s.start, s.end) for s in sentences]
        return CachedTokens(title_tokens, spans, [s.tokens for s in sentences],
                            tuple(mine_aliases(article.title + "\n" + article.text)), utf8_spans(article.text, spans))

    def _index_entries(self, entries: list[CatalogEntry], progress: Progress | None, batch: int = 512) -> None:
        """Index stored articles from the token cache, tokenizing (and caching) what it lacks."""
        ready: list[Indexed] = []
        for start in range(0, len(entries), batch):
            chunk = entries[start : start + batch]
            found = self.cache.get_many([(e.article_id, e.index_key) for e in chunk])
            todo = [e for e in chunk if e.article_id not in found]
            if todo:
                stored = self.store.get_stored([e.article_id for e in todo])
                articles = [stored[e.article_id].article for e in todo if e.article_id in stored]
                made = self.tokenize_articles(articles)
                with self.store.db.transaction() as tx:
                    for article, cached in zip(articles, made):
                        key = stored[article.id].index_key
                        self.cache.put(tx, article.id, key, cached)
                        found[article.id] = cached
            ready += [Indexed(e.article_id, e.index_key, found[e.article_id], e.published) for e in chunk if e.article_id in found]
            if progress:
                progress(min(start + batch, len(entries)), len(entries))
        with self.lock:
            self.live.add(ready)

    # ---- adding and removing ------------------------------------------------
    def add_articles(self, articles: Iterable[Article], progress: Progress | None = None,
                     extra_urls: dict[str, tuple] | None = None, batch: int = 256) -> list[AddResult]:
        """Clean, check for duplicates, store and index, one transaction per batch.

        An import killed half-way leaves every committed batch whole and nothing
        of the batch in flight; rerunning it adds only what is missing.
        """
        pending = list(articles)
        results: list[AddResult] = []
        for start in range(0, len(pending), batch):
            results.extend(self._add_batch(pending[start : start + batch], extra_urls or {}))
            if progress:
                progress(min(start + batch, len(pending)), len(pending))
        if self.retention.active and any(r.status == AddStatus.ADDED for r in results):
            upkeep.apply_retention(self)
        return results

    def _add_batch(self, raws: list[Article], extra_urls: dict[str, tuple]) -> list[AddResult]:
        results: list[AddResult | None] = []
        fresh: list[tuple[int, Prepared, tuple]] = []
        seen: dict[str, str] = {}
        for raw in raws:
            prepared = prepare(raw)
            urls = tuple(extra_urls.get(raw.url, ()))
            problem = refusal(prepared) or self._duplicate_of(prepared, urls, seen)
            results.append(problem)
            if problem is None:
                seen.update({k: prepared.article.id for k in batch_keys(prepared.article)})
                fresh.append((len(results) - 1, prepared, urls))
        tokenized = self.tokenize_articles([p.article for _, p, _ in fresh])
        indexed: list[Indexed] = []
        with self.store.db.transaction() as tx:
            in_step = self.store.generation() == self.live.generation
            for (slot, prepared, urls), cached in zip(fresh, tokenized):
                again = self.store.find_duplicate(prepared.article, urls)  # another process may have added it
                if again is not None:
                    results[slot] = duplicate(prepared, again)
                    continue
                key = index_key(prepared.article.title, prepared.article.text)
                self.store.insert(tx, StoredArticle(prepared.article, key, prepared.removed_chars, prepared.raw_chars), urls)
                self.cache.put(tx, prepared.article.id, key, cached)
                indexed.append(Indexed(prepared.article.id, key, cached, prepared.article.published))
                results[slot] = added(prepared, len(cached.spans))
            if indexed:
                self.store.bump_generation(tx)
        if indexed and self.indexing:
            with self.lock:
                self.live.add(indexed)
                if in_step:
                    self.live.generation = self.store.generation()
        return results  # type: ignore[return-value]

    def add_tokenized(self, articles: list[Article], tokenized: list[CachedTokens], index: bool = True) -> None:
        """Store articles that are already cleaned and tokenized (benchmarks' replicated corpora), one transaction."""
        indexed = [Indexed(a.id, index_key(a.title, a.text), cached, a.published) for a, cached in zip(articles, tokenized)]
        with self.store.db.transaction() as tx:
            in_step = self.store.generation() == self.live.generation
            for article, item in zip(articles, indexed):
                self.store.insert(tx, StoredArticle(article, item.key, 0, 0))
                self.cache.put(tx, article.id, item.key, item.tokens)
            self.store.bump_generation(tx)
        if index:
            with self.lock:
                self.live.add(indexed)
                if in_step:
                    self.live.generation = self.store.generation()

    def _duplicate_of(self, prepared: Prepared, urls: tuple, seen: dict[str, str]) -> AddResult | None:
        existing = self.store.find_duplicate(prepared.article, urls)
        if existing is None:
            existing = next((seen[k] for k in batch_keys(prepared.article) if k in seen), None)
        return duplicate(prepared, existing) if existing is not None else None

    def add_article(self, article: Article, extra_urls: tuple = ()) -> AddResult:
        return self.add_articles([article], extra_urls={article.url: extra_urls})[0]

    def remove(self, article_id: str) -> Article | None:
        removed = self.remove_many([article_id])
        return removed[0] if removed else None

    def remove_many(self, article_ids: list[str], counter: str = "") -> list[Article]:
        """Remove articles from the database and the index in one transaction; ``counter`` is a meta tally."""
        stored = self.store.get_stored(article_ids)
        gone: list[Article] = []
        with self.store.db.transaction() as tx:
            in_step = self.store.generation() == self.live.generation
            for article_id in article_ids:
                if article_id in stored and self.store.delete(tx, article_id):
                    gone.append(stored[article_id].article)
            if gone:
                self.store.bump_generation(tx)
                if counter:
                    self.store.db.add_to_meta(tx, counter, len(gone))
        with self.lock:
            for article in gone:
                self.live.remove(article.id)
            self.forget_cached(a.id for a in gone)
            if gone and in_step:
                self.live.generation = self.store.generation()
        return gone

    # ---- adding from the web -------------------------------------------------
    def add_url(self, url: str, *, allow_private: bool = False) -> AddResult:
        """Fetch and add one URL; raises FetchError with a clear message on failure."""
        known = self.store.find_url(url)
        if known:
            existing = self.article(known)
            title = existing.title if existing else url
            return AddResult(AddStatus.DUPLICATE, known, title, reason=f"already in the corpus as {known}")
        article, aliases = article_from_url(url, allow_private=allow_private)
        return self.add_article(article, extra_urls=aliases)

    def add_urls(self, urls: list[str], *, allow_private: bool = False) -> tuple[list[AddResult], int]:
        """(results, number of failures); a URL that fails is reported as skipped."""
        results, failed = [], 0
        for url in urls:
            try:
                results.append(self.add_url(url, allow_private=allow_private))
            except FetchError as error:
                failed += 1
                results.append(AddResult(AddStatus.SKIPPED, "", url, reason=f"{url}: {error.message}"))
        return results, failed

    # ---- query expansion -----------------------------------------------------
    def query_resources(self) -> QueryResources:
        if self._dictionaries is None:
            self._dictionaries = (load_translit(), load_lexicon())
        translit, lexicon = self._dictionaries
        return QueryResources(translit, lexicon, self.synonyms, self.aliases)

    def add_synonyms(self, words: list[str]) -> bool:
        """Add a synonym group to the corpus's ``synonyms.txt`` (created from the defaults)."""
        with self.lock:
            if not self.synonyms.add_group(words):
                return False
            save_synonyms(self.synonyms_path, self.synonyms)
        return True

    def remove_synonyms(self, words: list[str]) -> bool:
        """Remove a synonym group (exactly these words) from the corpus's ``synonyms.txt``."""
        with self.lock:
            if not self.synonyms.remove_group(words):
                return False
            save_synonyms(self.synonyms_path, self.synonyms)
        return True

    # ---- asking --------------------------------------------------------------
    def ask(self, question: str, k: int = 3, *, expand: bool = True, period: Period | None = None,
            today: date | None = None) -> Answer:
        """The ``k`` best passages; ``expand=False`` searches the typed words only (no synonyms, aliases, English).

        Small talk gets no passages (``Answer.small_talk``). Time words are read
        against ``today`` (default: today in Korea) and filter or bias the
        search; ``period`` overrides the period they name.
        """
        return answer_question(self, question, k, expand=expand, period=period, today=today)

    def view(self) -> IndexView:
        """A read-only view of the index for the ranker (valid while the engine's lock is held)."""
        return self.live.view(self.article, self.articles_of, self.memory.cards_of, self.memory.excerpts_of)

    def article(self, article_id: str) -> Article | None:
        """An article by id, as answers show it (recently used ones from memory; see :meth:`articles_of`)."""
        return self.articles_of([article_id]).get(article_id)

    def articles_of(self, article_ids: list[str]) -> dict[str, Article]:
        """Articles by id, as answers show them (see :meth:`index.engine.memory.ArticleMemory.articles_of`)."""
        return self.memory.articles_of(article_ids)

    def forget_cached(self, article_ids: Iterable[str]) -> None:
        self.memory.forget(article_ids)

    # ---- upkeep --------------------------------------------------------------
    def stats(self) -> CorpusStats:
        return upkeep.stats(self)

    def reclean(self, everything: bool = False) -> int:
        """Clean again what an older cleaner made (``everything``: every article), re-index; how many changed."""
        changed = upkeep.reclean(self, everything=everything)
        if self.indexing:
            self.sync()
        return changed

    def seed_if_empty(self) -> int:
        return upkeep.seed_if_empty(self)

    def export_jsonl(self, out) -> int:
        return upkeep.export_jsonl(self, out)
