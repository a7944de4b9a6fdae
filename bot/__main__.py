"""``python -m bot``: poll Telegram (or serve a webhook), or chat in the terminal when no token is set."""
from __future__ import annotations

import secrets
import sys

from bot.app import run
from bot.console import run_console
from bot.logs import setup_logging
from bot.service import Service
from index.settings import Settings


def main() -> int:
    settings = Settings()
    webhook_secret = settings.webhook_secret_value
    if settings.webhook_url and not webhook_secret:
        webhook_secret = secrets.token_urlsafe(32)  # Telegram learns it from setWebhook; nobody else can post
    token = settings.token or ""
    setup_logging(settings.log_level, [token, token.partition(":")[2], webhook_secret or ""])
    service = Service(settings)
    if settings.token:
        run(settings, service, webhook_secret)
        return 0
    return run_console(settings, service)


if __name__ == "__main__":
    sys.exit(main())
