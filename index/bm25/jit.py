"""Lazy numba compilation of the scoring loops.

Kernels are written as plain Python functions marked with :func:`kernel`.
Importing this package does not import numba (about half a second, plus its
memory): the first :func:`compile_kernels` call jit-compiles every marked
function (loaded from numba's on-disk cache after the first run) and puts
the compiled version in place of the Python one in its module, so kernels
that call each other (``kernels.tf_part`` from ``prune``) call compiled code.
"""
from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Callable
from pathlib import Path

_MARKED: list[Callable] = []
_WARMERS: list[Callable[[], None]] = []
_lock = threading.Lock()
_done = False


def kernel(function: Callable) -> Callable:
    """Mark ``function`` for compilation; until then it stays plain Python (slow, but correct)."""
    _MARKED.append(function)
    return function


def compile_kernels() -> None:
    """Replace every marked function by its numba-compiled version (once per process)."""
    global _done
    if _done:
        return
    with _lock:
        if _done:
            return
        import numba  # heavy (about half a second): loaded on the first score, so a CLI add never pays it

        numba.config.CACHE_DIR = str(cache_dir(numba.config.CACHE_DIR))
        jit = numba.njit(cache=True, nogil=True)
        for function in _MARKED:
            setattr(sys.modules[function.__module__], function.__name__, jit(function))
        _done = True


def cache_dir(base: str = "") -> Path:
    """Where numba caches the kernels: a folder per digest of every kernel module's source, under ``base``
    (``NUMBA_CACHE_DIR``) or this package's ``__pycache__``.

    numba checks a cached kernel against its own file only, and a kernel compiles the kernels it calls (from
    other files) into its own code: after ``lookup.py`` changed, ``prune.taat_top`` would load its old copy of
    ``lookup``'s kernels. A new digest is a new folder, so nothing stale is loaded.
    """
    digest = hashlib.sha1()
    for path in sorted({sys.modules[function.__module__].__file__ for function in _MARKED}):
        digest.update(Path(path).read_bytes())
    root = Path(base) if base else Path(__file__).resolve().parent / "__pycache__"
    return root / f"kernels-{digest.hexdigest()[:16]}"


def warmer(function: Callable[[], None]) -> Callable[[], None]:
    """Mark a function that calls kernels once on tiny inputs (so that they load before a question)."""
    _WARMERS.append(function)
    return function


def warm_up() -> None:
    """Compile (or load from numba's cache) every kernel and run each once."""
    compile_kernels()
    for function in _WARMERS:
        function()
