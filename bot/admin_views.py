"""Admin views of the index and its users: /stats, /reload, /feedback, /synonym."""
from __future__ import annotations

import asyncio

from bot import format as fmt
from bot.service import Service
from bot.texts import Lang, t

# CorpusStats fields and their labels, in the order shown (a test checks every field has one).
STAT_LABELS = {
    "articles": "stat_articles",
    "sentences": "stat_sentences",
    "terms": "stat_sentence_terms",
    "postings": "stat_sentence_postings",
    "avg_sentence_tokens": "stat_sentence_avgdl",
    "removed_chars": "stat_removed_chars",
    "raw_chars": "stat_raw_chars",
    "over_cleaned": "stat_over_cleaned",
    "retention_removed": "stat_retention_removed",
    "feeds": "stat_feeds",
    "tokenizer": "stat_tokenizer",
    "cleaner": "stat_cleaner",
}
RECENT_VOTES = 10


def synonym_words(text: str) -> list[str]:
    return [w.strip() for w in text.replace("，", ",").split(",") if w.strip()]


def _number(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


class AdminViews:
    def __init__(self, service: Service):
        self.service = service

    async def run(self, name: str, args: str, lang: Lang) -> str:
        if name == "stats":
            return await self.stats(lang)
        if name == "reload":
            before, after = await asyncio.to_thread(self.service.engine.reload)
            return t(lang, "reloaded", before=before, after=after)
        if name == "feedback":
            return self.feedback(lang)
        return await self.synonym(args, lang)

    async def stats(self, lang: Lang) -> str:
        figures = await asyncio.to_thread(self.service.engine.stats)
        lines = [t(lang, "stats_header")]
        for key, value in figures.model_dump().items():
            if key in STAT_LABELS:
                label = fmt.strip_html(t(lang, STAT_LABELS[key]))
                lines.append(t(lang, "stats_line", label=label, value=_number(value)))
        totals = self.service.state.votes.totals()
        lines.append(t(lang, "stats_votes", up=totals.up, down=totals.down))
        return "\n".join(lines)

    def feedback(self, lang: Lang) -> str:
        votes = self.service.state.votes
        totals = votes.totals()
        lines = [t(lang, "feedback_header", up=totals.up, down=totals.down)]
        recent = votes.recent(RECENT_VOTES)
        for item in reversed(recent):
            mark = "👍" if item.vote == "up" else "👎"
            ids = ", ".join(item.article_ids) or "-"
            lines.append(t(lang, "feedback_line", mark=mark, time=item.time[:16], question=fmt.shorten(item.question, 60), ids=ids))
        if not recent:
            lines.append(t(lang, "feedback_none"))
        return "\n".join(lines)

    async def synonym(self, args: str, lang: Lang) -> str:
        engine = self.service.engine
        action, _, rest = args.strip().partition(" ")
        action = action.lower()
        if action == "list":
            groups = [g for g in engine.synonyms.to_text().splitlines() if g.strip() and not g.startswith("#")]
            return "\n".join([t(lang, "synonym_list", count=len(groups))] + [fmt.escape(g) for g in groups])
        words = synonym_words(rest)
        if action not in ("add", "remove") or len(words) < 2:
            return t(lang, "synonym_usage")
        shown = ", ".join(words)
        if action == "add":
            added = await asyncio.to_thread(engine.add_synonyms, words)
            return t(lang, "synonym_added" if added else "synonym_exists", words=shown)
        removed = await asyncio.to_thread(engine.remove_synonyms, words)
        return t(lang, "synonym_removed" if removed else "synonym_missing", words=shown)
