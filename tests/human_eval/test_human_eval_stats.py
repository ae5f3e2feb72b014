"""The report's statistics against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from summarizer.human_eval import stats
from summarizer.human_eval.schema import FLAGS

# Two annotators on six examples. Pairs: (B,B) (B,A) (A,A) (tie,tie) (B,B) (A,B).
KIM = ["B", "B", "A", "tie", "B", "A"]
LEE = ["B", "A", "A", "tie", "B", "B"]


def ratings_of(pattern: dict[str, list[str]], flags: dict[str, list[bool]] | None = None) -> pd.DataFrame:
    rows = []
    for annotator, preferences in pattern.items():
        for index, preference in enumerate(preferences):
            if preference is None:
                continue
            row = {"example_id": f"ex-{index:02d}", "annotator": annotator, "preference": preference}
            row.update({f"{flag}_{s}": False for flag in FLAGS for s in "AB"})
            row.update({name: values[index] for name, values in (flags or {}).get(annotator, {}).items()})
            rows.append(row)
    return pd.DataFrame(rows)


def test_counts_and_win_rate_leave_ties_out():
    ratings = ratings_of({"kim": KIM, "lee": LEE})
    assert stats.preference_counts(ratings) == {"A": 4, "B": 6, "tie": 2, "ratings": 12, "examples": 6, "annotators": 2}
    result = stats.win_rate(ratings, samples=2000)
    assert result["win_rate"] == pytest.approx(6 / 10)  # 6 B of 10 decisive ratings
    assert (result["b_wins"], result["a_wins"], result["ties"], result["decisive_ratings"]) == (6, 4, 2, 10)
    assert result["ci_low"] < 0.6 < result["ci_high"]


def test_the_bootstrap_interval_resamples_examples_as_done_by_hand():
    rng = np.random.default_rng(1)
    kim, lee = (list(rng.choice(["A", "B", "B", "tie"], size=40)) for _ in range(2))
    ratings = ratings_of({"kim": kim, "lee": lee})
    result = stats.win_rate(ratings, samples=20_000, seed=3)
    # By hand: per example (B votes, decisive votes), resample examples with replacement, ratio of sums.
    b = np.array([(k == "B") + (ell == "B") for k, ell in zip(kim, lee)], float)
    d = np.array([(k != "tie") + (ell != "tie") for k, ell in zip(kim, lee)], float)
    keep = d > 0
    b, d = b[keep], d[keep]
    draws = np.random.default_rng(0).integers(0, len(b), size=(20_000, len(b)))
    ratios = b[draws].sum(axis=1) / d[draws].sum(axis=1)
    low, high = np.percentile(ratios, [2.5, 97.5])
    assert result["win_rate"] == pytest.approx(b.sum() / d.sum())
    assert result["ci_low"] == pytest.approx(low, abs=0.02) and result["ci_high"] == pytest.approx(high, abs=0.02)
    assert stats.win_rate(ratings, samples=20_000, seed=3) == result  # seeded: the same interval every time


def test_all_ties_give_no_win_rate_and_say_why():
    result = stats.win_rate(ratings_of({"kim": ["tie", "tie"]}))
    assert result["win_rate"] is None and result["ties"] == 2 and "every rating is a tie" in result["note"]
    assert stats.sign_test(ratings_of({"kim": ["tie", "tie"]}))["p_value"] is None


def test_sign_test_counts_examples_by_majority_and_states_ties():
    ratings = ratings_of({"kim": ["B"] * 8 + ["A", "tie"]})
    result = stats.sign_test(ratings)
    assert (result["b_examples"], result["a_examples"], result["tied_examples"]) == (8, 1, 1)
    assert result["p_value"] == pytest.approx(2 * (math.comb(9, 8) + math.comb(9, 9)) / 2**9)  # 0.0390625
    two = stats.sign_test(ratings_of({"kim": KIM, "lee": LEE}))
    assert (two["b_examples"], two["a_examples"], two["tied_examples"]) == (2, 1, 3)  # ex-01, ex-05 split 1:1


def test_cohen_kappa_and_krippendorff_alpha_for_two_annotators():
    result = stats.agreement(ratings_of({"kim": KIM, "lee": LEE}))
    assert result["examples"] == 6 and result["annotators"] == ["kim", "lee"]
    assert result["observed_agreement"] == pytest.approx(4 / 6)
    # Marginals A 2, B 3, tie 1 for both: chance agreement (4 + 9 + 1) / 36.
    expected = 14 / 36
    assert result["cohen_kappa"] == pytest.approx((4 / 6 - expected) / (1 - expected))  # 10/22
    # Nominal alpha: 12 values (A 4, B 6, tie 2); 4 disagreeing ordered pairs. 1 - (4/12) / ((144 - 56) / 132).
    assert result["krippendorff_alpha"] == pytest.approx(1 - (4 / 12) / (88 / 132))  # 0.5


def test_three_annotators_get_alpha_only_and_single_raters_are_left_out():
    result = stats.agreement(ratings_of({"kim": KIM, "lee": LEE, "park": ["B", "B", None, None, None, None]}))
    assert result["cohen_kappa"] is None and result["krippendorff_alpha"] is not None
    assert stats.agreement(ratings_of({"kim": ["A", None], "lee": [None, "B"]}))["notes"] == ["no example was rated by two annotators"]


def test_agreement_on_one_category_is_undefined_and_said_so():
    result = stats.agreement(ratings_of({"kim": ["B", "B"], "lee": ["B", "B"]}))
    assert result["observed_agreement"] == 1.0 and result["cohen_kappa"] is None and result["krippendorff_alpha"] is None
    assert any("kappa undefined" in note for note in result["notes"]) and any("alpha undefined" in note for note in result["notes"])


def test_flag_rates_have_wilson_intervals():
    flags = {"kim": {"repetition_A": [True, True, False, False, False, False]},
             "lee": {"repetition_A": [True, False, False, False, False, False]}}
    rows = stats.flag_rates(ratings_of({"kim": KIM, "lee": LEE}, flags), FLAGS)
    assert len(rows) == 2 * len(FLAGS)
    row = next(r for r in rows if r["flag"] == "repetition" and r["system"] == "A")
    n, p, z = 12, 3 / 12, 1.959963984540054
    centre, half = (p + z * z / (2 * n)) / (1 + z * z / n), z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert (row["count"], row["ratings"], row["rate"], row["label"]) == (3, 12, 0.25, "반복")
    assert row["ci_low"] == pytest.approx(centre - half) and row["ci_high"] == pytest.approx(centre + half)
    assert next(r for r in rows if r["flag"] == "repetition" and r["system"] == "B")["count"] == 0


def _tau_b(x, y):
    """Kendall's tau-b by counting pairs."""
    concordant = discordant = ties_x = ties_y = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            dx, dy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif dx == dy:
                concordant += 1
            else:
                discordant += 1
    return (concordant - discordant) / math.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))


def test_human_preference_against_a_metric_difference():
    ratings = ratings_of({"kim": KIM, "lee": LEE})  # per-example means: +1, 0, -1, 0, +1, 0
    deltas = [0.2, 0.1, -0.1, 0.0, -0.3, 0.05]
    examples = [{"id": f"ex-{i:02d}", "scores_a": {"rougeL_kiwi": 0.5, "bleu": 1.0}, "scores_b": {"rougeL_kiwi": 0.5 + d}}
                for i, d in enumerate(deltas)]
    (row,) = stats.metric_agreement(ratings, examples, ["rougeL_kiwi"])
    # Both non-zero on ex-00 (+,+), ex-02 (-,-), ex-04 (+,-): two of three agree.
    assert (row["examples"], row["decisive_pairs"], row["agreeing"]) == (6, 3, 2)
    assert row["agreement"] == pytest.approx(2 / 3)
    assert row["kendall_tau"] == pytest.approx(_tau_b([1, 0, -1, 0, 1, 0], deltas))
    (missing,) = stats.metric_agreement(ratings, examples, ["bleu"])  # B has no bleu: no pair to compare
    assert missing["examples"] == 0 and missing["agreement"] is None and missing["kendall_tau"] is None
