"""Lining up two sequences of lines (a template's and a body's) in near-linear time.

difflib's SequenceMatcher alone is quadratic on lines that repeat (every blank line, every
`- [ ]` of a long checklist): 10,000 items took seconds, 100,000 minutes. Here the common
head and tail are matched first, then lines found exactly once on each side anchor the
rest (patience diff); only the short stretches between anchors go to SequenceMatcher, and
a long stretch without any anchor is matched greedily in order. Pure.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher

# Above this (lines of one side times lines of the other), a stretch without anchors is
# matched greedily rather than by SequenceMatcher, whose cost grows with the product.
EXACT_LIMIT = 50_000

Pairs = list[tuple[int, int]]


def matching_lines(a: list[str], b: list[str]) -> Pairs:
    """Pairs (i, j) with a[i] == b[j], increasing on both sides."""
    pairs: Pairs = []
    stretches = [(0, len(a), 0, len(b))]
    while stretches:  # a stack, not recursion: a long body must not run out of it
        alo, ahi, blo, bhi = stretches.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            pairs.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            pairs.append((ahi - 1, bhi - 1))
            ahi, bhi = ahi - 1, bhi - 1
        if alo == ahi or blo == bhi:
            continue
        anchors = _unique_anchors(a, b, alo, ahi, blo, bhi)
        if anchors:
            pairs.extend(anchors)
            ends = [(alo - 1, blo - 1), *anchors, (ahi, bhi)]
            stretches.extend((i + 1, next_i, j + 1, next_j)
                             for (i, j), (next_i, next_j) in zip(ends, ends[1:], strict=False))
        elif (ahi - alo) * (bhi - blo) <= EXACT_LIMIT:
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            pairs.extend((alo + block.a + k, blo + block.b + k)
                         for block in matcher.get_matching_blocks() for k in range(block.size))
        else:
            pairs.extend(_greedy(a, b, alo, ahi, blo, bhi))
    return sorted(pairs)


def _unique_anchors(a: list[str], b: list[str], alo: int, ahi: int, blo: int,
                    bhi: int) -> Pairs:
    """Lines found once in each stretch, the longest run of them in the same order on
    both sides (patience sorting: a longest increasing subsequence)."""
    in_a = Counter(a[alo:ahi])
    in_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if in_b[b[j]] == 1 and in_a[b[j]] == 1}
    candidates = [(i, where_b[a[i]]) for i in range(alo, ahi) if a[i] in where_b]
    # Longest increasing subsequence of the b positions, in O(n log n).
    tails: list[int] = []  # tails[k]: the smallest b position ending a run of length k + 1
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, j) in enumerate(candidates):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k], tail_index[k] = j, index
        previous.append(tail_index[k - 1] if k else -1)
    run: Pairs = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(candidates[index])
        index = previous[index]
    return run[::-1]


def _greedy(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int) -> Pairs:
    """Each line of `a` with the next equal line of `b` after the last match."""
    positions: dict[str, list[int]] = {}
    for j in range(blo, bhi):
        positions.setdefault(b[j], []).append(j)
    pairs: Pairs = []
    after = blo
    for i in range(alo, ahi):
        found = positions.get(a[i])
        if found:
            k = bisect_left(found, after)
            if k < len(found):
                pairs.append((i, found[k]))
                after = found[k] + 1
    return pairs
