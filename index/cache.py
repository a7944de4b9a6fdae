"""Index state kept beside the corpus, in ``corpus/.index/``.

Everything here is derived from the articles and may be deleted at any time::

    .index/
      write.lock                 cross-process lock for writers (bot, CLI)
      tokens/<article id>.json   token cache: sentence spans and tokens of one
                                 article, keyed by content hash + tokenizer version
      snapshot/                  the built index, loaded at start-up
        params.json              written last: format, tokenizer version, BM25
                                 params and a BLAKE2b checksum of every file
        catalog.json             articles in index order: [id, content hash]
        sentences/ articles/     BM25 arrays (.npy) + bm25.json (terms, counts)
        doc_*.npy                per sentence: article number, position, span

A snapshot whose checksums or versions do not match is ignored and rebuilt
from the token cache, which is itself re-made per article when stale.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import NamedTuple

import numpy as np

from index.store import atomic_write_text

SNAPSHOT_FORMAT = 1
TOKEN_CACHE_FORMAT = 2  # part of the cache key: entries of another format are re-made


class CachedTokens(NamedTuple):
    """Sentences of one article as the tokenizer made them."""

    title_tokens: tuple[str, ...]
    spans: list[tuple[int, int]]
    tokens: list[tuple[str, ...]]
    aliases: tuple[tuple[str, str], ...] = ()  # (hangul, latin) pairs mined from the text


def article_key(title: str, text: str) -> str:
    return hashlib.sha256((title + "\n" + text).encode("utf-8")).hexdigest()[:32]


class TokenCache:
    def __init__(self, index_dir: Path, tokenizer_version: str):
        self.dir = index_dir / "tokens"
        self.version = f"{tokenizer_version}.{TOKEN_CACHE_FORMAT}"

    def _path(self, article_id: str) -> Path:
        return self.dir / f"{article_id}.json"

    def get(self, article_id: str, key: str) -> CachedTokens | None:
        try:
            data = json.loads(self._path(article_id).read_text(encoding="utf-8"))
            if data["tokenizer"] != self.version or data["key"] != key:
                return None
            spans = [(int(s), int(e)) for s, e in data["spans"]]
            tokens = [tuple(t) for t in data["tokens"]]
            if len(spans) != len(tokens):
                return None
            aliases = tuple((h, l) for h, l in data.get("aliases", []))
            return CachedTokens(tuple(data["title"]), spans, tokens, aliases)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, article_id: str, key: str, cached: CachedTokens) -> None:
        payload = {
            "tokenizer": self.version,
            "key": key,
            "title": list(cached.title_tokens),
            "spans": [list(span) for span in cached.spans],
            "tokens": [list(t) for t in cached.tokens],
            "aliases": [list(pair) for pair in cached.aliases],
        }
        # not fsynced: a torn cache file fails to parse or match and is simply re-made
        atomic_write_text(self._path(article_id), json.dumps(payload, ensure_ascii=False), durable=False)

    def drop(self, article_id: str) -> None:
        self._path(article_id).unlink(missing_ok=True)


def file_digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_snapshot(index_dir: Path, fill) -> None:
    """Build a snapshot in a fresh folder with ``fill(folder) -> params``, then swap it in."""
    final = index_dir / "snapshot"
    staging = index_dir / f"snapshot.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    params = fill(staging)
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    params["files"] = {str(p.relative_to(staging)): file_digest(p) for p in files}
    params["format"] = SNAPSHOT_FORMAT
    atomic_write_text(staging / "params.json", json.dumps(params, ensure_ascii=False, indent=1))
    retired = index_dir / f"snapshot.old-{os.getpid()}"
    if final.exists():
        os.replace(final, retired)
    os.replace(staging, final)
    shutil.rmtree(retired, ignore_errors=True)


def read_snapshot_params(index_dir: Path, expect: dict) -> tuple[Path, dict] | None:
    """The snapshot folder and its params when every file is whole and versions match."""
    folder = index_dir / "snapshot"
    try:
        params = json.loads((folder / "params.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if params.get("format") != SNAPSHOT_FORMAT:
        return None
    if any(params.get(key) != value for key, value in expect.items()):
        return None
    files = params.get("files") or {}
    for name, digest in files.items():
        path = folder / name
        if not path.is_file() or file_digest(path) != digest:
            return None
    return folder, params


def save_arrays(folder: Path, **arrays: np.ndarray) -> None:
    for name, array in arrays.items():
        np.save(folder / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)


def load_array(folder: Path, name: str) -> np.ndarray:
    return np.load(folder / f"{name}.npy", allow_pickle=False)
