"""The callback-data codec: round trips, 64 bytes at most, anything else is None."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks import MAX_CALLBACK_BYTES, PageData, VoteData, parse_callback
from bot.state import Vote

answer_ids = st.text("0123456789abcdef", min_size=6, max_size=32)


@given(answer_ids, st.integers(0, 99), st.sampled_from([Vote.UP, Vote.DOWN]))
def test_round_trip_within_64_bytes(answer_id, page, vote):
    for data in (PageData(answer_id, page), VoteData(answer_id, page, vote)):
        encoded = data.encode()
        assert len(encoded.encode()) <= MAX_CALLBACK_BYTES
        assert parse_callback(encoded) == data


@given(st.text(max_size=80))
def test_anything_else_is_refused_or_parses_back_to_itself(text):
    parsed = parse_callback(text)
    assert parsed is None or parsed.encode() == text


def test_old_and_forged_buttons_are_refused():
    for data in ("m:abc123def456:1", "f:abc123def456:0:u", "p:ABC123DEF456:1", "p:abc123def456:x",
                 "v:abc123def456:0:x", "p:../../etc:1", "", None, "v:abc123def456:0:u:extra"):
        assert parse_callback(data) is None, data
