"""SpanSet answers as the scan it replaced, whatever spans it is given."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsdb.pipeline.spans import SpanSet

SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=40)


@given(SPANS)
def test_overlap_answers_match_a_scan(spans: list[tuple[int, int]]) -> None:
    """Taking spans as the mention stages do (a span goes in when it overlaps none taken), and
    adding some regardless (demonyms), every answer is the scan's."""
    taken = SpanSet()
    scanned: list[tuple[int, int]] = []
    for number, (start, end) in enumerate(spans):
        expected = any(start < e and s < end for s, e in scanned)
        assert taken.overlaps(start, end) == expected
        if number % 5 == 0:  # some go in whatever they overlap (demonyms), empty ones too
            taken.add(start, end)
            scanned.append((start, end))
        else:
            assert taken.take(start, end) == (not expected)
            if not expected:
                scanned.append((start, end))


def test_disjoint_spans_are_found_by_bisection() -> None:
    taken = SpanSet()
    for start in range(0, 1000, 10):
        assert taken.take(start, start + 5)
    assert taken.overlaps(503, 508) and taken.overlaps(498, 501)
    assert not taken.overlaps(505, 510) and not taken.overlaps(995, 1000)
    assert taken._scan is None  # never fell back to scanning
