"""Empirical AUC (ties 1/2), DeLong variance / CI / paired test, Wilson interval, Youden threshold.
Checked against pROC's aSAH numbers (../shared/reference/stats/REFERENCE.md) by `python3 stats.py`."""
from __future__ import annotations

import math

import numpy as np

Z975 = 1.959963984540054


def _placements(y, s):
    y = np.asarray(y).astype(bool)
    s = np.asarray(s, dtype=np.float64)
    pos, neg = s[y], s[~y]
    # V10[i] = mean over negatives of psi(pos_i, neg); V01[j] = mean over positives of psi(pos, neg_j)
    cmp = (pos[:, None] > neg[None, :]).astype(np.float64) + 0.5 * (pos[:, None] == neg[None, :])
    return cmp.mean(axis=1), cmp.mean(axis=0)


def auc(y, s) -> float:
    v10, _ = _placements(y, s)
    return float(v10.mean())


def delong(y, scores: list) -> tuple[np.ndarray, np.ndarray]:
    """AUCs and their DeLong covariance matrix for several scores on the same cases."""
    v10s, v01s = zip(*(_placements(y, s) for s in scores))
    v10 = np.array(v10s)
    v01 = np.array(v01s)
    a = v10.mean(axis=1)
    m, n = v10.shape[1], v01.shape[1]
    s10 = np.atleast_2d(np.cov(v10)) if len(scores) > 1 else np.array([[np.var(v10[0], ddof=1)]])
    s01 = np.atleast_2d(np.cov(v01)) if len(scores) > 1 else np.array([[np.var(v01[0], ddof=1)]])
    return a, s10 / m + s01 / n


def auc_ci(y, s) -> dict:
    a, cov = delong(y, [s])
    se = math.sqrt(max(cov[0, 0], 0.0))
    return {"auc": float(a[0]), "ci95": [float(max(0.0, a[0] - Z975 * se)), float(min(1.0, a[0] + Z975 * se))],
            "se": se}


def paired_delong(y, s1, s2) -> dict:
    """Test AUC(s1) - AUC(s2) = 0 (two-sided)."""
    a, cov = delong(y, [s1, s2])
    d = a[0] - a[1]
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    se = math.sqrt(max(var, 1e-300))
    z = d / se
    p = math.erfc(abs(z) / math.sqrt(2))
    return {"auc_1": float(a[0]), "auc_2": float(a[1]), "diff": float(d), "z": float(z), "p": float(p),
            "diff_ci95": [float(d - Z975 * se), float(d + Z975 * se)]}


def wilson(k: int, n: int) -> list:
    if n == 0:
        return [0.0, 1.0]
    p = k / n
    z2 = Z975 ** 2
    c = (p + z2 / (2 * n)) / (1 + z2 / n)
    h = Z975 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return [float(c - h), float(c + h)]


def youden_threshold(y, s) -> float:
    """Threshold t (predict positive when score >= t) maximising sens + spec - 1; midpoint between
    neighbouring distinct scores."""
    y = np.asarray(y).astype(bool)
    s = np.asarray(s, dtype=np.float64)
    u = np.unique(s)
    cands = np.concatenate([[u[0] - 1e-6], (u[:-1] + u[1:]) / 2, [u[-1] + 1e-6]])
    best, bt = -1.0, float(cands[0])
    for t in cands:
        pred = s >= t
        j = pred[y].mean() + (~pred[~y]).mean() - 1
        if j > best + 1e-12:
            best, bt = j, float(t)
    return bt


def binary_metrics(y, s, t) -> dict:
    y = np.asarray(y).astype(bool)
    pred = np.asarray(s) >= t
    tp, fn = int((pred & y).sum()), int((~pred & y).sum())
    tn, fp = int((~pred & ~y).sum()), int((pred & ~y).sum())
    return {"threshold": float(t), "sensitivity": tp / max(tp + fn, 1), "sensitivity_ci95": wilson(tp, tp + fn),
            "specificity": tn / max(tn + fp, 1), "specificity_ci95": wilson(tn, tn + fp),
            "accuracy": (tp + tn) / len(y),
            "confusion_matrix": {"rows": "true [giant-cell-tumor, osteosarcoma]", "cols": "predicted [giant-cell-tumor, osteosarcoma]",
                                 "matrix": [[tn, fp], [fn, tp]]}}


if __name__ == "__main__":
    import csv
    import os
    p = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "reference", "stats", "asah.csv")
    rows = list(csv.DictReader(open(p)))
    y = [r["outcome"] == "Poor" for r in rows]
    s100b = [float(r["s100b"]) for r in rows]
    wfns = [float(r["wfns"]) for r in rows]
    a, cov = delong(y, [s100b, wfns])
    print("AUC s100b", a[0], "(0.73136856368563685)  wfns", a[1], "(0.823678861788618)")
    print("var", cov[0, 0], cov[1, 1], cov[0, 1], "(0.00266868245717244 0.00146991470882363 0.00119615567376754)")
    print("ci", auc_ci(y, s100b)["ci95"], "(0.63011821176162264 0.83261891560965107)")
    print("paired", paired_delong(y, wfns, s100b), "(Z 2.20898359144091 p 0.0271757822291882)")
    print("wilson 8/10", wilson(8, 10))
