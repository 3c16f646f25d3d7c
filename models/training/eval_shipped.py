"""Evaluates the COMMITTED model (models/<name>.pt, same weights as the .onnx) on the fixed internal test set.

    /usr/bin/python3 models/training/eval_shipped.py [--name btt-os-gct]

Needs ../shared/data/btxrd (read at run time, never copied). Prints a JSON summary: image-model AUC with
DeLong 95% CI, age alone and the clinical logistic (age+sex+site, fitted on the non-test training images)
on the same test images with paired DeLong vs the image model, Brier score of p_os, and sensitivity /
specificity at the card's threshold (chosen without the test set)."""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
import data  # noqa: E402
import stats  # noqa: E402
from evaluate import fit_logistic, logit_of, items_for  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", default="btt-os-gct")
    a = ap.parse_args()
    torch.set_num_threads(2)
    mdir = os.path.normpath(os.path.join(HERE, ".."))
    card = json.load(open(os.path.join(mdir, a.name + ".json")))
    wrapper, meta = common.load_shipped(os.path.join(mdir, a.name + ".pt"))
    pp = card["preprocessing"]

    rows, _, _ = data.load_cache(verbose=False)
    by = {r["stem"]: r for r in rows}
    test = [by[s] for s in data.load_splits()["test"]]
    test_groups = {r["group"] for r in test}
    train = [r for r in rows if r["target"] >= 0 and r["group"] not in test_groups]
    yt = np.array([r["target"] for r in test])
    ytr = np.array([r["target"] for r in train])

    Xtr = np.array([data.clinical_features(r) for r in train])
    Xte = np.array([data.clinical_features(r) for r in test])
    clin = fit_logistic(Xtr, ytr)
    s_age = -Xte[:, 0]
    s_clin = logit_of(clin, Xte)

    x_te, _, _ = common.preprocess_items(items_for(test), pp)
    lg, _, _ = common.run_wrapper(wrapper, x_te)
    s_img = lg[:, 1] - lg[:, 0]
    p_os = 1.0 / (1.0 + np.exp(-s_img))
    t = card["threshold"]["logit_os_minus_gct"]

    out = {
        "model": a.name, "sha256_card": card.get("sha256"),
        "n_test": len(test), "test_os": int(yt.sum()), "test_gct": int((1 - yt).sum()), "n_train": len(train),
        "image": stats.auc_ci(yt, s_img),
        "age": stats.auc_ci(yt, s_age),
        "clinical": stats.auc_ci(yt, s_clin),
        "image_vs_age": stats.paired_delong(yt, s_img, s_age),
        "image_vs_clinical": stats.paired_delong(yt, s_img, s_clin),
        "brier_image": float(np.mean((p_os - yt) ** 2)),
        "brier_prevalence_only": float(np.mean((ytr.mean() - yt) ** 2)),
        "image_at_card_threshold": stats.binary_metrics(yt, s_img, t),
        "clinical_model_fit": {"intercept": float(clin.intercept_[0]),
                               "coefficients": [float(c) for c in clin.coef_[0]]},
        "bar_auc_0_85_met": bool(stats.auc(yt, s_img) >= 0.85),
    }
    print(json.dumps(out, indent=1, default=float))


if __name__ == "__main__":
    main()
