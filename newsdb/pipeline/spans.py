"""A set of text spans that answers "does this span overlap one of you?" in O(log n).

Choosing non-overlapping mentions checked each candidate against every span taken: quadratic,
and a text of thousands of names ("UN UN UN …", a list of delegates) took seconds."""

from __future__ import annotations

from bisect import bisect_left


class SpanSet:
    """Spans (start, end), sorted by start. While no two overlap and none is empty (the usual
    case), an overlap test is one bisection; otherwise it is the scan it replaces, with the
    same answers."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._scan: list[tuple[int, int]] | None = None

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span (s, e) has ``start < e`` and ``s < end``."""
        if self._scan is not None:
            return any(start < e and s < end for s, e in self._scan)
        # The spans starting before ``end``; disjoint and sorted, the last ends last.
        index = bisect_left(self._starts, end)
        return index > 0 and self._ends[index - 1] > start

    def take(self, start: int, end: int) -> bool:
        """Add the span unless it overlaps one already here; return whether it was added."""
        if self.overlaps(start, end):
            return False
        self._insert(start, end)
        return True

    def add(self, start: int, end: int) -> None:
        """Add the span, overlapping or not (the set then answers by scanning)."""
        if self._scan is None and self.overlaps(start, end):
            self._scan = list(zip(self._starts, self._ends, strict=True))
        self._insert(start, end)

    def _insert(self, start: int, end: int) -> None:
        if self._scan is None and end <= start:  # an empty span breaks the order of the ends
            self._scan = list(zip(self._starts, self._ends, strict=True))
        if self._scan is not None:
            self._scan.append((start, end))
            return
        index = bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)
