"""numba's kernel cache is one folder per digest of the kernel modules' sources (index.bm25.jit.cache_dir)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from index.bm25 import jit


def _load(path: Path, name: str, monkeypatch):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # cache_dir finds a kernel's file through its module
    spec.loader.exec_module(module)
    return module


def test_a_change_to_any_kernel_module_moves_the_cache(tmp_path, monkeypatch):
    caller, callee = tmp_path / "caller_kernels.py", tmp_path / "callee_kernels.py"
    caller.write_text("def outer(x):\n    return x + 1\n", encoding="utf-8")
    callee.write_text("def inner(x):\n    return x * 2\n", encoding="utf-8")
    marked = [_load(caller, "caller_kernels", monkeypatch).outer, _load(callee, "callee_kernels", monkeypatch).inner]
    monkeypatch.setattr(jit, "_MARKED", marked)
    before = jit.cache_dir(str(tmp_path / "cache"))
    assert before == jit.cache_dir(str(tmp_path / "cache"))  # the same sources, the same folder
    assert before.parent == tmp_path / "cache"
    callee.write_text("def inner(x):\n    return x * 3\n", encoding="utf-8")  # only the callee's file changes
    assert jit.cache_dir(str(tmp_path / "cache")) != before


def test_the_default_cache_sits_in_the_package_pycache():
    assert jit.cache_dir().parent == Path(jit.__file__).resolve().parent / "__pycache__"
