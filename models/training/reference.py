"""Reference outputs for the C# tests: contract preprocessing vectors, logits and a PyTorch Grad-CAM
computed with autograd hooks on each member's last block (NOT read from the model's `cam` output).

    # model outputs for listed images (items.json: [{"image": path, "box": [x,y,w,h], "clinical": [4 floats]?, "id": str?}])
    /usr/bin/python3 reference.py --model models/NAME.pt --card models/NAME.json --items items.json --out ref.json
    # the same for rows of a folder in the shared layout (metadata.csv; box from mask_file, else roi_x..roi_h, else whole image)
    /usr/bin/python3 reference.py --model models/NAME.pt --card models/NAME.json --metadata DIR [--limit 5] --out ref.json
    # preprocessing vectors only, for arbitrary PNGs (box "x,y,w,h" in image pixels after ':'; default: whole image)
    /usr/bin/python3 reference.py --card models/NAME.json --png a.png b.png:10,20,30,40 --out pre.json

Grad-CAM definition (equals the contract's `cam`): for class c and every forward pass of a member's last
block (members x [image, flipped image] when the model uses flip TTA), alpha_k = mean over (y,x) of
d logit_c / d A_k(y,x); the pass's map is ReLU(sum_k alpha_k A_k), flipped back for a flipped pass; the
reference Grad-CAM is h*w times the sum over passes. For this architecture it equals `cam` exactly
(the C# test checks correlation > 0.99)."""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
import preprocess  # noqa: E402


def gradcam(wrapper, x, clinical=None):
    """Returns (logits [N,2], gradcam [N,2,h,w]) with hooks on members[i].features[-1]."""
    acts = []

    def fwd_hook(_m, _inp, out):
        out.retain_grad()
        acts.append(out)

    hooks = [m.features[-1].register_forward_hook(fwd_hook) for m in wrapper.members]
    try:
        cams = []
        logits = None
        for c in range(2):
            acts.clear()
            xx = torch.from_numpy(x).clone().requires_grad_(False)
            cc = None if clinical is None else torch.from_numpy(np.asarray(clinical, dtype=np.float32))
            with torch.enable_grad():
                out = wrapper(*common.wrapper_args(wrapper, xx, cc))
                wrapper.zero_grad()
                out[0][:, c].sum().backward()
            logits = out[0].detach().numpy()
            n_members = len(wrapper.members)
            # a context model runs each member's blocks twice per pass, image crop first: only the image crop's
            # last block has a CAM (the context crop's features enter the logit through the pooled embedding only)
            per = 2 if wrapper.context else 1
            total = 0
            for j, A in enumerate(acts):
                if j % per:
                    continue
                i = j // per
                alpha = A.grad.mean(dim=(2, 3), keepdim=True)
                g = torch.relu((alpha * A).sum(dim=1))
                if i >= n_members:  # flipped pass (TTA): map back
                    g = torch.flip(g, dims=[2])
                total = total + g
            h, w = acts[0].shape[2:]
            cams.append((total * h * w).detach().numpy())
        return logits, np.stack(cams, axis=1)
    finally:
        for hk in hooks:
            hk.remove()


def _stats(a):
    a = np.asarray(a, dtype=np.float64)
    return {"mean": float(a.mean()), "std": float(a.std()), "min": float(a.min()), "max": float(a.max()), "sum": float(a.sum())}


def preprocess_entry(path, box, pp):
    frame, size = preprocess.load_frame(path, int(pp["frame_size"]))
    if box is None:
        box = [0.0, 0.0, float(size[0]), float(size[1])]
    fbox = preprocess.scale_box(box, size, int(pp["frame_size"]))
    o = preprocess.preprocess_frame(frame, fbox, pp)
    e = {"image": path, "box": [float(v) for v in box], "size_px": list(size), "frame_box": fbox, "crop": list(o["crop"]),
         "input_shape": list(o["image"].shape), "input_stats": _stats(o["image"]),
         "input": [float(v) for v in o["image"].reshape(-1)]}
    if "context" in o:
        e["context_stats"] = _stats(o["context"])
        e["context"] = [float(v) for v in o["context"].reshape(-1)]
    return e, o


def write_reference(model_pt, card_path, items, out_path, log=print):
    card = json.load(open(card_path))
    pp = card["preprocessing"]
    wrapper, info = common.load_shipped(model_pt)
    res = {"model": os.path.basename(model_pt), "card": os.path.basename(card_path), "preprocessing": pp,
           "gradcam_definition": "h*w * sum over member passes of ReLU(sum_k mean_yx(dlogit_c/dA_k) * A_k); hooks on the last block",
           "items": []}
    entries, xs, clin = [], [], []
    for it in items:
        e, o = preprocess_entry(it["image"], it.get("box"), pp)
        e["id"] = it.get("id", os.path.basename(it["image"]))
        if wrapper.fused:
            c = it.get("clinical")
            if c is None:
                raise SystemExit(f"{e['id']}: this model needs clinical features {pp['clinical_features']}")
            e["clinical"] = [float(v) for v in c]
            clin.append(e["clinical"])
        entries.append(e)
        xs.append(common.stacked_input(o))
    x = np.stack(xs).astype(np.float32)
    cl = np.array(clin, dtype=np.float32) if wrapper.fused else None
    logits, gc = gradcam(wrapper, x, cl)
    with torch.no_grad():
        own = common.run_wrapper(wrapper, x, cl)
    for k, e in enumerate(entries):
        z = logits[k] - logits[k].max()
        p = np.exp(z) / np.exp(z).sum()
        e["logits"] = [float(v) for v in logits[k]]
        e["p_osteosarcoma"] = float(p[1])
        e["predicted_class"] = int(np.argmax(logits[k]))
        e["gradcam_shape"] = list(gc[k].shape)
        e["gradcam"] = [[[float(v) for v in row] for row in gc[k, c]] for c in range(2)]
        e["embedding_stats"] = _stats(own[2][k])
        e["embedding"] = [float(v) for v in own[2][k]]
        e["cam"] = [[[float(v) for v in row] for row in own[1][k, c]] for c in range(2)]  # the graph's own output, in PyTorch
        e["cam_model_max_abs_diff_vs_gradcam"] = float(np.abs(own[1][k] - gc[k]).max())
        res["items"].append(e)
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w") as f:
        json.dump(res, f)
    log(f"reference: {len(entries)} items -> {out_path}")
    return res


def items_from_metadata(folder, limit=None, ids=None):
    from PIL import Image
    rows = list(csv.DictReader(open(os.path.join(folder, "metadata.csv"), newline="")))
    items = []
    for r in rows:
        if r.get("label") not in ("osteosarcoma", "giant cell tumor"):
            continue
        stem = os.path.splitext(os.path.basename(r["image_file"]))[0]
        if ids and stem not in ids and r.get("image_id") not in ids:
            continue
        box = None
        if r.get("mask_file"):
            box = preprocess.box_from_mask(np.asarray(Image.open(os.path.join(folder, r["mask_file"])).convert("L")))
        elif r.get("roi_w"):
            box = [float(r["roi_x"]), float(r["roi_y"]), float(r["roi_w"]), float(r["roi_h"])]
        it = {"image": os.path.join(folder, r["image_file"]), "box": box, "id": stem}
        if r.get("age"):
            it["clinical"] = preprocess.clinical_vector(r["age"], r.get("gender", ""), r.get("femur", "0") == "1",
                                                        r.get("tibia", "0") == "1").tolist()
        items.append(it)
        if limit and len(items) >= limit:
            break
    return items


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="models/NAME.pt")
    ap.add_argument("--card", required=True, help="models/NAME.json (its preprocessing object is used)")
    ap.add_argument("--items")
    ap.add_argument("--metadata")
    ap.add_argument("--ids", default=None, help="comma-separated image stems (with --metadata)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--png", nargs="+")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.png:
        pp = json.load(open(a.card))["preprocessing"]
        res = {"preprocessing": pp, "items": []}
        for spec in a.png:
            path, box = spec, None
            if ":" in spec and os.path.exists(spec.rsplit(":", 1)[0]):
                path, b = spec.rsplit(":", 1)
                box = [float(v) for v in b.split(",")]
            e, _ = preprocess_entry(path, box, pp)
            res["items"].append(e)
        with open(a.out, "w") as f:
            json.dump(res, f)
        print(f"preprocessing vectors: {len(res['items'])} images -> {a.out}")
        return
    if not a.model:
        raise SystemExit("--model is required unless --png is given")
    if a.items:
        items = json.load(open(a.items))
    elif a.metadata:
        items = items_from_metadata(a.metadata, a.limit, set(a.ids.split(",")) if a.ids else None)
    else:
        raise SystemExit("give --items, --metadata or --png")
    write_reference(a.model, a.card, items, a.out)


if __name__ == "__main__":
    main()
