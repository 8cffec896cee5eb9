"""Near-duplicate texts: MinHash signatures over word shingles, with LSH banding.

Two copies of one commentary differ by a fixed typo, a dropped boilerplate sentence
or different markup; their 5-word shingle sets overlap far more than two different
commentaries on one topic do. A MinHash signature estimates that overlap (Jaccard
similarity) in constant space; banding finds candidate pairs without comparing every
pair.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

SHINGLE = 5
PERMUTATIONS = 128
BANDS = 32  # 32 bands × 4 rows: pairs above ~0.6 Jaccard nearly always meet in a band
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20170206)
_A = _rng.integers(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)

# At or above MERGE the two texts are one commentary; between REPORT and MERGE they
# are reported for an editor to look at.
MERGE = 0.8
REPORT = 0.5


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """Hashes of the overlapping ``size``-word runs of the lower-cased text."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {
        zlib.crc32(" ".join(words[i : i + size]).encode()) for i in range(len(words) - size + 1)
    }


def signature(text: str) -> np.ndarray:
    """A MinHash signature (PERMUTATIONS unsigned integers) of the text's shingles."""
    values = np.fromiter(shingles(text), dtype=np.uint64)
    if values.size == 0:
        return np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    # (a * x + b) mod p for every permutation and shingle; uint64 products wrap, which
    # keeps them well mixed, and the modulus folds them into one range.
    hashed = (np.outer(_A, values) + _B[:, None]) % _PRIME
    return hashed.min(axis=1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts behind the signatures."""
    return float(np.mean(a == b))


class Index:
    """Signatures by key, with band buckets for finding likely duplicates quickly."""

    def __init__(self) -> None:
        self._signatures: dict[object, np.ndarray] = {}
        self._buckets: dict[tuple[int, bytes], list[object]] = defaultdict(list)
        self._rows = PERMUTATIONS // BANDS

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: object, sig: np.ndarray) -> None:
        self._signatures[key] = sig
        for band in range(BANDS):
            chunk = sig[band * self._rows : (band + 1) * self._rows].tobytes()
            self._buckets[(band, chunk)].append(key)

    def remove(self, key: object) -> None:
        sig = self._signatures.pop(key, None)
        if sig is None:
            return
        for band in range(BANDS):
            chunk = sig[band * self._rows : (band + 1) * self._rows].tobytes()
            bucket = self._buckets.get((band, chunk))
            if bucket and key in bucket:
                bucket.remove(key)

    def candidates(self, sig: np.ndarray) -> set[object]:
        found: set[object] = set()
        for band in range(BANDS):
            chunk = sig[band * self._rows : (band + 1) * self._rows].tobytes()
            found.update(self._buckets.get((band, chunk), ()))
        return found

    def best_match(
        self, sig: np.ndarray, exclude: Iterable[object] = ()
    ) -> tuple[object, float] | None:
        """The most similar indexed key and its similarity, or None if nothing is near."""
        skip = set(exclude)
        best: tuple[object, float] | None = None
        for key in self.candidates(sig):
            if key in skip:
                continue
            score = similarity(sig, self._signatures[key])
            if best is None or score > best[1]:
                best = (key, score)
        return best
