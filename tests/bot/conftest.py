"""Fixtures for driving the real bot Application against the fake Bot API server."""
from __future__ import annotations

import shutil
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from telegram import Update

from bot.app import build_application
from bot.service import Service
from index.settings import Settings
from index.text.tokenize import Tokenizer
from tests.corpus import seeded_corpus
from tests.fakebot import FakeTelegram

REPO = Path(__file__).resolve().parents[2]
ADMIN = 42
USER = 7


@pytest.fixture(scope="session")
def shared_kiwi(kiwi):
    """The session's one Kiwi (tests/conftest.py), under the name the bot tests use."""
    return kiwi


@pytest.fixture
def corpus_dir(tmp_path, shared_kiwi) -> Path:
    """A corpus holding the bundled sample article."""
    return seeded_corpus(tmp_path / "corpus", Tokenizer(shared_kiwi))


def offline_settings(corpus_dir: Path, **overrides) -> Settings:
    """Settings for a Service driven without Telegram (no token, no HTTP)."""
    values = dict(admin_ids=str(ADMIN), corpus_dir=corpus_dir, sample_corpus=False, corpus_reload_seconds=0)
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
async def service(corpus_dir, shared_kiwi) -> Service:
    """A started Service on a copy of the bundled corpus."""
    started = Service(offline_settings(corpus_dir), kiwi_loader=lambda: shared_kiwi)
    await started.start()
    return started


def make_settings(fake: FakeTelegram, corpus_dir: Path, **overrides) -> Settings:
    values = dict(
        telegram_bot_token=fake.token,
        admin_ids=str(ADMIN),
        corpus_dir=corpus_dir,
        telegram_api_base_url=fake.base_url,
        telegram_file_base_url=fake.base_file_url,
        allow_private_urls=True,
        corpus_reload_seconds=0,
        sample_corpus=False,
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


@asynccontextmanager
async def running_bot(fake: FakeTelegram, corpus_dir: Path, kiwi, **overrides):
    """The real Application in real polling mode, pointed at the fake server."""
    settings = make_settings(fake, corpus_dir, **overrides)
    application = build_application(settings, Service(settings, kiwi_loader=lambda: kiwi))
    fake.add_chat(ADMIN)  # the admin has opened the bot's chat, so the admin menu can be set at start
    await application.initialize()
    await application.post_init(application)
    await application.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES)
    await application.start()
    try:
        yield application
    finally:
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()


@pytest.fixture
async def bot(fake, corpus_dir, shared_kiwi):
    async with running_bot(fake, corpus_dir, shared_kiwi) as application:
        yield application
