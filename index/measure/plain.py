"""The plain baseline: BM25Okapi (k1=1.5, b=0.75) over sentences, nothing else.

Used by ``eval --plain`` and the benchmark to show what the ranker adds. Its
scores equal rank_bm25's (``BM25Index`` is exact); passages are built the
same way as the ranked engine's so only the ranking differs.
"""
from __future__ import annotations

import time

from index.bm25.okapi import BM25Index, BM25Params
from index.models import Answer, Hit
from index.search.passage import build_passage


class PlainEngine:
    def __init__(self, engine):
        self.engine = engine
        self.index = BM25Index(BM25Params(1.5, 0.75, 0.25))
        layout = engine.layout
        for slot, article_id in enumerate(layout.slot_ids):
            cached = engine.tokenize_articles([engine.article(article_id)])[0]
            self.index.add_documents(cached.tokens)
        self.index.compact()

    def ask(self, question: str, k: int = 3) -> Answer:
        started = time.perf_counter()
        tokens = self.engine.tokenizer.tokens(question)
        ids, values = self.index.top_k([(t, 1.0) for t in tokens], k)
        hits = []
        layout = self.engine.layout
        for doc, score in zip(ids.tolist(), values.tolist()):
            slot = layout.doc_slot[doc]
            article = self.engine.article(layout.slot_ids[slot])
            passage = build_passage(article.text, layout, doc, layout.sentence_range(slot), [], 400)
            start, end = layout.span(doc)
            hits.append(Hit(article_id=article.id, title=article.title, source=article.source,
                            published=article.published, url=article.url, passage=passage.text,
                            sentence=article.text[start:end], matched=[], score=score))
        return Answer(question=question, hits=hits, took_ms=(time.perf_counter() - started) * 1000)
