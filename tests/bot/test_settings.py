"""Settings: every one documented in .env.example, parsed as the README says."""
from __future__ import annotations

import re
from pathlib import Path

from index.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_documents_every_setting():
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.MULTILINE))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_admin_ids_are_comma_separated_and_the_token_is_secret(monkeypatch):
    monkeypatch.setenv("ADMIN_IDS", "12, 34")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret-value")
    settings = Settings(_env_file=None)
    assert settings.admin_ids == {12, 34}
    assert settings.token == "123:secret-value"
    assert "secret-value" not in repr(settings) and "secret-value" not in str(settings.model_dump())


def test_no_token_means_console_mode(monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "  ")
    assert Settings(_env_file=None).token is None
