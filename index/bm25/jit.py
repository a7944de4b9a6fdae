"""Lazy numba compilation of the scoring loops.

Kernels are written as plain Python functions marked with :func:`kernel`.
Importing this package does not import numba (about half a second, plus its
memory): the first :func:`compile_kernels` call jit-compiles every marked
function (loaded from numba's on-disk cache after the first run) and puts
the compiled version in place of the Python one in its module, so kernels
that call each other (``kernels.tf_part`` from ``prune``) call compiled code.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Callable

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

        jit = numba.njit(cache=True, nogil=True)
        for function in _MARKED:
            setattr(sys.modules[function.__module__], function.__name__, jit(function))
        _done = True


def warmer(function: Callable[[], None]) -> Callable[[], None]:
    """Mark a function that calls kernels once on tiny inputs (so that they load before a question)."""
    _WARMERS.append(function)
    return function


def warm_up() -> None:
    """Compile (or load from numba's cache) every kernel and run each once."""
    compile_kernels()
    for function in _WARMERS:
        function()
