"""The lines a fix changed, found in time that grows with the size of the change.

A fix inserts a decorator here, an import there, and removes a copy by hand: a handful of
lines in a file of thousands, and often a file of near-identical functions. ``difflib``'s
``SequenceMatcher`` without its junk heuristic grows with the square of such a file and
more (3,000 lines with 500 insertions: about a minute); with it, repeated lines count as
junk and the whole file comes back as one edit. Myers' greedy algorithm takes time in
proportion to the lines times the changes, and gives a shortest edit, so the editor gets
the few lines that changed, quickly. ``fix`` uses the same regions to say where a
finding it could not fix now stands in the rewritten file.
"""

from __future__ import annotations

from typing import Hashable, Sequence

#: ``(i1, i2, j1, j2)``: lines ``old[i1:i2]`` became ``new[j1:j2]`` (one side may be empty).
Region = tuple[int, int, int, int]


def changed_regions(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[Region]:
    """The regions where ``old`` and ``new`` differ, in order, with the equal lines
    between them left out, as ``SequenceMatcher.get_opcodes`` gives its non-equal ones."""
    start = 0
    while start < len(old) and start < len(new) and old[start] == new[start]:
        start += 1
    old_end, new_end = len(old), len(new)
    while old_end > start and new_end > start and old[old_end - 1] == new[new_end - 1]:
        old_end -= 1
        new_end -= 1
    moves = _shortest_edit(old[start:old_end], new[start:new_end])
    regions: list[Region] = []
    x = y = 0
    for next_x, next_y in moves:
        if (next_x - x, next_y - y) == (1, 1):  # an equal line: close the open region
            x, y = next_x, next_y
            continue
        if regions and regions[-1][1] == start + x and regions[-1][3] == start + y:
            first_old, _, first_new, _ = regions[-1]
            regions[-1] = (first_old, start + next_x, first_new, start + next_y)
        else:
            regions.append((start + x, start + next_x, start + y, start + next_y))
        x, y = next_x, next_y
    return regions


def line_after(regions: Sequence[Region], line: int) -> int:
    """Where the 1-based ``line`` of the old text stands in the new one: moved by the
    lines inserted and removed above it; a line inside a changed region stays at the
    same place within its replacement, or on its last line (after a removal: the line
    that follows it)."""
    index = line - 1
    shift = 0
    for old_start, old_end, new_start, new_end in regions:
        if old_end <= index:
            shift = new_end - old_end
        elif old_start <= index < old_end:
            return new_start + min(index - old_start, max(new_end - new_start - 1, 0)) + 1
        else:
            break
    return index + shift + 1


def _shortest_edit(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[tuple[int, int]]:
    """The points ``(x, y)`` of a shortest path from ``(0, 0)`` to ``(len(old),
    len(new))``, one step each: right (a line of ``old`` removed), down (a line of
    ``new`` inserted) or diagonal (an equal line). Myers (1986), forward, keeping the
    furthest point of each diagonal after each number of changes to walk back."""
    n, m = len(old), len(new)
    furthest: dict[int, int] = {1: 0}
    trace: list[dict[int, int]] = []
    for changes in range(n + m + 1):
        trace.append(dict(furthest))
        for diagonal in range(-changes, changes + 1, 2):
            if diagonal == -changes or (
                diagonal != changes and furthest[diagonal - 1] < furthest[diagonal + 1]
            ):
                x = furthest[diagonal + 1]  # down: a line inserted
            else:
                x = furthest[diagonal - 1] + 1  # right: a line removed
            y = x - diagonal
            while x < n and y < m and old[x] == new[y]:
                x, y = x + 1, y + 1
            furthest[diagonal] = x
            if x >= n and y >= m:
                return _walk_back(trace, n, m)
    raise AssertionError("a path always ends within n + m changes")


def _walk_back(trace: list[dict[int, int]], n: int, m: int) -> list[tuple[int, int]]:
    points: list[tuple[int, int]] = []
    x, y = n, m
    for changes in range(len(trace) - 1, -1, -1):
        furthest = trace[changes]
        diagonal = x - y
        if diagonal == -changes or (
            diagonal != changes and furthest[diagonal - 1] < furthest[diagonal + 1]
        ):
            previous = diagonal + 1
        else:
            previous = diagonal - 1
        previous_x = furthest[previous]
        previous_y = previous_x - previous
        while x > previous_x and y > previous_y:  # the equal lines of this step's snake
            points.append((x, y))
            x, y = x - 1, y - 1
        if changes > 0:
            points.append((x, y))
        x, y = previous_x, previous_y
    points.reverse()
    return points
