"""The bot's state in the corpus database: stored answers (``questions``) and votes (``feedback``).

The same interfaces as the JSON-lines backend (:class:`~bot.state.AnswerStore`,
:class:`~bot.state.VoteStore`); one row per answer and one per (answer, user)
vote, so a second press changes a row instead of adding one. The bot and the
CLI share the database file safely (SQLite transactions).
"""
from __future__ import annotations

from pathlib import Path

from bot.state import ANSWERS_KEPT, BotState, StoredAnswer, Tally, Vote, VoteRecord, read_records
from index.storage.db import DB_FILENAME, Database


class SqliteAnswers:
    """The newest ``keep`` answers; older ones are deleted as new ones come."""

    def __init__(self, db: Database, keep: int = ANSWERS_KEPT):
        self.db, self.keep = db, keep

    def put(self, answer: StoredAnswer) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO questions (answer_id, chat_id, question_message_id, asked_at, record) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (answer_id) DO UPDATE SET chat_id = excluded.chat_id, "
                "question_message_id = excluded.question_message_id, record = excluded.record",
                (answer.answer_id, answer.chat_id, answer.question_message_id, answer.time, answer.model_dump_json()),
            )
            tx.execute("DELETE FROM questions WHERE seq <= (SELECT max(seq) FROM questions) - ?", (self.keep,))

    def put_bold(self, answer_id: str, bold: dict[int, list[tuple[int, int]]]) -> None:
        """Store the bold read for some hits (by position) of a stored answer, and nothing else: where the
        answer was shown (:meth:`put` by ``remember``, perhaps meanwhile) is left as it is."""
        with self.db.transaction() as tx:
            row = tx.execute("SELECT record FROM questions WHERE answer_id = ?", (answer_id,)).fetchone()
            if row is None:
                return
            answer = StoredAnswer.model_validate_json(row[0]).with_bold(bold)
            tx.execute("UPDATE questions SET record = ? WHERE answer_id = ?", (answer.model_dump_json(), answer_id))

    def get(self, answer_id: str) -> StoredAnswer | None:
        record = self.db.scalar("SELECT record FROM questions WHERE answer_id = ?", (answer_id,))
        return StoredAnswer.model_validate_json(record) if record else None

    def for_question(self, chat_id: int, message_id: int) -> StoredAnswer | None:
        record = self.db.scalar(
            "SELECT record FROM questions WHERE chat_id = ? AND question_message_id = ? ORDER BY seq DESC LIMIT 1",
            (chat_id, message_id),
        )
        return StoredAnswer.model_validate_json(record) if record else None


class SqliteVotes:
    """Each user's current vote per answer (taking a vote back keeps the row, as NONE)."""

    def __init__(self, db: Database):
        self.db = db

    def current(self, answer_id: str, user_id: int) -> Vote:
        vote = self.db.scalar("SELECT vote FROM feedback WHERE answer_id = ? AND user_id = ?", (answer_id, user_id))
        return Vote(vote) if vote else Vote.NONE

    def record(self, vote: VoteRecord) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO feedback (answer_id, user_id, vote, changed_at, record) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, "
                "changed_at = excluded.changed_at, record = excluded.record",
                (vote.answer_id, vote.user_id, vote.vote.value, vote.time, vote.model_dump_json()),
            )

    def tally(self, answer_id: str) -> Tally:
        return self._count("WHERE answer_id = ?", (answer_id,))

    def totals(self) -> Tally:
        return self._count("", ())

    def _count(self, where: str, parameters: tuple) -> Tally:
        rows = dict(self.db.query(f"SELECT vote, count(*) FROM feedback {where} GROUP BY vote", parameters))
        return Tally(rows.get(Vote.UP.value, 0), rows.get(Vote.DOWN.value, 0))

    def recent(self, last: int) -> list[VoteRecord]:
        rows = self.db.query("SELECT record FROM feedback WHERE vote != ? ORDER BY changed_at DESC, rowid DESC LIMIT ?",
                             (Vote.NONE.value, last))
        return [VoteRecord.model_validate_json(record) for (record,) in reversed(rows)]


def import_old_votes(db: Database, votes: SqliteVotes, state_dir: Path) -> int:
    """Votes an earlier version kept in ``corpus/.bot/feedback.jsonl``, moved in once (then the file is renamed)."""
    path = state_dir / "feedback.jsonl"
    if not path.is_file():
        return 0
    records = read_records(path, VoteRecord)
    latest = {(r.answer_id, r.user_id): r for r in records}
    for record in latest.values():
        votes.record(record)
    path.rename(path.with_suffix(".jsonl.imported"))
    return len(latest)


def open_db_state(corpus_dir: Path, state_dir: Path, keep: int = ANSWERS_KEPT) -> BotState:
    db = Database(Path(corpus_dir) / DB_FILENAME)
    votes = SqliteVotes(db)
    import_old_votes(db, votes, state_dir)
    return BotState(SqliteAnswers(db, keep), votes)

