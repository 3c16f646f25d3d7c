"""Writes splits/internal_test_ids.txt and splits/cv_folds.json (run once; the files are committed).

Grouped stratified assignment (groups = patient groups, strata = label x centre): groups are shuffled
with a seed and each goes to the fold whose image count in the group's stratum is furthest below its
target; of 200 seeds the assignment with the smallest squared deviation from the targets is kept
(sklearn's StratifiedGroupKFold left only 5 GCT in the test fold). Internal test = fold 0 of 5 over all
OS/GCT images; CV = 3 repeats (base seeds 1, 2, 3) of 5 folds on the rest."""
import collections
import json
import os

import numpy as np

import data


def grouped_folds(rows, k, base_seed):
    strata = sorted({(r["target"], r["center"]) for r in rows})
    groups = collections.defaultdict(list)
    for i, r in enumerate(rows):
        groups[r["group"]].append(i)
    total = collections.Counter((r["target"], r["center"]) for r in rows)
    best = None
    for trial in range(200):
        rng = np.random.default_rng(base_seed * 1000 + trial)
        order = list(groups)
        rng.shuffle(order)
        order.sort(key=lambda gk: -len(groups[gk]))  # big groups first, shuffled among equals (stable)
        cnt = np.zeros((k, len(strata)))
        assign = {}
        for gk in order:
            st = strata.index((rows[groups[gk][0]]["target"], rows[groups[gk][0]]["center"]))
            deficit = total[strata[st]] / k - cnt[:, st]
            f = int(np.argmax(deficit + 1e-6 * rng.random(k)))
            assign[gk] = f
            cnt[f, st] += len(groups[gk])
        target = np.array([total[s] / k for s in strata])
        cost = float(((cnt - target) ** 2).sum())
        if best is None or cost < best[0]:
            best = (cost, assign)
    folds = [[] for _ in range(k)]
    for gk, f in best[1].items():
        folds[f].extend(groups[gk])
    return folds


def main():
    rows = [r for r in data.load_metadata() if r["target"] >= 0]
    y = np.array([f'{r["target"]}_{r["center"]}' for r in rows])
    g = np.array([r["group"] for r in rows])
    test_idx = grouped_folds(rows, 5, 20250101)[0]
    test = sorted(rows[i]["stem"] for i in test_idx)
    rest = [r for r in rows if r["stem"] not in set(test)]
    yr = np.array([f'{r["target"]}_{r["center"]}' for r in rest])
    gr = np.array([r["group"] for r in rest])
    repeats = []
    for seed in (1, 2, 3):
        folds = [sorted(rest[i]["stem"] for i in va) for va in grouped_folds(rest, 5, seed)]
        repeats.append(folds)
    os.makedirs(data.SPLITS_DIR, exist_ok=True)
    with open(os.path.join(data.SPLITS_DIR, "internal_test_ids.txt"), "w") as f:
        f.write("# internal test set: BTXRD image stems (osteosarcoma / giant cell tumor), made by make_splits.py\n")
        f.write("\n".join(test) + "\n")
    with open(os.path.join(data.SPLITS_DIR, "cv_folds.json"), "w") as f:
        json.dump({"description": "repeated grouped 5-fold CV on the non-test OS/GCT images (grouped stratified assignment, "
                                  "strata label x centre, groups = patient groups; see make_splits.py); base seeds 1,2,3",
                   "repeats": repeats}, f, indent=0)
    by = {r["stem"]: r for r in rows}
    c = collections.Counter((by[s]["label"], by[s]["center"]) for s in test)
    print("test", len(test), dict(c), "groups", len({by[s]["group"] for s in test}))
    print("rest", len(rest), "groups", len(set(gr)))
    for rep in repeats:
        print([(len(f), sum(by[s]["target"] == 0 for s in f)) for f in rep])


if __name__ == "__main__":
    main()
