"""The built index on disk: a folder of ``.npy`` arrays and ``params.json``, swapped in whole.

``params.json`` is written last and holds the format, the versions the
snapshot was built with and, for every file, its size and a BLAKE2b digest
of samples of it (the first and last 64 KiB and 16 pages spread between).
A snapshot whose sizes, digests or versions do not match is ignored and
rebuilt. Sampling keeps the check within milliseconds at a million
sentences (a full checksum of 150 MB costs more than the whole start-up),
and it still sees what a crash leaves: a truncated or torn file, a file
from another snapshot, a damaged head or tail. Corruption of a middle page
between the samples is the one thing it can miss.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np

from index.storage.atomic import atomic_write_text

SNAPSHOT_FORMAT = 2
EDGE = 64 << 10  # bytes sampled at each end of a file
PAGES = 16  # pages sampled in between
PAGE = 4096


def file_digest(path: Path) -> str:
    """Size and a BLAKE2b digest of samples of the file (all of it when it is small)."""
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        digest.update(size.to_bytes(8, "little"))
        if size <= 2 * EDGE + PAGES * PAGE:
            digest.update(handle.read())
        else:
            starts = [0] + [EDGE + (size - 2 * EDGE) * i // (PAGES + 1) for i in range(1, PAGES + 1)] + [size - EDGE]
            for start, length in zip(starts, [EDGE] + [PAGE] * PAGES + [EDGE]):
                handle.seek(start)
                digest.update(handle.read(length))
    return f"{size}:{digest.hexdigest()}"


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
