"""Duplicate letters: exact copies and near-copies (the same letter reworded slightly).

Every letter is folded onto the earliest copy by its own timestamp (letters
without one come after those with one; ties go by file and record order).

- Exact: letters whose normalised text (case, spacing, punctuation ignored)
  is the same.
- Near: MinHash with locality-sensitive hashing, written with the standard
  library. A letter's shingles are its 3-word sequences, each hashed once with
  BLAKE2b (deterministic: no salt, no process-random ``hash()``). One-permutation
  MinHash keeps the smallest hash in each of 96 bins (empty bins filled from the
  next non-empty one, "rotation densification"), and the 96 minima are cut into
  32 bands of 3. Two letters sharing at least ``MIN_SHARED_BANDS`` (2) bands
  are candidates, and are the same letter when the Jaccard similarity of their
  shingle sets is at least ``NEAR_DUPLICATE_JACCARD`` (0.5). A pair at
  similarity J shares each band with probability J³, so it becomes a candidate
  with probability 0.996 at J = 0.6, 0.92 at 0.5, and 0.03 at 0.2.

Cost: each letter is hashed once and looked up in 32 buckets; only the first
copies ("originals") enter the buckets, and each bucket keeps at most
``BUCKET_LIMIT`` of them, so a letter is compared with at most 32 × 64
others: linear in the number of letters, never all pairs.
"""

import hashlib
import re
import unicodedata
from collections import Counter

from .record import normalise

SHINGLE_WORDS = 3
BINS = 96
BANDS = 32
ROWS = BINS // BANDS
NEAR_DUPLICATE_JACCARD = 0.5
BUCKET_LIMIT = 64
#: Letters sharing fewer bands than this are not compared.
MIN_SHARED_BANDS = 2
_EMPTY = 1 << 64


def words(text):
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())


def shingles(text):
    """The set of hashed 3-word shingles of ``text`` (the whole text when it is shorter)."""
    tokens = words(text)
    grams = {" ".join(tokens[i:i + SHINGLE_WORDS]) for i in range(max(1, len(tokens) - SHINGLE_WORDS + 1))}
    return {int.from_bytes(hashlib.blake2b(gram.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                           "big") for gram in grams}


def signature(hashes):
    """One-permutation MinHash of a set of 64-bit hashes: the smallest in each bin, an empty
    bin borrowing ``(value, distance)`` from the next non-empty bin (rotation densification)."""
    minima = [_EMPTY] * BINS
    for value in hashes:
        slot = value % BINS
        if value < minima[slot]:
            minima[slot] = value
    if hashes and _EMPTY in minima:
        own, following = list(minima), None
        for position in range(2 * BINS - 1, -1, -1):
            slot = position % BINS
            if own[slot] != _EMPTY:
                following = (own[slot], position)
            elif position < BINS:
                minima[slot] = (following[0], following[1] - position)
    return minima


def jaccard(first, second):
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)


def find_duplicates(letters):
    """``{id: id of the earliest copy}`` for every duplicate among ``letters``.

    ``letters`` are ``(id, sort_key, text)`` triples; ``sort_key`` orders them
    earliest first.
    """
    duplicates, exact, buckets, originals, rank = {}, {}, {}, {}, {}
    for letter_id, _key, text in sorted(letters, key=lambda letter: letter[1]):
        rank[letter_id] = len(rank)
        key = normalise(text)
        if key in exact:
            duplicates[letter_id] = exact[key]
            continue
        exact[key] = letter_id
        own = shingles(text)
        minima = signature(own)
        bands = [(band, tuple(minima[band * ROWS:(band + 1) * ROWS])) for band in range(BANDS)]
        shared = Counter(original for band in bands for original in buckets.get(band, ()))
        candidates = sorted((original for original, count in shared.items() if count >= MIN_SHARED_BANDS),
                            key=rank.__getitem__)
        match = next((original for original in candidates
                      if jaccard(own, shingles(originals[original])) >= NEAR_DUPLICATE_JACCARD), None)
        if match is not None:
            duplicates[letter_id] = match
            continue
        originals[letter_id] = text
        for band in bands:
            bucket = buckets.setdefault(band, [])
            if len(bucket) < BUCKET_LIMIT:
                bucket.append(letter_id)
    return duplicates
