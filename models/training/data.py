"""BTXRD metadata, patient groups, splits and the frame cache (git-ignored, never committed).

Patient groups follow PROVENANCE.md: rows sorted by numeric id; consecutive rows with equal centre,
age, gender and all 15 site flags form one group (rows are images, not patients)."""
from __future__ import annotations

import csv
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.environ.get("BTXRD_DIR", os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "btxrd")))
CACHE_DIR = os.path.join(HERE, "cache")
RUNS_DIR = os.path.join(HERE, "runs")
SPLITS_DIR = os.path.join(HERE, "splits")

SITE_FLAGS = ["hand", "ulna", "radius", "humerus", "foot", "tibia", "fibula", "femur", "hip bone", "ankle-joint",
              "knee-joint", "hip-joint", "wrist-joint", "elbow-joint", "shoulder-joint"]
TARGET = {"giant cell tumor": 0, "osteosarcoma": 1}
# pre-training classes: the other tumour subtypes (OS/GCT images contribute masks only, see train.py)
OTHER_SUBTYPES = ["osteochondroma", "multiple osteochondromas", "simple bone cyst", "other bt",
                  "synovial osteochondroma", "other mt", "osteofibroma"]


def _num(image_id: str) -> int:
    return int(re.sub(r"\D", "", image_id))


def load_metadata(data_dir: str = DATA_DIR) -> list[dict]:
    with open(os.path.join(data_dir, "metadata.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: _num(r["image_id"]))
    gid, prev_key = -1, None
    for r in rows:
        key = (r["center"], r["age"], r["gender"]) + tuple(r.get(s, "") for s in SITE_FLAGS)
        if r["label"] == "normal" or key != prev_key:
            gid += 1
        r["group"] = gid
        prev_key = key if r["label"] != "normal" else None
        r["stem"] = os.path.splitext(os.path.basename(r["image_file"]))[0]
        lab = r["label"].split("|")[0]
        r["subtype"] = OTHER_SUBTYPES.index(lab) if lab in OTHER_SUBTYPES else -1
        r["target"] = TARGET.get(r["label"], -1)
    return rows


def clinical_features(r: dict) -> list[float]:
    """age_years_div_100, sex_male, site_femur, site_tibia (contract step 6)."""
    return [float(r["age"]) / 100.0, 1.0 if r["gender"].strip().upper() == "M" else 0.0,
            float(r["femur"] == "1"), float(r["tibia"] == "1")]


def load_cache(data_dir: str = DATA_DIR, verbose: bool = True):
    """All masked images as uint8 frames/masks [N,256,256] plus their rows (built once, then memory-mapped)."""
    from PIL import Image
    rows = [r for r in load_metadata(data_dir) if r["mask_file"]]
    os.makedirs(CACHE_DIR, exist_ok=True)
    fpath, mpath, ipath = (os.path.join(CACHE_DIR, n) for n in ("frames.npy", "masks.npy", "ids.json"))
    ids = [r["stem"] for r in rows]
    if not (os.path.exists(fpath) and os.path.exists(ipath) and json.load(open(ipath)) == ids):
        if verbose:
            print(f"building frame cache for {len(rows)} masked images ...", flush=True)
        frames = np.zeros((len(rows), 256, 256), np.uint8)
        masks = np.zeros((len(rows), 256, 256), np.uint8)
        for i, r in enumerate(rows):
            with Image.open(os.path.join(data_dir, r["image_file"])) as im:
                g = im.convert("L")
                if g.size != (256, 256):
                    g = g.resize((256, 256), Image.BILINEAR)
                frames[i] = np.asarray(g)
            with Image.open(os.path.join(data_dir, r["mask_file"])) as im:
                mk = im.convert("L")
                if mk.size != (256, 256):
                    mk = mk.resize((256, 256), Image.NEAREST)
                masks[i] = (np.asarray(mk) > 127).astype(np.uint8)
        np.save(fpath, frames)
        np.save(mpath, masks)
        json.dump(ids, open(ipath, "w"))
    frames = np.load(fpath, mmap_mode="r")
    masks = np.load(mpath, mmap_mode="r")
    for i, r in enumerate(rows):
        r["idx"] = i
        ys, xs = np.nonzero(masks[i])
        r["box"] = [float(xs.min()), float(ys.min()), float(xs.max() - xs.min() + 1), float(ys.max() - ys.min() + 1)]
    return rows, np.asarray(frames), np.asarray(masks)


def read_ids(name: str) -> list[str]:
    with open(os.path.join(SPLITS_DIR, name)) as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]


def load_splits() -> dict:
    """{'test': [stems], 'cv': {'repeats': [[fold0 stems, ...], ...]}}"""
    with open(os.path.join(SPLITS_DIR, "cv_folds.json")) as f:
        cv = json.load(f)
    return {"test": read_ids("internal_test_ids.txt"), "cv": cv}
