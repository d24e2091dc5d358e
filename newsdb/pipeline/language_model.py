"""py3langid's language model, with its byte automaton walked by numpy rather than byte by byte.

py3langid counts the byte n-grams of a text by walking a DFA one byte at a time in Python, which
is most of what identifying a language costs. The DFA of the model we ship is an Aho-Corasick
automaton over strings of at most ``WINDOW_BYTES`` bytes (checked over every transition: each
leads to the state of the longest suffix of its state's string plus the byte), so the state
after any byte depends only on the ``WINDOW_BYTES`` bytes ending there. numpy then takes every
position one step at a time, ``WINDOW_BYTES`` steps in all, and counts the features found in the
order py3langid does, so the scores are the same to the last bit.

That holds for the model it was checked on: another model or another py3langid gets the library
as it is. To check a new one, run ``python -m newsdb.pipeline.language_model`` (about 20 s) and
update ``CHECKED_MODEL_SHA256`` and ``CHECKED_LIBRARY_VERSION``.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

# The longest string of the automaton's states, in bytes.
WINDOW_BYTES = 6
# The model and library the window was checked on.
CHECKED_MODEL_SHA256 = "f4f4a2c3465ca1f081541037f9cac23021d68151c2f709c55ae5eedfca522963"
CHECKED_LIBRARY_VERSION = "0.4.0"


class WindowedIdentifier(LanguageIdentifier):
    """A py3langid identifier whose feature counts come from :meth:`features`."""

    __slots__ = ("_features", "_next", "_rows")

    def __init__(self, nb_ptc: Any, *args: Any, **kwargs: Any) -> None:
        # The weights as float32 (57 MB, the shipped float16 28 MB): numpy casts the float16
        # rows an article selects to float32 before each product anyway, which was half of the
        # time classifying took. The scores are the same: every float16 is exactly a float32.
        super().__init__(np.asarray(nb_ptc, dtype=np.float32), *args, **kwargs)

    def prepare_walk(self) -> None:
        """Keep the automaton as numpy arrays (the transition table is shared, not copied)."""
        self._next = np.frombuffer(self.tk_nextmove, dtype=np.uint32)
        self._rows = np.asarray(self._rowbase, dtype=np.intp)
        self._features = np.asarray(self.tk_output, dtype=np.intp)

    def features(self, data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """Return the features found in ``data`` and their counts, in order of first
        occurrence (as py3langid's ``visit_counts`` counts them); None if there are none."""
        codes = np.frombuffer(data, dtype=np.uint8).astype(np.intp)
        size = len(codes)
        states = np.zeros(size, dtype=np.intp)
        for back in range(min(WINDOW_BYTES, size) - 1, -1, -1):
            # Every position at once reads the byte ``back`` places before it.
            states[back:] = self._next[self._rows[states[back:]] + codes[: size - back]]
        found = self._features[states]
        found = found[found >= 0]
        if not len(found):
            return None
        features, first, counts = np.unique(found, return_index=True, return_counts=True)
        order = np.argsort(first)
        return features[order], counts[order].astype(np.float32)

    def _raw_score(self, text: bytes) -> np.ndarray:
        """py3langid's naive Bayes scores, from :meth:`features`."""
        visits = self.features(text)
        if visits is None:
            fill = 0.0 if self._norm_probs else float(np.finfo(np.float32).min)
            return np.full(len(self.nb_classes), fill, dtype=np.float32)
        features, counts = visits
        scores: np.ndarray = np.log1p(counts) @ self.nb_ptc[features] + self.nb_pc
        return scores


def check_window(identifier: LanguageIdentifier) -> int | None:
    """Return the window the identifier's automaton needs, or None if it is no Aho-Corasick
    automaton: each state a distinct string (its shortest path from the root), each transition
    to the longest suffix of the state's string plus the byte that is a state's string."""
    following = np.frombuffer(identifier.tk_nextmove, dtype=np.uint32)
    rows = np.asarray(identifier._rowbase, dtype=np.int64)
    size, every_byte = len(rows), np.arange(256, dtype=np.int64)
    depth = np.full(size, -1, np.int64)
    label = np.zeros(size, np.int64)  # the state's string, big-endian, one byte a digit
    depth[0], front = 0, np.array([0])
    while len(front):
        reached = following[rows[front][:, None] + every_byte].astype(np.int64).ravel()
        new = depth[reached] < 0
        states, first = np.unique(reached[new], return_index=True)
        depth[states] = depth[front[0]] + 1
        label[states] = (label[np.repeat(front, 256)[new][first]] * 256
                         + np.tile(every_byte, len(front))[new][first])
        front = states
    window = int(depth.max())
    if (depth < 0).any() or window > 6:  # a label must fit an int64 with its length
        return None
    keys = np.unique(depth * (1 << 48) + label)
    if len(keys) != size:
        return None
    for low in range(0, size, 4096):
        state = np.arange(low, min(size, low + 4096))
        target = following[rows[state][:, None] + every_byte].astype(np.int64).ravel()
        read = label[np.repeat(state, 256)] * 256 + np.tile(every_byte, len(state))
        length = depth[np.repeat(state, 256)] + 1
        ok = (depth[target] <= length) & (label[target]
                                          == read & ((1 << (8 * depth[target])) - 1))
        for suffix in range(1, window + 2):
            longer = (suffix > depth[target]) & (suffix <= length)
            key = suffix * (1 << 48) + (read[longer] & ((1 << (8 * suffix)) - 1))
            ok[longer] &= ~np.isin(key, keys)
        if not ok.all():
            return None
    return window


def load_identifier() -> LanguageIdentifier:
    """Load the model with normalized probabilities: windowed if it is the model checked."""
    path = Path(MODEL_DIR) / MODEL_FILE
    checked = (version("py3langid") == CHECKED_LIBRARY_VERSION
               and hashlib.sha256(path.read_bytes()).hexdigest() == CHECKED_MODEL_SHA256)
    if not checked:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier = WindowedIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.prepare_walk()
    return identifier


if __name__ == "__main__":
    model = LanguageIdentifier.from_model_file(MODEL_FILE)
    print(f"window: {check_window(model)} bytes; model sha256: "
          f"{hashlib.sha256((Path(MODEL_DIR) / MODEL_FILE).read_bytes()).hexdigest()}")
