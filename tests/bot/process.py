"""``python -m bot`` as a real process against the fake Bot API, its output kept in a log file."""
from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from tests.bot.conftest import ADMIN, REPO


def this_checkout_env() -> dict[str, str]:
    """The environment with this checkout first on the import path.

    The process runs in a temporary folder, where ``import bot`` would otherwise find
    whichever copy of the project is installed in the virtualenv (an editable install
    of another checkout), not the code under test.
    """
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{path}" if path else str(REPO)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BotProcess:
    def __init__(self, fake, corpus_dir: Path, log_path: Path, **env: str):
        self.fake, self.corpus_dir, self.log_path = fake, corpus_dir, log_path
        self.env = env
        self.process = None

    async def start(self, ready_call: str = "setMyCommands"):
        env = {
            **this_checkout_env(),
            "TELEGRAM_BOT_TOKEN": self.fake.token,
            "TELEGRAM_API_BASE_URL": self.fake.base_url,
            "TELEGRAM_FILE_BASE_URL": self.fake.base_file_url,
            "ADMIN_IDS": str(ADMIN),
            "CORPUS_DIR": str(self.corpus_dir),
            "LOG_LEVEL": "DEBUG",
            **self.env,
        }
        log = open(self.log_path, "ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", stdout=log, stderr=log, env=env, cwd=self.corpus_dir.parent
        )
        log.close()
        since = len(self.fake.calls)
        await self.fake.wait_for_call(ready_call, timeout=60, since=since)

    async def stop(self, sig=None):
        import signal

        self.process.send_signal(sig or signal.SIGTERM)
        await asyncio.wait_for(self.process.wait(), timeout=30)

    def log(self) -> str:
        return self.log_path.read_bytes().decode("utf-8", "replace")
