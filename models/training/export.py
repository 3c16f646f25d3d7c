"""Export the shipped model: ONNX (opset 17, dynamic batch) + model card JSON + .pt state_dict.

    /usr/bin/python3 export.py --run runs/v1 --name btt-lesion-v1 [--fused] [--tta] [--development]

Reads RUN/final_m*.pt (ensemble members) and RUN/eval/metrics.json (from evaluate.py; the card's metrics
are copied from there, never typed in). Writes models/<name>.onnx, models/<name>.json, models/<name>.pt
and checks that the ONNX graph is valid and that PyTorch reproduces the contract's outputs."""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import card_md  # noqa: E402
import common  # noqa: E402
import nets  # noqa: E402
import preprocess  # noqa: E402

MODELS_DIR = os.path.normpath(os.path.join(HERE, ".."))
DATASET = {
    "name": "BTXRD (Yao et al., Sci Data 2025, doi:10.1038/s41597-024-04311-y)",
    "record": "doi:10.6084/m9.figshare.27865398 (a reduced 256x256 copy; see shared/data/btxrd/PROVENANCE.md)",
    "licence": ("educational, non-commercial use; CC BY-NC-ND 4.0 article; Radiopaedia/MedPix terms for centres 2/3; "
                "the images, masks and metadata are not redistributed with this model"),
}


LIMITATIONS = [
    "Trained and tested on one public dataset (BTXRD, centres 1 and 2): 286 training images (about 140 patients), "
    "an internal test of 73 images (16 giant cell tumours). Confidence intervals are wide; the external held-out "
    "set (not available here) has not been scored by this training code.",
    "Images are 256x256 copies resized without keeping the aspect ratio; lesions are small (median box ~1/3 of the "
    "frame side), so fine matrix and periosteal detail is lost.",
    "Needs a lesion box: the input is cut around it. A loose or misplaced box changes the output; the model was "
    "trained with box jitter (scale +-25%, shift +-12% of the crop side) but not with boxes far off the lesion.",
    "Two classes only: any other lesion (other tumours, infection, normal bone) is forced into osteosarcoma vs giant "
    "cell tumour. The OOD check on the embedding flags only a few such inputs (see ood.flagged_fraction).",
    "Not all sites are the knee: BTXRD records the bone, not distal/proximal; training included OS/GCT at any site.",
    "Some centre-1 labels are expert reads without pathology (dataset usage notes).",
    "The heatmap is a class-activation map at 16x16 on the crop (8 frame pixels per cell at the median box); it was "
    "trained to stay inside the tumour mask (mask-guided loss), so it shows where the evidence is, not why.",
]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_onnx(wrapper, pp, path):
    S = int(pp["input_size"])
    x = torch.randn(2, 2 if wrapper.context else 1, S, S)
    args = tuple(common.wrapper_args(wrapper, x, torch.rand(2, len(preprocess.CLINICAL_FEATURES))))
    names_in = ["image"] + (["context"] if wrapper.context else []) + (["clinical"] if wrapper.fused else [])
    dyn = {"logits": {0: "N"}, "cam": {0: "N"}, "embedding": {0: "N"}, **{n: {0: "N"} for n in names_in}}
    torch.onnx.export(wrapper, args, path, opset_version=17, input_names=names_in,
                      output_names=["logits", "cam", "embedding"], dynamic_axes=dyn, do_constant_folding=True)
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return m


def export(model_paths, onnx_path, card_path, name, development=False, log=print, metrics=None, fused=False, tta=False,
           description=None, pt_path=None, notes=None):
    fusion = None
    if fused:
        fz = metrics["fusion"]
        coef = [fz["clinical_coefficients"][f] for f in preprocess.CLINICAL_FEATURES]
        fusion = {"scale": fz["scale"], "weight": [[0.0] * len(coef), coef], "bias": [0.0, fz["intercept"]]}
    wrapper, meta = common.build_wrapper(model_paths, tta_flip=tta, fusion=fusion)
    pp = dict(meta["pp"])
    pp["clinical_features"] = list(preprocess.CLINICAL_FEATURES)
    export_onnx(wrapper, pp, onnx_path)
    pt_path = pt_path or os.path.splitext(onnx_path)[0] + ".pt"
    common.save_shipped(pt_path, wrapper, meta)
    # self-check: shipped .pt rebuilds the same outputs; cam == ReLU(class-weighted map)
    w2, _ = common.load_shipped(pt_path)
    x = torch.randn(3, 2 if wrapper.context else 1, pp["input_size"], pp["input_size"])
    c = torch.rand(3, 4)
    with torch.no_grad():
        o1 = wrapper(*common.wrapper_args(wrapper, x, c))
        o2 = w2(*common.wrapper_args(w2, x, c))
    assert all(torch.allclose(p, q) for p, q in zip(o1, o2))
    n_params = nets.param_count(wrapper)
    h = o1[1].shape[-1]
    arch = meta["arch"]
    card = {
        "name": name,
        "contract_version": 1,
        "status": "development model - for integration only, not evaluated for teaching" if development else "release",
        "description": description or "",
        "intended_use": "education only, not for clinical use: a second reader for teaching residents to tell lytic osteosarcoma "
                        "from giant cell tumour of bone on radiographs; never for diagnosis or patient management",
        "classes": ["giant-cell-tumor", "osteosarcoma"],
        "positive_class_index": 1,
        "inputs": {"image": [None, 1, pp["input_size"], pp["input_size"]],
                   **({"context": [None, 1, pp["input_size"], pp["input_size"]]} if wrapper.context else {}),
                   **({"clinical": [None, 4]} if fused else {})},
        "outputs": {"logits": [None, 2], "cam": [None, 2, h, h], "embedding": [None, int(o1[2].shape[1])]},
        "preprocessing": pp,
        "architecture": {"family": "ResNet-style CNN (basic blocks), global average pooling -> linear head",
                         "config": arch, "members": len(model_paths), "ensemble": "mean of members' logits, CAMs and embeddings",
                         "tta": "horizontal flip, averaged (CAM flipped back)" if tta else "none",
                         "fusion": ("late fusion inside the graph: logits = scale * image_logits + clinical @ W^T + b "
                                    "(row 0 of W, b is zero), cam = scale * image cam; coefficients below") if fused else "none",
                         "fusion_parameters": fusion,
                         "parameters": n_params, "cam_grid": [h, h], "opset": 17, "pytorch_state_dict": os.path.basename(pt_path),
                         "python": "models/training/nets.py (LesionNet, ExportWrapper); load with common.load_shipped(path)"},
        "training_data": dict(DATASET),
        "frame_note": "the BTXRD copy was resized to 256x256 without keeping the aspect ratio; the app must resize the same way (contract step 1)",
    }
    if metrics:
        for k in ("split_sizes", "clinical_model", "cv", "internal_test", "internal_test_patient_pooled", "cross_centre",
                  "thresholds", "fusion", "ood", "evaluated"):
            if k in metrics:
                card[k] = metrics[k]
        shipped = "fused" if fused else "image"
        card["shipped_score"] = shipped
        card["threshold"] = metrics["thresholds"][shipped]
        card["metrics_source"] = metrics.get("evaluated", {}).get("command", "evaluate.py")
    card["limitations"] = list(LIMITATIONS)
    if notes:
        card.update(notes)
    card["sha256"] = sha256(onnx_path)
    card["onnx_bytes"] = os.path.getsize(onnx_path)
    with open(card_path, "w") as f:
        json.dump(card, f, indent=1)
    log(f"exported {onnx_path} ({card['onnx_bytes']} bytes, {n_params} params, sha256 {card['sha256'][:12]}), card {card_path}, {pt_path}")
    return card


def experiments_from_runs(experiments, log=print, tolerance=5e-5):
    """Experiments in the notes that name their runs ({"runs": {label: "runs/<dir>"}}) get their out-of-fold AUCs
    from those runs' cv/oof_r<k>.json files (one figure per label, a list when the run has several repeats) instead
    of figures typed from a log. A typed figure that disagrees with its run stops the export; a run that is not on
    this machine keeps its typed figure and says so."""
    out = []
    for e in experiments:
        e = dict(e)
        runs = e.get("runs")
        if runs:
            typed = e.get("oof_auc") if isinstance(e.get("oof_auc"), dict) else {}
            measured, missing = {}, []
            for label, run in runs.items():
                files = sorted(glob.glob(os.path.join(HERE, run, "cv", "oof_r*.json")))
                if not files:
                    missing.append(run)
                    continue
                aucs = [round(json.load(open(f))["auc"], 4) for f in files]
                measured[label] = aucs[0] if len(aucs) == 1 else aucs
                if label in typed and not _same(typed[label], measured[label], tolerance):
                    raise SystemExit(f"experiment '{e['what']}': {label} is typed as {typed[label]} but {run} measured "
                                     f"{measured[label]}; fix card_notes.json")
            e["oof_auc"] = {**typed, **measured}
            e["figures"] = ("read from the runs' cv/oof_r*.json at export" if not missing else
                            f"read from the runs at export, except {', '.join(missing)} (not on this machine: typed from its log)")
            log(f"experiment '{e['what']}': {e['oof_auc']}")
        out.append(e)
    return out


def _same(a, b, tolerance):
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b))
    return abs(a - b) <= tolerance


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--members", default="final")
    ap.add_argument("--fused", action="store_true")
    ap.add_argument("--tta", action="store_true")
    ap.add_argument("--development", action="store_true")
    ap.add_argument("--notes", default=None, help="JSON file with extra card fields (limitations, rationale, experiments)")
    ap.add_argument("--metrics", default=None)
    a = ap.parse_args()
    log = common.Log(os.path.join(a.run, "export.log"))
    mp = a.metrics or os.path.join(a.run, "eval", "metrics.json")
    metrics = json.load(open(mp)) if os.path.exists(mp) else None
    paths = sorted(glob.glob(os.path.join(a.run, f"{a.members}_m*.pt")))
    notes = json.load(open(a.notes)) if a.notes else {}
    if "experiments" in notes:
        notes["experiments"] = experiments_from_runs(notes["experiments"], log)
    # The settings the members were trained with, as train.py wrote them (config_final.json when the final command ran
    # with overrides of its own, else config.json), rather than retyped in the notes.
    for cfg in (os.path.join(a.run, f"config_{a.members}.json"), os.path.join(a.run, "config.json")):
        if os.path.exists(cfg):
            notes["training_config"] = json.load(open(cfg))
            break
    export(paths, os.path.join(MODELS_DIR, a.name + ".onnx"), os.path.join(MODELS_DIR, a.name + ".json"), a.name,
           development=a.development, log=log, metrics=metrics, fused=a.fused, tta=a.tta, notes=notes)
    log("wrote", card_md.render_file(os.path.join(MODELS_DIR, a.name + ".json")),
        "(run eval_shipped.py --update-card next: it adds the localisation baseline and calibration, and renders it again)")


if __name__ == "__main__":
    main()
