"""``python -m bot``: poll Telegram, or chat in the terminal when no token is set."""
from __future__ import annotations

import sys


def main() -> int:
    from bot.logs import setup_logging
    from bot.service import Service
    from bot.settings import Settings

    settings = Settings()
    setup_logging(settings.log_level, [settings.token or ""])
    service = Service(settings)
    if settings.token:
        from bot.app import run_polling

        run_polling(settings, service)
        return 0
    from bot.console import run_console

    return run_console(settings, service)


if __name__ == "__main__":
    sys.exit(main())
