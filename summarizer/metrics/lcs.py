"""Longest common subsequence, bit-parallel, giving exactly what rouge_score's DP gives.

Why hand-written: rouge_score fills an n*m table in pure Python (about 5 ms for one pair of 150-character summaries),
which alone would break the 30-second budget for 5,000 pairs. The bit-parallel recurrence (Hyyro, "Bit-parallel
LCS-length computation revisited", 2004) processes a whole table row per Python big-integer operation: about 100 times
faster. `lcs_ref_indices` also reproduces rouge_score's choice among equally long subsequences, which py-rouge (and so
the Dacon metric) shares, so summary-level ROUGE-L unions are identical. tests/metrics/test_rouge_score_equivalence.py
checks both against rouge_score on random inputs with many ties.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def match_masks(can: Sequence[Hashable]) -> dict[Hashable, int]:
    """Bit j of masks[tok] is set when can[j] == tok (compute once when `can` meets several `ref`s)."""
    masks: dict[Hashable, int] = {}
    for j, tok in enumerate(can):
        masks[tok] = masks.get(tok, 0) | (1 << j)
    return masks


def _rows(ref: Sequence[Hashable], can: Sequence[Hashable], masks: dict | None = None, keep: bool = True) -> list[int]:
    """Row i encodes table row i: L(i, j) = j - popcount(row & (2**j - 1)). `keep=False`: only the last row
    (what the length needs; keeping every row costs ROUGE-L ~10%)."""
    masks = masks if masks is not None else match_masks(can)
    full = (1 << len(can)) - 1
    row = full
    rows = [row]
    get = masks.get
    for tok in ref:
        matched = row & get(tok, 0)
        row = ((row + matched) | (row - matched)) & full
        if keep:
            rows.append(row)
    return rows if keep else [row]


def lcs_length(ref: Sequence[Hashable], can: Sequence[Hashable]) -> int:
    """Length of the longest common subsequence of `ref` and `can`."""
    return len(can) - _rows(ref, can, keep=False)[-1].bit_count() if ref and can else 0


def lcs_ref_indices(ref: Sequence[Hashable], can: Sequence[Hashable], masks: dict | None = None) -> list[int]:
    """Indices into `ref` of the LCS that rouge_score's `lcs_ind(ref, can)` returns. rouge_score backtracks from
    (n, m): on a match it goes diagonally, otherwise left when L(i, j-1) > L(i-1, j), else up. At a mismatch
    L(i, j) = max(L(i, j-1), L(i-1, j)), so that is: up exactly when L(i-1, j) == L(i, j). L(i, j) only changes on
    the diagonal (by one), so one popcount per step decides."""
    n, m = len(ref), len(can)
    if not n or not m:
        return []
    rows = _rows(ref, can, masks)
    current = m - rows[n].bit_count()  # L(n, m)
    i, j = n, m
    picked: list[int] = []
    while current and i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            picked.append(i - 1)
            i -= 1
            j -= 1
            current -= 1
        elif j - (rows[i - 1] & ((1 << j) - 1)).bit_count() == current:  # L(i-1, j) == L(i, j)
            i -= 1
        else:
            j -= 1
    picked.reverse()
    return picked
