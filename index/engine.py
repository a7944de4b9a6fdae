"""The searchable corpus: articles on disk, their tokens, and the BM25 indexes.

``Engine`` is the library's front door, used by the CLI and the bot alike.
Mutations and queries are serialised by one lock; tokenizing (the slow part)
happens outside it.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from index.bm25.kernels import warm_up
from index.bm25.okapi import BM25Index, BM25Params
from index.ingest.fetch import FetchError
from index.ingest.web import article_from_url
from index.models import AddResult, Answer, Article
from index.query.aliases import AliasTable, mine_aliases
from index.query.expand import load_lexicon, load_translit
from index.query.parse import QueryResources, parse_question
from index.query.synonyms import load_synonyms, save_synonyms
from index.query.vocabulary import IndexVocabulary
from index.query.words import answer_type
from index.search.layout import Layout
from index.search.ranker import RankParams, Ranker
from index.search.view import IndexView
from index.storage.cache import CachedTokens, TokenCache, article_key
from index.storage.snapshot import load_array, read_snapshot_params, save_arrays, write_snapshot
from index.storage.store import CorpusStore, is_safe_id, make_id
from index.text.clean import clean_field, clean_text, clean_title
from index.text.tokenize import Tokenizer

Progress = Callable[[int, int], None]


class Engine:
    def __init__(self, store: CorpusStore, tokenizer: Tokenizer, rank_params: RankParams | None = None):
        self.store = store
        self.tokenizer = tokenizer
        self.rank_params = rank_params or RankParams()
        self.cache = TokenCache(store.index_dir, tokenizer.version)
        self.lock = threading.RLock()
        self.seen_signature: tuple = ()
        self.indexing = True  # False: articles are stored and tokenized, the index is left to the next start
        self.synonyms_path = store.root / "synonyms.txt"
        self.synonyms = load_synonyms(self.synonyms_path if self.synonyms_path.is_file() else None)
        self._dictionaries: tuple[dict, dict] | None = None
        self._reset()

    def _reset(self) -> None:
        self.sentences = BM25Index(BM25Params(self.rank_params.k1, self.rank_params.b))
        self.articles_bm25 = BM25Index(BM25Params(self.rank_params.article_k1, self.rank_params.article_b))
        self.articles_bm25.vocab = self.sentences.vocab  # one vocabulary: term ids are shared
        self.layout = Layout()
        self.aliases = AliasTable()  # mined from the articles: 오픈에이아이(Open AI)
        self._keys: dict[str, str] = {}  # article id -> content key it was indexed with
        self.dirty = False

    @classmethod
    def open(
        cls, corpus_dir: Path, tokenizer: Tokenizer, rank_params: RankParams | None = None, index: bool = True
    ) -> "Engine":
        """The corpus with its index loaded; ``index=False`` only stores and tokenizes (a quick CLI add)."""
        engine = cls(CorpusStore(Path(corpus_dir)).load(), tokenizer, rank_params)
        engine.indexing = index
        if engine.store.root.is_dir():
            engine.store.sweep_leftovers()
        if index:
            warm_up()  # load the compiled scoring loops now, not on the first question
            engine.sync()
        engine.seen_signature = engine.store.signature()
        return engine

    # ---- start-up and reload ----------------------------------------------
    def _snapshot_expectation(self) -> dict:
        return {"tokenizer": self.tokenizer.version, "bm25": self.sentences.params.as_dict()}

    def sync(self, progress: Progress | None = None) -> None:
        """Bring the in-memory index in line with the articles on disk.

        The snapshot is rewritten when it was missing or stale by more than a
        few articles; a small difference is cheaper to re-apply from the token
        cache at each start than to rewrite every array.
        """
        with self.lock:
            from_snapshot = not self.layout.slot_ids and self._load_snapshot()
            wanted = {a.id: article_key(a.title, a.text) for a in self.store.articles.values()}
            stale = [a for a in self.layout.slot_of if a not in wanted or self._stale(a, wanted[a])]
            for article_id in stale:
                self._unindex(article_id)
        missing = [a for a in self.store.ordered() if a.id not in self.layout.slot_of]
        self._index_articles(missing, progress)
        with self.lock:
            if self.layout.dead_slots > max(100, self.layout.live_slots // 4):
                self._rebuild()
                from_snapshot = False
            small_change = len(stale) + len(missing) <= max(50, self.layout.live_slots // 50)
            if self.dirty and not (from_snapshot and small_change):
                self.save_snapshot()

    def _stale(self, article_id: str, key: str) -> bool:
        return self._keys.get(article_id) != key

    def reload(self) -> tuple[int, int]:
        """Reread the corpus folder (another process may have written to it); (articles before, after)."""
        with self.store.lock():
            with self.lock:
                before = len(self.layout.slot_of)
                self.store.load()
            self.sync()
            self.seen_signature = self.store.signature()
        return before, len(self.layout.slot_of)

    def changed_on_disk(self) -> bool:
        """Whether the corpus folder changed since this engine last read or wrote it."""
        return self.store.signature() != self.seen_signature

    def _load_snapshot(self) -> bool:
        """Load the saved index; False when there is none, or it cannot be trusted."""
        found = read_snapshot_params(self.store.index_dir, self._snapshot_expectation())
        if found is None:
            return False
        folder, _ = found
        try:
            catalog = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))
            sentences = BM25Index.load(folder / "sentences")
            articles = BM25Index.load(folder / "articles")
            names = ("slot_first", "slot_count", "doc_slot", "doc_start", "doc_end")
            layout = Layout.from_arrays([c[0] for c in catalog], {n: load_array(folder, n) for n in names})
            aliases = AliasTable.from_json((folder / "aliases.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return False
        if sentences.n_docs != len(layout.doc_slot) or articles.n_docs != len(layout.slot_ids):
            return False
        if articles.vocab != sentences.vocab:
            return False
        articles.vocab = sentences.vocab  # shared, as when built
        self.sentences, self.articles_bm25, self.layout, self.aliases = sentences, articles, layout, aliases
        self._keys = {c[0]: c[1] for c in catalog if c[0]}
        return True

    def _rebuild(self) -> None:
        """Drop dead slots by re-indexing live articles from the token cache."""
        articles = [self.store.articles[a] for a in self.layout.slot_ids if a in self.store.articles]
        self._reset()
        self._index_articles(articles, None)

    def save_snapshot(self) -> None:
        with self.lock:
            def fill(folder: Path) -> dict:
                self.sentences.save(folder / "sentences")
                self.articles_bm25.save(folder / "articles")
                catalog = [[aid, self._keys.get(aid, "")] for aid in self.layout.slot_ids]
                (folder / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
                save_arrays(folder, **self.layout.arrays())
                (folder / "aliases.json").write_text(self.aliases.to_json(), encoding="utf-8")
                return self._snapshot_expectation()

            write_snapshot(self.store.index_dir, fill)
            self.dirty = False

    # ---- tokenizing and indexing --------------------------------------------
    def tokenize_articles(self, articles: list[Article]) -> list[CachedTokens]:
        """Token cache entries for ``articles``: from the cache, or made in one Kiwi pass."""
        keys = [article_key(a.title, a.text) for a in articles]
        found = [self.cache.get(a.id, k) for a, k in zip(articles, keys)]
        todo = [i for i, cached in enumerate(found) if cached is None]
        if todo:
            titles = self.tokenizer.tokens_many([articles[i].title for i in todo])
            splits = self.tokenizer.split_many([articles[i].text for i in todo])
            for i, title_tokens, spans in zip(todo, titles, splits):
                cached = CachedTokens(
                    title_tokens,
                    [(s.start, s.end) for s in spans],
                    [s.tokens for s in spans],
                    tuple(mine_aliases(articles[i].title + "\n" + articles[i].text)),
                )
                self.cache.put(articles[i].id, keys[i], cached)
                found[i] = cached
        return found  # type: ignore[return-value]

    def _index_articles(self, articles: list[Article], progress: Progress | None, batch: int = 512) -> None:
        """Index articles from the token cache (tokenizing what is missing), in one bulk step."""
        tokenized: list[CachedTokens] = []
        for start in range(0, len(articles), batch):
            tokenized.extend(self.tokenize_articles(articles[start : start + batch]))
            if progress:
                progress(min(start + batch, len(articles)), len(articles))
        with self.lock:
            self._index_batch(articles, tokenized)

    def _index_batch(self, articles: list[Article], tokenized: list[CachedTokens]) -> None:
        if not articles:
            return
        sentence_lists = [tokens for cached in tokenized for tokens in cached.tokens]
        if len(sentence_lists) < 64:
            docs = self.sentences.add_documents(sentence_lists)
            self.articles_bm25.add_documents(
                [list(c.title_tokens) + [t for tokens in c.tokens for t in tokens] for c in tokenized]
            )
        else:
            lengths, flat = self.sentences.term_ids(sentence_lists)
            docs = self.sentences.add_bulk_ids(lengths, flat)
            self.articles_bm25.add_bulk_ids(*self._article_ids(tokenized, lengths, flat))
        first = docs.start
        for article, cached in zip(articles, tokenized):
            self.layout.add_article(article.id, cached.spans, first)
            first += len(cached.spans)
            self.aliases.add_pairs(cached.aliases, article.id)
            self._keys[article.id] = article_key(article.title, article.text)
        self.dirty = True

    def _article_ids(self, tokenized: list[CachedTokens], lengths, flat):
        """Article documents (title + all sentences) as term ids, reusing the sentences' ids."""
        title_lengths, title_flat = self.sentences.term_ids([c.title_tokens for c in tokenized])
        counts = np.array([len(c.spans) for c in tokenized], dtype=np.int64)
        article_of_sentence = np.repeat(np.arange(len(tokenized)), counts)
        per_article = np.bincount(article_of_sentence, weights=lengths, minlength=len(tokenized)).astype(np.int64)
        body_ends, title_ends = np.cumsum(per_article), np.cumsum(title_lengths)
        pieces = []
        for i in range(len(tokenized)):
            pieces.append(title_flat[title_ends[i] - title_lengths[i] : title_ends[i]])
            pieces.append(flat[body_ends[i] - per_article[i] : body_ends[i]])
        return title_lengths + per_article, np.concatenate(pieces) if pieces else flat[:0]

    def _unindex(self, article_id: str) -> None:
        removed = self.layout.remove_article(article_id)
        if removed is None:
            return
        slot, docs = removed
        self.sentences.remove_documents(docs)
        self.articles_bm25.remove_documents([slot])
        self.aliases.remove_article(article_id)
        self._keys.pop(article_id, None)
        self.dirty = True

    # ---- adding and removing ------------------------------------------------
    def prepare(self, article: Article) -> Article:
        """Clean title and text (a headline repeated as the first paragraph goes), give it an id if none."""
        title = clean_title(article.title)
        text = clean_text(article.text)
        fields = {name: clean_field(getattr(article, name)) for name in ("id", "source", "published", "url", "author")}
        while text and "".join(text.split("\n\n", 1)[0].split()) == "".join(title.split()):
            text = text.split("\n\n", 1)[1] if "\n\n" in text else ""
        cleaned = article.model_copy(update={"title": title, "text": text, **fields})
        if not cleaned.id:
            cleaned.id = make_id(cleaned)
        return cleaned

    def add_articles(
        self,
        articles: Iterable[Article],
        progress: Progress | None = None,
        extra_urls: dict[str, tuple] | None = None,
        batch: int = 256,
    ) -> list[AddResult]:
        """Clean, check for duplicates, store and index, a batch at a time.

        Each article is written whole (atomically) or not at all, so an import
        killed half-way leaves a loadable corpus, and rerunning it adds only
        what is missing.
        """
        pending = list(articles)
        results: list[AddResult] = []
        for start in range(0, len(pending), batch):
            results.extend(self._add_batch(pending[start : start + batch], extra_urls or {}))
            if progress:
                progress(min(start + batch, len(pending)), len(pending))
        return results

    def _add_batch(self, raws: list[Article], extra_urls: dict[str, tuple]) -> list[AddResult]:
        with self.store.lock():
            results, fresh, seen = [], [], {}
            for raw in raws:
                article = self.prepare(raw)
                result = self._admit(article, seen, extra_urls.get(raw.url, ()))
                results.append(result)
                if result.status == "added":
                    fresh.append(article)
            tokenized = self.tokenize_articles(fresh)
            self.store.save_many(fresh)
            self.seen_signature = self.store.signature()
            if self.indexing:
                with self.lock:
                    self._index_batch(fresh, tokenized)
            counts = {article.id: len(cached.spans) for article, cached in zip(fresh, tokenized)}
        return [r._replace(sentences=counts[r.article_id]) if r.status == "added" else r for r in results]

    def _admit(self, article: Article, batch: dict[str, str], extra_urls: tuple = ()) -> AddResult:
        """Added, duplicate or skipped; ``batch`` maps the batch's ids, urls and hashes to ids."""
        if not is_safe_id(article.id):
            return AddResult("skipped", "", article.title, reason=f"invalid id {article.id!r}")
        if not article.title.strip():
            return AddResult("skipped", article.id, article.title, reason="empty title")
        if len(article.text.strip()) < 10:
            return AddResult("skipped", article.id, article.title, reason="empty text")
        keys = [f"id:{article.id}", f"hash:{article.content_hash()}"] + ([f"url:{article.url}"] if article.url else [])
        duplicate = self.store.find_duplicate(article, extra_urls) or next(
            (batch[k] for k in keys if k in batch), None
        )
        if duplicate is not None:
            return AddResult("duplicate", duplicate, article.title, reason=f"already in the corpus as {duplicate}")
        batch.update({k: article.id for k in keys})
        return AddResult("added", article.id, article.title)

    def add_article(self, article: Article, extra_urls: tuple = ()) -> AddResult:
        return self.add_articles([article], extra_urls={article.url: extra_urls})[0]

    def remove(self, article_id: str) -> Article | None:
        with self.store.lock():
            with self.lock:
                removed = self.store.remove(article_id)
                self._unindex(article_id)
                self.seen_signature = self.store.signature()
            self.cache.drop(article_id)
        return removed

    # ---- query expansion -----------------------------------------------------
    def query_resources(self) -> QueryResources:
        if self._dictionaries is None:
            self._dictionaries = (load_translit(), load_lexicon())
        translit, lexicon = self._dictionaries
        return QueryResources(translit, lexicon, self.synonyms, self.aliases)

    def add_synonyms(self, words: list[str]) -> bool:
        """Add a synonym group to the corpus's ``synonyms.txt`` (created from the defaults)."""
        with self.store.lock():
            with self.lock:
                if not self.synonyms.add_group(words):
                    return False
                save_synonyms(self.synonyms_path, self.synonyms)
        return True

    # ---- asking --------------------------------------------------------------
    def ask(self, question: str, k: int = 3, *, expand: bool = True) -> Answer:
        """The ``k`` best passages; ``expand=False`` searches the typed words only (no synonyms, aliases, English)."""
        started = time.perf_counter()
        resources = self.query_resources() if expand else None
        with self.lock:
            terms = parse_question(question, self.tokenizer, resources, IndexVocabulary(self.sentences))
            hits = Ranker(self.view(), self.rank_params).search(terms, k, answer_type(question))
        return Answer(question=question, hits=hits, took_ms=round((time.perf_counter() - started) * 1000, 3))

    def view(self) -> IndexView:
        """A read-only view of the index for the ranker (valid while the engine's lock is held)."""
        return IndexView(self.sentences, self.articles_bm25, self.layout, self.article)

    # ---- adding from the web -------------------------------------------------
    def add_url(self, url: str, *, allow_private: bool = False) -> AddResult:
        """Fetch and add one URL; raises FetchError with a clear message on failure."""
        known = self.store.find_url(url)
        if known:
            existing = self.store.articles[known]
            return AddResult("duplicate", known, existing.title, reason=f"already in the corpus as {known}")
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
                results.append(AddResult("skipped", "", url, reason=f"{url}: {error.message}"))
        return results, failed

    def article(self, article_id: str) -> Article | None:
        return self.store.articles.get(article_id)

    def stats(self) -> dict:
        with self.lock:
            return {
                "articles": self.layout.live_slots,
                "sentences": self.sentences.n_alive,
                **{f"sentence_{k}": v for k, v in self.sentences.stats().items() if k != "documents"},
                "tokenizer": self.tokenizer.version,
                "corpus": str(self.store.root),
            }
