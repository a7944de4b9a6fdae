"""Which sentence belongs to which article: the bookkeeping beside the BM25 arrays."""
from __future__ import annotations

from array import array

import numpy as np


class Layout:
    """Sentence ids (BM25 document ids) mapped to articles, positions and text spans.

    Sentences of one article have consecutive ids; articles are numbered in
    the order they were indexed (``slot``), removed ones stay as dead slots.
    """

    def __init__(self) -> None:
        self.slot_ids: list[str] = []  # slot -> article id ("" when removed)
        self.slot_of: dict[str, int] = {}
        self.slot_first = array("q")  # first sentence id of each slot
        self.slot_count = array("i")
        self.doc_slot = array("i")  # sentence id -> slot
        self.doc_start = array("i")
        self.doc_end = array("i")
        self.doc_byte_start = array("i")  # the span in the text's UTF-8 bytes, -1 when not known
        self.doc_byte_end = array("i")

    def add_article(self, article_id: str, spans: list[tuple[int, int]], first_doc: int,
                    byte_spans: tuple[tuple[int, int], ...] = ()) -> int:
        slot = len(self.slot_ids)
        self.slot_ids.append(article_id)
        self.slot_of[article_id] = slot
        self.slot_first.append(first_doc)
        self.slot_count.append(len(spans))
        in_bytes = byte_spans if len(byte_spans) == len(spans) else [(-1, -1)] * len(spans)
        for (start, end), (byte_start, byte_end) in zip(spans, in_bytes):
            self.doc_slot.append(slot)
            self.doc_start.append(start)
            self.doc_end.append(end)
            self.doc_byte_start.append(byte_start)
            self.doc_byte_end.append(byte_end)
        return slot

    def remove_article(self, article_id: str) -> tuple[int, range] | None:
        slot = self.slot_of.pop(article_id, None)
        if slot is None:
            return None
        self.slot_ids[slot] = ""
        first = self.slot_first[slot]
        return slot, range(first, first + self.slot_count[slot])

    def sentence_range(self, slot: int) -> range:
        first = self.slot_first[slot]
        return range(first, first + self.slot_count[slot])

    def span(self, doc: int) -> tuple[int, int]:
        return self.doc_start[doc], self.doc_end[doc]

    def byte_span(self, doc: int) -> tuple[int, int]:
        """:meth:`span` in the UTF-8 bytes of the text ((-1, -1) when not known)."""
        return self.doc_byte_start[doc], self.doc_byte_end[doc]

    @property
    def live_slots(self) -> int:
        return len(self.slot_of)

    @property
    def dead_slots(self) -> int:
        return len(self.slot_ids) - len(self.slot_of)

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "slot_first": np.frombuffer(self.slot_first, dtype=np.int64),
            "slot_count": np.frombuffer(self.slot_count, dtype=np.int32),
            "doc_slot": np.frombuffer(self.doc_slot, dtype=np.int32),
            "doc_start": np.frombuffer(self.doc_start, dtype=np.int32),
            "doc_end": np.frombuffer(self.doc_end, dtype=np.int32),
            "doc_byte_start": np.frombuffer(self.doc_byte_start, dtype=np.int32),
            "doc_byte_end": np.frombuffer(self.doc_byte_end, dtype=np.int32),
        }

    @classmethod
    def from_arrays(cls, slot_ids: list[str], arrays: dict[str, np.ndarray]) -> "Layout":
        layout = cls()
        layout.slot_ids = list(slot_ids)
        layout.slot_of = {aid: i for i, aid in enumerate(slot_ids) if aid}
        layout.slot_first = array("q", arrays["slot_first"].astype(np.int64).tobytes())
        layout.slot_count = array("i", arrays["slot_count"].astype(np.int32).tobytes())
        layout.doc_slot = array("i", arrays["doc_slot"].astype(np.int32).tobytes())
        layout.doc_start = array("i", arrays["doc_start"].astype(np.int32).tobytes())
        layout.doc_end = array("i", arrays["doc_end"].astype(np.int32).tobytes())
        layout.doc_byte_start = array("i", arrays["doc_byte_start"].astype(np.int32).tobytes())
        layout.doc_byte_end = array("i", arrays["doc_byte_end"].astype(np.int32).tobytes())
        sizes = {len(layout.doc_start), len(layout.doc_end), len(layout.doc_byte_start), len(layout.doc_byte_end)}
        if len(layout.slot_first) != len(slot_ids) or sizes != {len(layout.doc_slot)}:
            raise ValueError("layout arrays do not match")
        return layout
