"""The one settings class (bot and CLI): environment variables and ``.env``, documented in ``.env.example``."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import urlparse

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.models import FeedOptions, Retention


_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    corpus_dir: Path = Path("corpus")
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_file_base_url: str = "https://api.telegram.org/file/bot"
    allow_private_urls: bool = False
    user_rate_limit: int = Field(default=6, ge=1, description="questions per user per window")
    user_rate_window: float = Field(default=10.0, gt=0, description="seconds")
    max_question_chars: int = Field(default=500, ge=10)
    sample_corpus: bool = True  # an empty corpus folder gets the bundled sample article at start
    corpus_reload_seconds: float = Field(default=5.0, ge=0, description="0 disables")
    log_level: str = "INFO"
    feed_poll_minutes: float = Field(default=15, ge=0, description="the bot polls due feeds this often; 0: never")
    feed_max_items: int = Field(default=20, ge=1, description="new items fetched per feed per poll")
    feed_host_delay: float = Field(default=1.0, ge=0, description="seconds between two requests to one host")
    feed_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, description="largest feed or page downloaded")
    keep_days: int = Field(default=0, ge=0, description="articles older than this many days leave; 0 keeps all")
    max_articles: int = Field(default=0, ge=0, description="at most this many articles, oldest leave first; 0: no limit")
    # Webhook mode (instead of polling) when webhook_url is set: Telegram posts updates to that
    # public HTTPS address, a reverse proxy forwards them to webhook_listen:webhook_port.
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None  # sent by Telegram in X-Telegram-Bot-Api-Secret-Token

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value):
        if value is None or value == "":
            return frozenset()
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            return frozenset(int(p) for p in parts)
        return frozenset(value)

    @field_validator("telegram_bot_token", "webhook_secret", mode="before")
    @classmethod
    def _empty_secret(cls, value):
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_alphabet(cls, value: SecretStr | None):
        if value is not None and not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str) -> str:
        value = value.strip()
        if value and (urlparse(value).scheme not in ("http", "https") or not urlparse(value).netloc):
            raise ValueError("WEBHOOK_URL must be an https:// address (or empty for polling)")
        return value

    @property
    def feed_options(self) -> FeedOptions:
        return FeedOptions(self.allow_private_urls, self.feed_max_items, self.feed_host_delay, self.feed_max_bytes)

    @property
    def retention(self) -> Retention:
        return Retention(self.keep_days, self.max_articles)

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def webhook_secret_value(self) -> str | None:
        return self.webhook_secret.get_secret_value() if self.webhook_secret else None

    @property
    def webhook_path(self) -> str:
        """The path the webhook listener serves: the path of ``webhook_url``."""
        return urlparse(self.webhook_url).path or "/"

    @property
    def state_dir(self) -> Path:
        """Bot state (feedback, recent questions), kept beside the corpus."""
        return self.corpus_dir / ".bot"
