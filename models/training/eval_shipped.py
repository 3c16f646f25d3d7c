"""Evaluates the COMMITTED model (models/<name>.pt, same weights as the .onnx) on the fixed internal test set.

    /usr/bin/python3 models/training/eval_shipped.py [--name btt-os-gct]

Needs ../shared/data/btxrd (read at run time, never copied). Prints a JSON summary: image-model AUC with
DeLong 95% CI, age alone and the clinical logistic (age+sex+site, fitted on the non-test training images)
on the same test images with paired DeLong vs the image model, Brier score of p_os, and sensitivity /
specificity at the card's threshold (chosen without the test set), and the CAM's localisation on the full radiograph
(pointing game, energy in mask) next to its chance level and a box-centre baseline (a centred Gaussian in the crop).

    --update-card     add the localisation figures and the Brier scores to models/<name>.json (keys
                      internal_test.localisation_vs_baseline and internal_test.calibration; other keys are left as they
                      are), then render models/<name>.md from the card (card_md.py)
    --test-reference PATH   write what `btt model evaluate --ids models/training/splits/internal_test_ids.txt --json`
                      must reproduce (the C# test tests/BoneTumorTutor.Tests/Cli/Model compares against it)"""
from __future__ import annotations

import argparse
import json
import os
import math
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import card_md  # noqa: E402
import common  # noqa: E402
import data  # noqa: E402
import preprocess  # noqa: E402
import stats  # noqa: E402
from evaluate import fit_logistic, logit_of, items_for  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", default="btt-os-gct")
    ap.add_argument("--update-card", action="store_true")
    ap.add_argument("--test-reference")
    a = ap.parse_args()
    torch.set_num_threads(2)
    mdir = os.path.normpath(os.path.join(HERE, ".."))
    card = json.load(open(os.path.join(mdir, a.name + ".json")))
    wrapper, meta = common.load_shipped(os.path.join(mdir, a.name + ".pt"))
    pp = card["preprocessing"]

    rows, _, masks = data.load_cache(verbose=False)
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

    x_te, crops, _ = common.preprocess_items(items_for(test), pp)
    lg, cam, _ = common.run_wrapper(wrapper, x_te)
    s_img = lg[:, 1] - lg[:, 0]
    p_os = 1.0 / (1.0 + np.exp(-s_img))
    t = card["threshold"]["logit_os_minus_gct"]
    loc = localisation_vs_baseline(cam, s_img >= t, crops, [masks[r["idx"]] for r in test], int(pp["frame_size"]))

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
        "localisation_vs_baseline": loc,
    }
    print(json.dumps(out, indent=1, default=float))

    if a.test_reference:
        at = out["image_at_card_threshold"]
        ref = {"source": "/usr/bin/python3 models/training/eval_shipped.py --test-reference (PyTorch, models/%s.pt)" % a.name,
               "model": a.name, "sha256": card.get("sha256"), "ids": "models/training/splits/internal_test_ids.txt",
               "n": len(test), "n_os": int(yt.sum()), "n_gct": int((1 - yt).sum()),
               "auc": out["image"]["auc"], "auc_ci95": out["image"]["ci95"],
               "sensitivity": at["sensitivity"], "specificity": at["specificity"], "threshold": card["threshold"]["p_os"],
               "cam_pointing_game": loc["cam"]["pointing"], "cam_energy_in_mask": loc["cam"]["energy_in_mask"],
               "cam_chance": loc["chance"], "n_localisation": loc["n"]}
        with open(a.test_reference, "w") as f:
            json.dump(ref, f, indent=1)
            f.write("\n")
        print("wrote", a.test_reference, file=sys.stderr)

    if a.update_card:
        path = os.path.join(mdir, a.name + ".json")
        text = open(path).read()
        fresh = json.loads(text)
        fresh["internal_test"]["localisation_vs_baseline"] = loc
        fresh["internal_test"]["calibration"] = {"brier": out["brier_image"], "brier_prevalence": out["brier_prevalence_only"],
                                                 "note": "Brier score of p_os on the internal test; brier_prevalence: always "
                                                         "predicting the training prevalence"}
        with open(path, "w") as f:
            f.write(json.dumps(fresh, indent=1))
        print("added internal_test.localisation_vs_baseline and internal_test.calibration to", path, file=sys.stderr)
        print("wrote", card_md.render_file(path), file=sys.stderr)


BASELINE_SIGMA = 1.0 / 6.0  # of the crop side: a quarter of the lesion box's longer side (the crop is the box + 25% a side)


def box_centre_heat(crop, frame_size, sigma=BASELINE_SIGMA):
    """The trivial heuristic: a Gaussian centred on the crop (= lesion box) centre, sigma = crop side / 6, zero outside
    the crop square, on the frame's pixel centres (edge coordinates) like cam_to_frame."""
    cx, cy, s = crop
    pc = np.arange(frame_size, dtype=np.float64) + 0.5
    sig = sigma * s
    gx = np.exp(-((pc - cx) ** 2) / (2 * sig * sig)) * ((pc >= cx - s / 2) & (pc < cx + s / 2))
    gy = np.exp(-((pc - cy) ** 2) / (2 * sig * sig)) * ((pc >= cy - s / 2) & (pc < cy + s / 2))
    return gy[:, None] * gx[None, :]


def sign_test(wins, losses):
    """Exact two-sided binomial test of discordant pairs (McNemar exact)."""
    n = wins + losses
    if n == 0:
        return 1.0
    k = min(wins, losses)
    p = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return float(min(1.0, 2 * p))


def localisation_vs_baseline(cam, called_os, crops, masks, frame_size):
    """CAM of the class called at the card's threshold (as the app shows it) mapped onto the full radiograph
    (preprocess.cam_to_frame): pointing game and energy in mask, their chance level (the mask's share of the model
    input), and the same metrics for the box-centre Gaussian, with paired comparisons."""
    cam_l, base_l = [], []
    for k in range(len(crops)):
        c = 1 if called_os[k] else 0
        m = np.asarray(masks[k]) * 255
        cam_l.append(preprocess.localisation(preprocess.cam_to_frame(cam[k, c], crops[k], frame_size), m, crops[k], frame_size))
        base_l.append(preprocess.localisation(box_centre_heat(crops[k], frame_size), m, crops[k], frame_size))
    hit_c = np.array([p["pointing"] for p in cam_l])
    hit_b = np.array([p["pointing"] for p in base_l])
    en_c = np.array([p["energy_in_mask"] for p in cam_l])
    en_b = np.array([p["energy_in_mask"] for p in base_l])
    by_sigma = {}
    for den in (12, 8, 6, 4):
        e = [preprocess.localisation(box_centre_heat(crops[k], frame_size, 1.0 / den), np.asarray(masks[k]) * 255, crops[k], frame_size)
             for k in range(len(crops))]
        by_sigma[f"s/{den}"] = {"pointing": float(np.mean([p["pointing"] for p in e])),
                                "energy_in_mask": float(np.mean([p["energy_in_mask"] for p in e]))}
    wins, losses = int(((hit_c == 1) & (hit_b == 0)).sum()), int(((hit_c == 0) & (hit_b == 1)).sum())
    d = en_c - en_b
    try:
        from scipy.stats import wilcoxon
        p_energy = float(wilcoxon(en_c, en_b).pvalue)
    except Exception:  # scipy missing: report the mean difference only
        p_energy = None
    return {
        "source": "models/training/eval_shipped.py (PyTorch, the shipped weights)",
        "map": "CAM of the class called at the card's threshold, mapped onto the full radiograph (preprocess.cam_to_frame)",
        "n": len(crops),
        "cam": {"pointing": float(hit_c.mean()), "energy_in_mask": float(en_c.mean())},
        "chance": float(np.mean([p["chance"] for p in cam_l])),
        "box_centre_gaussian": {"pointing": float(hit_b.mean()), "energy_in_mask": float(en_b.mean()),
                                "heatmap": "Gaussian centred on the crop (lesion box) centre, sigma = crop side / 6, zero outside the crop",
                                "by_sigma": by_sigma},
        "cam_vs_box_centre": {
            "pointing_cam_only_hits": wins, "pointing_box_centre_only_hits": losses,
            "pointing_p_exact_mcnemar": sign_test(wins, losses),
            "energy_mean_difference": float(d.mean()),
            "energy_cam_higher_fraction": float((d > 0).mean()),
            "energy_p_wilcoxon": p_energy,
        },
    }


if __name__ == "__main__":
    main()
