"""The diff that turns a fix into an editor's edits: shortest, exact, in any file."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_wraps.fix.line_diff import changed_regions, line_after


def applied(old: list[str], new: list[str], regions: list[tuple[int, int, int, int]]) -> list[str]:
    out: list[str] = []
    at = 0
    for i1, i2, j1, j2 in regions:
        out += old[at:i1] + new[j1:j2]
        at = i2
    return out + old[at:]


def edit_distance(old: list[str], new: list[str]) -> int:
    """Lines removed plus lines inserted by a shortest edit (through the longest common
    subsequence, by dynamic programming)."""
    common = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            common[i][j] = (
                common[i + 1][j + 1] + 1 if old[i] == new[j]
                else max(common[i + 1][j], common[i][j + 1])
            )
    return len(old) + len(new) - 2 * common[0][0]


lines = st.lists(st.sampled_from(["\n", "    return wrapper\n", "def f():\n", "x\n"]), max_size=14)


@settings(max_examples=400)
@given(lines, lines)
def test_the_regions_make_the_new_text_with_a_shortest_edit(old: list[str], new: list[str]) -> None:
    regions = changed_regions(old, new)
    assert applied(old, new, regions) == new
    assert sum((i2 - i1) + (j2 - j1) for i1, i2, j1, j2 in regions) == edit_distance(old, new)
    for before, after in zip(regions, regions[1:]):
        assert before[1] < after[0] and before[3] < after[2]  # an equal line between


def test_a_decorator_and_an_import_are_two_insertions() -> None:
    old = ["def deco(func):\n", "    def wrapper():\n", "        return func()\n",
           "    return wrapper\n"]
    new = ["import functools\n", "def deco(func):\n", "    @functools.wraps(func)\n",
           *old[1:]]
    assert changed_regions(old, new) == [(0, 0, 0, 1), (1, 1, 2, 3)]
    assert changed_regions(old, old) == []
    assert changed_regions([], new) == [(0, 0, 0, 6)]


@settings(max_examples=400)
@given(lines, lines)
def test_a_line_left_as_it_was_is_found_where_it_now_stands(
    old: list[str], new: list[str]
) -> None:
    """``fix`` prints a finding it could not fix in the rewritten file's numbering, as it
    prints the findings left (a hostile pass saw two numberings in one output)."""
    regions = changed_regions(old, new)
    changed = {i for i1, i2, _, _ in regions for i in range(i1, i2)}
    kept = [i for i in range(len(old)) if i not in changed]
    # The lines left as they were keep their order, one for one, among the new lines.
    assert [line_after(regions, i + 1) for i in kept] == [
        j + 1 for j in range(len(new))
        if not any(j1 <= j < j2 for _, _, j1, j2 in regions)
    ]


def test_a_line_below_a_fix_moves_down_by_its_inserted_lines() -> None:
    old = ["def deco(func):\n", "    def wrapper():\n", "        return func()\n",
           "    return wrapper\n", "def other(func):\n", "    x = 1; y = 2\n"]
    new = ["import functools\n", old[0], "    @functools.wraps(func)\n", *old[1:]]
    regions = changed_regions(old, new)
    assert [line_after(regions, line) for line in (1, 2, 5, 6)] == [2, 4, 7, 8]
    removed = changed_regions(old, old[:1] + old[2:])
    assert [line_after(removed, line) for line in (1, 2, 3, 6)] == [1, 2, 2, 5]
