"""Writes the reference values the C# inference tests compare with (tests/BoneTumorTutor.Tests/Inference/reference.json).

    /usr/bin/python3 tests/BoneTumorTutor.Tests/Inference/make_reference.py

Inputs: four committed phantoms (384x480, so Pillow's frame resize is exercised) with their case boxes, and three
BTXRD OS/GCT images read from ../shared at run time (only their ids and the numbers computed from them are written,
never pixels). For each: the SHA-256 of the 8-bit frame (Pillow 'L' + BILINEAR resize), the crop square, the model input
(full vector for the first two items, statistics for all), logits, p(OS), the model's own `cam` output run in PyTorch,
and a PyTorch Grad-CAM computed with autograd hooks (models/training/reference.py), plus the embedding and the card's OOD
distance. Deterministic: run it again and the file is unchanged."""
import hashlib
import json
import os
import re
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "models", "training"))
import preprocess  # noqa: E402
import reference  # noqa: E402

PHANTOMS = ["phantom-01", "phantom-02", "phantom-05", "phantom-10"]
BTXRD = ["IMG000002", "IMG000003"]  # first OS rows; a GCT row is added below
MODEL = "btt-os-gct"


def phantom_item(pid):
    text = open(os.path.join(ROOT, "content", "cases", pid, "case.md")).read()
    box = [float(v) for v in re.search(r"lesion_box:\s*\[([^\]]+)\]", text).group(1).split(",")]
    age = float(re.search(r"\nage:\s*(\d+)", text).group(1))
    sex = re.search(r"\nsex:\s*(\w+)", text).group(1)
    site = re.search(r"\nsite:\s*([^\n]+)", text).group(1).strip()
    clin = preprocess.clinical_vector(age, sex, site in ("distal femur", "femur"), site in ("proximal tibia", "tibia")).tolist()
    return {"image": os.path.join(ROOT, "content", "cases", pid, "image.png"), "box": box, "id": pid, "clinical": clin,
            "age": age, "sex": sex, "site": site}


def main():
    shared = os.path.join(ROOT, "..", "shared", "data", "btxrd")
    items = [phantom_item(p) for p in PHANTOMS]
    ids = list(BTXRD)
    import csv
    for r in csv.DictReader(open(os.path.join(shared, "metadata.csv"))):
        if r["label"] == "giant cell tumor":
            ids.append(os.path.splitext(os.path.basename(r["image_file"]))[0])
            break
    items += reference.items_from_metadata(shared, ids=set(ids))
    card_path = os.path.join(ROOT, "models", MODEL + ".json")
    card = json.load(open(card_path))
    res = reference.write_reference(os.path.join(ROOT, "models", MODEL + ".pt"), card_path, items, "/tmp/btt-reference-full.json")
    pp = card["preprocessing"]
    ood = card["ood"]
    out = {"model": MODEL, "sha256": card["sha256"], "items": []}
    for k, (it, e) in enumerate(zip(items, res["items"])):
        frame, size = preprocess.load_frame(it["image"], int(pp["frame_size"]))
        emb = np.array(e["embedding"], dtype=np.float64)
        d = float(np.sqrt(np.mean(((emb - np.array(ood["mean"])) / np.array(ood["std"])) ** 2)))
        path = os.path.relpath(os.path.abspath(it["image"]), ROOT)
        o = {"id": e["id"], "path": path.replace(os.sep, "/"), "box": e["box"], "size_px": e["size_px"],
             "frame_sha256": hashlib.sha256(frame.astype(np.uint8).tobytes()).hexdigest(),
             "crop": e["crop"], "input_stats": e["input_stats"],
             "logits": e["logits"], "p_osteosarcoma": e["p_osteosarcoma"], "cam": e["cam"], "gradcam": e["gradcam"],
             "embedding": e["embedding"], "ood_distance": d}
        if "age" in it:
            o.update(age=it["age"], sex=it["sex"], site=it["site"])
        if k < 2:
            o["input"] = [round(v, 6) for v in e["input"]]
        out["items"].append(o)
    dest = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    with open(dest, "w") as f:
        json.dump(out, f, indent=0)
    print(f"{len(out['items'])} items -> {dest}")


if __name__ == "__main__":
    main()
