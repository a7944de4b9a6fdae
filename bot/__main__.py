"""``python -m bot``: poll Telegram, or chat in the terminal when no token is set."""
from __future__ import annotations

import sys

from bot.app import run_polling
from bot.console import run_console
from bot.logs import setup_logging
from bot.service import Service
from index.settings import Settings


def main() -> int:
    settings = Settings()
    setup_logging(settings.log_level, [settings.token or ""])
    service = Service(settings)
    if settings.token:
        run_polling(settings, service)
        return 0
    return run_console(settings, service)


if __name__ == "__main__":
    sys.exit(main())
