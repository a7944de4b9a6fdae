"""Shared fixtures: one Kiwi per test session, a tokenizer, an engine factory and the fake Bot API.

Kiwi takes about a second to load, so every test shares the session-scoped
``kiwi``; ``make_engine(folder)`` opens an :class:`index.engine.Engine` on a
corpus folder (``tmp_path / "corpus"`` when no folder is given).
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "tests" / "index" / "fixtures" / "000_6889fb97133f14de.txt"  # copy of ../shared/seed/
KORQUAD_PATH = ROOT.parent / "shared" / "eval" / "KorQuAD_v1.0_dev.json"  # optional, read-only


@pytest.fixture
async def fake():
    """A started fake Bot API on 127.0.0.1 (tests/fakebot), stopped after the test."""
    from tests.fakebot import FakeTelegram

    server = FakeTelegram()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture(scope="session")
def kiwi():
    from index.text.tokenize import load_kiwi

    return load_kiwi()


@pytest.fixture(scope="session")
def tokenizer(kiwi):
    from index.text.tokenize import Tokenizer

    return Tokenizer(kiwi)


@pytest.fixture
def make_engine(tmp_path, tokenizer):
    """``make_engine(corpus_dir=None, tok=None, rank_params=None, retention=Retention()) -> Engine``."""
    from index.engine import Engine
    from index.models import Retention

    def make(corpus_dir: Path | None = None, tok=None, rank_params=None, retention=Retention()):
        folder = Path(corpus_dir) if corpus_dir is not None else tmp_path / "corpus"
        return Engine.open(folder, tok or tokenizer, rank_params, retention=retention)

    return make


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed article as copied from the web (boilerplate and all)."""
    return SEED_PATH


@pytest.fixture(scope="session")
def korquad_path() -> Path:
    if not KORQUAD_PATH.is_file():
        pytest.skip(f"KorQuAD dev set not available at {KORQUAD_PATH} (../shared is optional)")
    return KORQUAD_PATH


def _hypothesis_profiles() -> None:
    """CI runs the property tests derandomized (reproducible); locally they explore new cases."""
    import os

    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")


_hypothesis_profiles()
