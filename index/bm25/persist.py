"""An index's arrays as ``.npy`` files plus ``bm25.json`` (parameters and terms); no pickle."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

ARRAY_NAMES = ("offsets", "post_docs", "post_tfs", "doc_len", "alive", "df")


def write_index_files(directory: Path, arrays: dict[str, np.ndarray], meta: dict) -> list[str]:
    """Write ``arrays`` and ``meta``; returns the file names written."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        np.save(directory / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
    (directory / "bm25.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return [f"{name}.npy" for name in arrays] + ["bm25.json"]


def read_index_files(directory: Path, format_version: int) -> tuple[dict[str, np.ndarray], dict]:
    """The arrays and meta :func:`write_index_files` wrote; ValueError when the format differs."""
    meta = json.loads((directory / "bm25.json").read_text(encoding="utf-8"))
    if meta.get("format") != format_version:
        raise ValueError("bm25 format version mismatch")
    arrays = {name: np.load(directory / f"{name}.npy", allow_pickle=False) for name in ARRAY_NAMES}
    return arrays, meta
