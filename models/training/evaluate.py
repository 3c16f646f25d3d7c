"""Evaluation on the fixed internal test set (and cross-centre, and pooled out-of-fold CV).

    /usr/bin/python3 evaluate.py --run runs/v1 [--tta] [--members final]

Reads the run's final members, CV out-of-fold predictions and cross-centre members; preprocesses every
image with preprocess.py (the contract, as the app does) and writes DIR/eval/metrics.json + eval.log:
age alone, centre alone, clinical logistic, image only, image + clinical (late fusion fitted on
out-of-fold CV scores), AUC with DeLong CIs, paired DeLong vs clinical, sensitivity/specificity at the
Youden threshold of the out-of-fold CV scores (never the test set), Wilson CIs, confusion matrices,
Grad-CAM localisation on the full radiograph with its chance level, OOD statistics."""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
import data  # noqa: E402
import preprocess  # noqa: E402
import stats  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

CLIN_C = 100.0  # light L2 on the 4 clinical features (age/100, male, femur, tibia)


def fit_logistic(X, y):
    lr = LogisticRegression(C=CLIN_C, max_iter=5000)
    lr.fit(np.asarray(X, dtype=np.float64), np.asarray(y))
    return lr


def logit_of(lr, X):
    return lr.decision_function(np.asarray(X, dtype=np.float64))


def items_for(rows):
    return [{"image": os.path.join(data.DATA_DIR, r["image_file"]), "box": r["box"], "id": r["stem"]} for r in rows]


def localisation(cam, logits, crops, rows, masks):
    """cam of the predicted class -> full radiograph -> pointing / energy / chance, per image and mean."""
    per = []
    for k, r in enumerate(rows):
        c = int(np.argmax(logits[k]))
        heat = preprocess.cam_to_frame(cam[k, c], crops[k])
        per.append(preprocess.localisation(heat, masks[r["idx"]] * 255, crops[k]))
    out = {key: float(np.mean([p[key] for p in per])) for key in ("pointing", "energy_in_mask", "chance")}
    out["n"] = len(per)
    return out, per


def scores_block(y, named, ref="clinical"):
    res = {}
    for name, s in named.items():
        res[name] = stats.auc_ci(y, s)
    for name in named:
        if name != ref and ref in named:
            res[name]["vs_" + ref] = stats.paired_delong(y, named[name], named[ref])
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--members", default="final", help="prefix of the member checkpoints in the run")
    ap.add_argument("--tta", action="store_true", help="horizontal-flip test-time augmentation")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    out = a.out or os.path.join(a.run, "eval")
    os.makedirs(out, exist_ok=True)
    log = common.Log(os.path.join(out, "eval.log"))
    rows, frames, masks = data.load_cache()
    by = {r["stem"]: r for r in rows}
    sp = data.load_splits()
    test = [by[s] for s in sp["test"]]
    test_groups = {r["group"] for r in test}
    train = [r for r in rows if r["target"] >= 0 and r["group"] not in test_groups]
    yt = np.array([r["target"] for r in test])
    ytr = np.array([r["target"] for r in train])
    log(f"internal test n={len(test)} (OS {int(yt.sum())}, GCT {int((1 - yt).sum())}); train n={len(train)}")
    M = {"split_sizes": {"train_non_test": len(train), "train_os": int(ytr.sum()), "train_gct": int((1 - ytr).sum()),
                         "train_groups": len({r["group"] for r in train}),
                         "internal_test": len(test), "test_os": int(yt.sum()), "test_gct": int((1 - yt).sum()),
                         "test_groups": len(test_groups)}}

    # ---- clinical baselines (fitted on the non-test training images)
    Xtr = np.array([data.clinical_features(r) for r in train])
    Xte = np.array([data.clinical_features(r) for r in test])
    clin = fit_logistic(Xtr, ytr)
    M["clinical_model"] = {"features": preprocess.CLINICAL_FEATURES, "intercept": float(clin.intercept_[0]),
                           "coefficients": dict(zip(preprocess.CLINICAL_FEATURES, map(float, clin.coef_[0]))),
                           "fit": f"logistic regression, L2 C={CLIN_C}, on the {len(train)} non-test training images",
                           "probability": "1 / (1 + exp(-(intercept + sum(coef * feature))))"}
    cen_tr = np.array([[float(r["center"] == "2")] for r in train])
    cen_te = np.array([[float(r["center"] == "2")] for r in test])
    centre = fit_logistic(cen_tr, ytr)
    s_age = -Xte[:, 0]
    s_clin = logit_of(clin, Xte)
    s_centre = logit_of(centre, cen_te)

    # ---- image model: final members, contract preprocessing (numpy), optional flip TTA
    paths = sorted(glob.glob(os.path.join(a.run, f"{a.members}_m*.pt")))
    wrapper, meta = common.build_wrapper(paths, tta_flip=a.tta)
    pp = meta["pp"]
    log(f"image model: {len(paths)} members {a.members}, tta={a.tta}, pp={pp}")
    x_te, crops_te, _ = common.preprocess_items(items_for(test), pp)
    lg, cam, emb_te = common.run_wrapper(wrapper, x_te)
    s_img = lg[:, 1] - lg[:, 0]

    # ---- OOF CV scores (mean over repeats) -> fusion + thresholds
    reps = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(a.run, "cv", "oof_r*.json")))]
    log(f"CV repeats found: {[rp['repeat'] for rp in reps]}")
    oof_img = np.array([np.mean([rp["oof"][r["stem"]] for rp in reps]) for r in train])
    if a.tta:  # OOF with TTA for a matching threshold: rerun CV members on their folds with flips
        oof_img = oof_tta(a.run, train, [rp["repeat"] for rp in reps], pp, log)
    M["cv"] = {"repeats": [rp["repeat"] for rp in reps], "folds": 5,
               "oof_auc_per_repeat": [float(stats.auc(ytr, [rp["oof"][r["stem"]] for r in train])) for rp in reps]}
    M["cv"]["oof_auc_image"] = stats.auc_ci(ytr, oof_img)
    # fusion: logistic on [OOF image logit, clinical]; its own OOF via the CV folds (repeat 0) for threshold/CV AUC
    F_tr = np.column_stack([oof_img, Xtr])
    fus = fit_logistic(F_tr, ytr)
    folds0 = sp["cv"]["repeats"][0]
    oof_fused = np.zeros(len(train))
    oof_clin = np.zeros(len(train))
    for fold in folds0:
        fs = set(fold)
        te_m = np.array([r["stem"] in fs for r in train])
        f1 = fit_logistic(F_tr[~te_m], ytr[~te_m])
        oof_fused[te_m] = logit_of(f1, F_tr[te_m])
        c1 = fit_logistic(Xtr[~te_m], ytr[~te_m])
        oof_clin[te_m] = logit_of(c1, Xtr[te_m])
    M["cv"]["oof_auc_fused"] = stats.auc_ci(ytr, oof_fused)
    M["cv"]["oof_auc_clinical"] = stats.auc_ci(ytr, oof_clin)
    M["cv"]["oof_auc_age"] = stats.auc_ci(ytr, -Xtr[:, 0])
    M["cv"]["oof_image_vs_clinical"] = stats.paired_delong(ytr, oof_img, oof_clin)
    M["cv"]["oof_fused_vs_clinical"] = stats.paired_delong(ytr, oof_fused, oof_clin)
    s_fused = logit_of(fus, np.column_stack([s_img, Xte]))
    M["fusion"] = {"scale": float(fus.coef_[0][0]), "clinical_coefficients": dict(zip(preprocess.CLINICAL_FEATURES, map(float, fus.coef_[0][1:]))),
                   "intercept": float(fus.intercept_[0]),
                   "fit": "logistic regression on [out-of-fold image logit (OS-GCT), clinical features] of the non-test images"}
    log("fusion", json.dumps(M["fusion"]))

    # ---- internal test
    named = {"age": s_age, "centre": s_centre, "clinical": s_clin, "image": s_img, "fused": s_fused}
    M["internal_test"] = scores_block(yt, named)
    M["internal_test"]["image_vs_age"] = stats.paired_delong(yt, s_img, s_age)
    M["internal_test"]["fused_vs_image"] = stats.paired_delong(yt, s_fused, s_img)
    thr = {"image": stats.youden_threshold(ytr, oof_img), "fused": stats.youden_threshold(ytr, oof_fused),
           "clinical": stats.youden_threshold(ytr, oof_clin)}
    M["thresholds"] = {k: {"logit_os_minus_gct": v, "p_os": float(1 / (1 + np.exp(-v))),
                           "chosen_by": "Youden index on out-of-fold CV scores of the non-test images"} for k, v in thr.items()}
    for k in ("image", "fused", "clinical"):
        M["internal_test"][k]["at_threshold"] = stats.binary_metrics(yt, named[k], thr[k])
        M["cv"]["oof_" + k + "_at_threshold"] = stats.binary_metrics(ytr, {"image": oof_img, "fused": oof_fused, "clinical": oof_clin}[k], thr[k])
    # patient-pooled (mean score over a patient group's views) as a secondary view
    gids = np.array([r["group"] for r in test])
    pooled = {}
    for k in ("age", "clinical", "image", "fused"):
        ug = sorted(set(gids))
        pooled[k] = stats.auc_ci([int(yt[gids == g][0]) for g in ug], [float(named[k][gids == g].mean()) for g in ug])
    M["internal_test_patient_pooled"] = dict(pooled, n_groups=len(set(gids)))
    loc, per = localisation(cam, lg, crops_te, test, masks)
    M["internal_test"]["localisation"] = loc
    for k, v in M["internal_test"].items():
        if isinstance(v, dict) and "auc" in v:
            log(f"test {k:9s} AUC {v['auc']:.4f} [{v['ci95'][0]:.3f}, {v['ci95'][1]:.3f}]"
                + (f"  vs clinical p={v['vs_clinical']['p']:.4f}" if "vs_clinical" in v else ""))
    log("test localisation", json.dumps(loc))
    log(f"CV OOF AUC image {M['cv']['oof_auc_image']['auc']:.4f} fused {M['cv']['oof_auc_fused']['auc']:.4f} "
        f"clinical {M['cv']['oof_auc_clinical']['auc']:.4f} age {M['cv']['oof_auc_age']['auc']:.4f}")

    # ---- OOF localisation (CV members on their own folds, repeat 0)
    M["cv"]["localisation"] = oof_localisation(a.run, train, sp, pp, masks, log)

    # ---- OOD on the embedding: diagonal Mahalanobis (RMS of z-scores) to the training embeddings
    x_tr, _, _ = common.preprocess_items(items_for(train), pp)
    _, _, emb_tr = common.run_wrapper(wrapper, x_tr)
    mu = emb_tr.mean(0)
    sd = emb_tr.std(0)
    sd = np.maximum(sd, 1e-3 * float(sd.mean()) + 1e-6)
    dist = lambda e: np.sqrt((((e - mu) / sd) ** 2).mean(axis=1))
    d_tr = dist(emb_tr)
    thr_ood = float(np.percentile(d_tr, 99))
    others = [r for r in rows if r["target"] < 0 and r["group"] not in test_groups][::5]
    x_o, _, _ = common.preprocess_items(items_for(others), pp)
    _, _, emb_o = common.run_wrapper(wrapper, x_o)
    rng = np.random.default_rng(0)
    normals = [r for r in data.load_metadata() if r["label"] == "normal"][::20]
    nitems = []
    for r in normals:
        w = float(rng.uniform(25, 90))
        nitems.append({"image": os.path.join(data.DATA_DIR, r["image_file"]),
                       "box": [float(rng.uniform(20, 236 - w)), float(rng.uniform(20, 236 - w)), w, w]})
    x_n, _, _ = common.preprocess_items(nitems, pp)
    _, _, emb_n = common.run_wrapper(wrapper, x_n)
    M["ood"] = {"method": "diagonal_mahalanobis",
                "rule": "d = sqrt(mean_k(((embedding_k - mean_k) / std_k)^2)); out of distribution when d > threshold",
                "mean": [round(float(v), 6) for v in mu], "std": [round(float(v), 6) for v in sd],
                "threshold": round(thr_ood, 6), "threshold_source": "99th percentile of d on the non-test training images",
                "flagged_fraction": {"train": float((d_tr > thr_ood).mean()), "internal_test": float((dist(emb_te) > thr_ood).mean()),
                                     f"other_tumour_subtypes_n{len(others)}": float((dist(emb_o) > thr_ood).mean()),
                                     f"normal_radiographs_random_box_n{len(normals)}": float((dist(emb_n) > thr_ood).mean())}}
    log("ood", json.dumps(M["ood"]["flagged_fraction"]), "threshold", thr_ood)

    # ---- cross-centre: trained without centre 2 (pre-training too), tested on all centre-2 OS/GCT
    xp = sorted(glob.glob(os.path.join(a.run, "xcentre_m*.pt")))
    if xp:
        c2 = [r for r in rows if r["target"] >= 0 and r["center"] == "2"]
        c1 = [r for r in train if r["center"] == "1"]
        y2 = np.array([r["target"] for r in c2])
        y1 = np.array([r["target"] for r in c1])
        xw, _ = common.build_wrapper(xp, tta_flip=a.tta)
        x2, crops2, _ = common.preprocess_items(items_for(c2), pp)
        l2, cam2, _ = common.run_wrapper(xw, x2)
        X1 = np.array([data.clinical_features(r) for r in c1])
        X2 = np.array([data.clinical_features(r) for r in c2])
        cl1 = fit_logistic(X1, y1)
        named2 = {"age": -X2[:, 0], "clinical": logit_of(cl1, X2), "image": l2[:, 1] - l2[:, 0]}
        M["cross_centre"] = scores_block(y2, named2)
        M["cross_centre"]["description"] = (f"trained on the {len(c1)} non-test centre-1 OS/GCT images (pre-training without any "
                                            f"centre-2 image); tested on all {len(c2)} centre-2 OS/GCT images")
        M["cross_centre"]["n"] = len(c2)
        M["cross_centre"]["n_gct"] = int((1 - y2).sum())
        M["cross_centre"]["localisation"], _ = localisation(cam2, l2, crops2, c2, masks)
        for k in named2:
            v = M["cross_centre"][k]
            log(f"cross-centre {k:9s} AUC {v['auc']:.4f} [{v['ci95'][0]:.3f}, {v['ci95'][1]:.3f}]")
        log("cross-centre localisation", json.dumps(M["cross_centre"]["localisation"]))
    M["evaluated"] = {"run": os.path.relpath(a.run, HERE), "members": [os.path.basename(p) for p in paths], "tta_flip": a.tta,
                      "command": "python3 evaluate.py " + " ".join(sys.argv[1:])}
    json.dump(M, open(os.path.join(out, "metrics.json"), "w"), indent=1)
    json.dump({"test": {r["stem"]: {"y": int(yt[i]), "image": float(s_img[i]), "fused": float(s_fused[i]), "clinical": float(s_clin[i]),
                                    **per[i]} for i, r in enumerate(test)}},
              open(os.path.join(out, "test_predictions.json"), "w"))
    log("wrote", os.path.join(out, "metrics.json"))


def oof_tta(run, train, rep_ids, pp, log):
    x, _, _ = common.preprocess_items(items_for(train), pp)
    sp = data.load_splits()
    acc = np.zeros(len(train))
    for rep in rep_ids:
        for k, fold in enumerate(sp["cv"]["repeats"][rep]):
            fs = set(fold)
            msk = np.array([r["stem"] in fs for r in train])
            w, _ = common.build_wrapper([os.path.join(run, "cv", f"r{rep}_f{k}.pt")], tta_flip=True)
            l, _, _ = common.run_wrapper(w, x[msk])
            acc[msk] += (l[:, 1] - l[:, 0]) / len(rep_ids)
    return acc


def oof_localisation(run, train, sp, pp, masks, log):
    x, crops, _ = common.preprocess_items(items_for(train), pp)
    per = []
    for k, fold in enumerate(sp["cv"]["repeats"][0]):
        p = os.path.join(run, "cv", f"r0_f{k}.pt")
        if not os.path.exists(p):
            return None
        fs = set(fold)
        ii = [i for i, r in enumerate(train) if r["stem"] in fs]
        w, _ = common.build_wrapper([p])
        l, c, _ = common.run_wrapper(w, x[ii])
        _, pr = localisation(c, l, [crops[i] for i in ii], [train[i] for i in ii], masks)
        per += pr
    out = {key: float(np.mean([p[key] for p in per])) for key in ("pointing", "energy_in_mask", "chance")}
    out["n"] = len(per)
    log("CV OOF localisation (repeat 0)", json.dumps(out))
    return out


if __name__ == "__main__":
    main()
