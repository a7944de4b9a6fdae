"""An index on disk: one ``.npy`` file per array, ``terms.json`` and ``bm25.json``; no pickle.

Loading memory-maps the arrays (copy-on-write: nothing writes to them, and
a write would stay in memory, never reach the file): opening a
million-sentence index reads headers, not postings, and only the pages a
question touches become resident. The maps are writeable arrays to numba,
so the kernels compiled and cached for in-memory arrays serve them too; a
read-only map is another type, compiled again at the first question of
every new process (5.9 s on the news corpus, 15 s at 1M sentences). ``bm25.json`` holds the parameters, the counts the arrays
must agree with and a digest of ``terms.json``, so two indexes sharing one
vocabulary can be checked to agree without comparing every term.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

TERMS_FILE = "terms.json"
META_FILE = "bm25.json"


def write_index_files(directory: Path, arrays: dict[str, np.ndarray], meta: dict, terms: list[str]) -> list[str]:
    """Write ``arrays``, ``terms`` and ``meta`` (written last); returns the file names written."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, array in arrays.items():
        np.save(directory / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
    data = json.dumps(terms, ensure_ascii=False).encode("utf-8")
    (directory / TERMS_FILE).write_bytes(data)
    meta = {**meta, "n_terms": len(terms), "terms_digest": hashlib.blake2b(data, digest_size=16).hexdigest()}
    (directory / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return [f"{name}.npy" for name in arrays] + [TERMS_FILE, META_FILE]


def read_meta(directory: Path, format_version: int) -> dict:
    """``bm25.json``; ValueError when the format differs."""
    meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    if meta.get("format") != format_version:
        raise ValueError("bm25 format version mismatch")
    return meta


def read_terms(directory: Path, meta: dict) -> list[str]:
    terms = json.loads((directory / TERMS_FILE).read_text(encoding="utf-8"))
    if not isinstance(terms, list) or len(terms) != meta["n_terms"]:
        raise ValueError("bm25 terms do not match their params")
    return terms


def map_arrays(directory: Path, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The arrays memory-mapped copy-on-write (plain ndarray views: numba takes them as it takes any array)."""
    return {name: np.load(directory / f"{name}.npy", mmap_mode="c", allow_pickle=False).view(np.ndarray)
            for name in names}
