"""The statistics of a blind pairwise study, each from a maintained library (scipy, statsmodels, krippendorff).

Units and tie handling, stated because papers differ on them:
- win rate of B over A: share of *decisive ratings* (ties left out) preferring B; its interval is a percentile
  bootstrap over *examples* (all ratings of an example resampled together, since they are not independent);
- sign test: two-sided binomial test (p = 0.5) over *examples*, each counted for the system most of its
  ratings prefer; examples whose ratings balance (all ties, or as many A as B) are left out and counted;
- flag rates: share of ratings flagging a system's summary, Wilson interval (ratings treated as independent);
- agreement: on examples rated by two or more annotators; Cohen's kappa when exactly two annotators overlap,
  Krippendorff's alpha (nominal) for any number;
- human vs metric: per example the mean preference (B +1, A -1, tie 0) against the metric's B - A difference.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

CONFIDENCE = 0.95
SAMPLES = 10_000
PREFERENCE_VALUE = {"A": -1.0, "B": 1.0, "tie": 0.0}
CATEGORIES = ("A", "B", "tie")


def preference_counts(ratings: pd.DataFrame) -> dict[str, int]:
    counts = ratings["preference"].value_counts()
    return {**{c: int(counts.get(c, 0)) for c in CATEGORIES}, "ratings": len(ratings),
            "examples": int(ratings["example_id"].nunique()), "annotators": int(ratings["annotator"].nunique())}


def _per_example(ratings: pd.DataFrame) -> pd.DataFrame:
    """Per rated example: B votes, A votes, ties."""
    votes = pd.crosstab(ratings["example_id"], ratings["preference"])
    return votes.reindex(columns=list(CATEGORIES), fill_value=0)


def win_rate(ratings: pd.DataFrame, samples: int = SAMPLES, seed: int = 0) -> dict[str, Any]:
    """Win rate of B over A on decisive ratings, with a percentile bootstrap interval over examples."""
    from scipy.stats import bootstrap

    votes = _per_example(ratings)
    wins, decisive = votes["B"].to_numpy(float), (votes["A"] + votes["B"]).to_numpy(float)
    result: dict[str, Any] = {"win_rate": None, "ci_low": None, "ci_high": None, "b_wins": int(wins.sum()),
                              "a_wins": int(votes["A"].sum()), "ties": int(votes["tie"].sum()),
                              "decisive_ratings": int(decisive.sum()), "confidence": CONFIDENCE, "bootstrap_samples": samples,
                              "seed": seed}
    if decisive.sum() == 0:
        result["note"] = "every rating is a tie: no win rate"
        return result
    result["win_rate"] = float(wins.sum() / decisive.sum())
    if (decisive > 0).sum() < 2:
        result["note"] = "decisive ratings on fewer than two examples: no interval"
        return result

    def ratio(b, d, axis=-1):
        with np.errstate(invalid="ignore", divide="ignore"):  # a resample of tie-only examples: NaN, dropped below
            return b.sum(axis=axis) / d.sum(axis=axis)

    # scipy's percentile interval with NaN resamples would be NaN: resample examples with at least one
    # decisive rating only (tie-only examples add nothing to either sum).
    keep = decisive > 0
    interval = bootstrap((wins[keep], decisive[keep]), ratio, paired=True, vectorized=True, n_resamples=samples,
                         confidence_level=CONFIDENCE, method="percentile", rng=np.random.default_rng(seed)).confidence_interval
    result["ci_low"], result["ci_high"] = float(interval.low), float(interval.high)
    return result


def sign_test(ratings: pd.DataFrame) -> dict[str, Any]:
    """Two-sided binomial test over examples won by B vs by A (majority of their ratings)."""
    from scipy.stats import binomtest

    votes = _per_example(ratings)
    margin = votes["B"] - votes["A"]
    b_examples, a_examples = int((margin > 0).sum()), int((margin < 0).sum())
    n = b_examples + a_examples
    p = float(binomtest(b_examples, n, 0.5).pvalue) if n else None
    return {"b_examples": b_examples, "a_examples": a_examples, "tied_examples": int((margin == 0).sum()), "p_value": p}


def flag_rates(ratings: pd.DataFrame, flags: dict[str, str]) -> list[dict[str, Any]]:
    """Per flag and system: ratings flagging it, the rate, and its Wilson interval."""
    from statsmodels.stats.proportion import proportion_confint

    rows = []
    for flag, label in flags.items():
        for system in ("A", "B"):
            count, total = int(ratings[f"{flag}_{system}"].sum()), len(ratings)
            low, high = proportion_confint(count, total, alpha=1 - CONFIDENCE, method="wilson") if total else (None, None)
            rows.append({"flag": flag, "label": label, "system": system, "count": count, "ratings": total,
                         "rate": count / total if total else None, "ci_low": _float(low), "ci_high": _float(high)})
    return rows


def agreement(ratings: pd.DataFrame) -> dict[str, Any]:
    """Inter-annotator agreement on the preference, over examples rated by at least two annotators."""
    import krippendorff
    from statsmodels.stats.inter_rater import cohens_kappa

    table = ratings.pivot(index="example_id", columns="annotator", values="preference")
    shared = table[table.notna().sum(axis=1) >= 2]
    shared = shared.loc[:, shared.notna().any()]
    result: dict[str, Any] = {"examples": len(shared), "annotators": list(map(str, shared.columns)), "cohen_kappa": None,
                              "krippendorff_alpha": None, "observed_agreement": None, "notes": []}
    if shared.empty:
        result["notes"].append("no example was rated by two annotators")
        return result
    pairs = [(row[i], row[j]) for row in shared.itertuples(index=False) for i in range(len(row)) for j in range(i + 1, len(row))
             if isinstance(row[i], str) and isinstance(row[j], str)]
    result["observed_agreement"] = float(np.mean([x == y for x, y in pairs]))
    if shared.shape[1] == 2:
        first, second = shared.columns
        both = shared.dropna()
        contingency = pd.crosstab(both[first], both[second]).reindex(index=list(CATEGORIES), columns=list(CATEGORIES), fill_value=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # one category only: chance agreement is 1, kappa undefined
            kappa = cohens_kappa(contingency.to_numpy()).kappa
        result["cohen_kappa"] = _float(kappa)
        if result["cohen_kappa"] is None:
            result["notes"].append("Cohen's kappa undefined: both annotators used a single category")
    codes = shared.apply(lambda column: column.map({c: i for i, c in enumerate(CATEGORIES)})).to_numpy(float).T
    try:
        result["krippendorff_alpha"] = _float(krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal"))
    except ValueError as error:  # e.g. a single category used throughout
        result["notes"].append(f"Krippendorff's alpha undefined: {error}")
    return result


def metric_agreement(ratings: pd.DataFrame, examples: list[dict[str, Any]], metrics: list[str]) -> list[dict[str, Any]]:
    """Per automatic metric: on how many examples its B - A difference and the human preference point the
    same way (both non-zero), and Kendall's tau-b between the two over all rated examples."""
    from scipy.stats import kendalltau

    human = ratings.assign(value=ratings["preference"].map(PREFERENCE_VALUE)).groupby("example_id")["value"].mean()
    by_id = {example["id"]: example for example in examples}
    rows = []
    for metric in metrics:
        ids = [i for i in human.index if metric in by_id[i]["scores_a"] and metric in by_id[i]["scores_b"]]
        h = human.loc[ids].to_numpy(float)
        delta = np.array([by_id[i]["scores_b"][metric] - by_id[i]["scores_a"][metric] for i in ids], float)
        decisive = (h != 0) & (delta != 0)
        agreeing = int((np.sign(h[decisive]) == np.sign(delta[decisive])).sum())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a constant input: tau undefined (NaN -> None)
            tau = kendalltau(h, delta) if len(ids) >= 2 else None
        rows.append({"metric": metric, "examples": len(ids), "decisive_pairs": int(decisive.sum()), "agreeing": agreeing,
                     "agreement": agreeing / decisive.sum() if decisive.sum() else None,
                     "kendall_tau": _float(tau.statistic) if tau is not None else None,
                     "kendall_p": _float(tau.pvalue) if tau is not None else None})
    return rows


def _float(value: Any) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)
