"""Training: pre-training on the other masked tumours, grouped CV, final ensemble, cross-centre run.

    /usr/bin/python3 train.py all --out runs/v1          # everything the evaluation and export need
    /usr/bin/python3 train.py --smoke --out DIR [--set JSON]   # CI smoke test (seconds): tiny net, export, reference JSON
    subcommands for experiments: pretrain | cv | final | crosscentre  (see --help); --set '{"pp": {"context_scale": 2}}'
    changes the config (a context input, finetune.ema, aug.flip, ...); BTT_THREADS sets torch's threads (default 2)

Every run writes DIR/train.log and DIR/config.json; models go to DIR/*.pt; CV out-of-fold predictions
to DIR/cv/oof_r<repeat>.json. Internal-test images are never used by any subcommand (pre-training included)."""
from __future__ import annotations

import argparse
import copy
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402
import data  # noqa: E402
import nets  # noqa: E402
import preprocess  # noqa: E402
import stats  # noqa: E402

DEFAULTS = {
    "arch": {"stem": 24, "widths": [32, 64, 128], "blocks": [1, 2, 2], "strides": [1, 2, 1]},
    "pp": dict(preprocess.DEFAULT_PREPROCESSING),
    "aug": {"scale": 0.25, "shift": 0.12, "rotate": 15, "gamma": 0.35, "contrast": 0.3, "brightness": 0.1, "noise": 0.04},
    "pretrain": {"epochs": 30, "lr": 2e-3, "wd": 5e-4, "batch": 64, "w_seg": 1.0},
    "finetune": {"epochs": 40, "lr": 1e-3, "wd": 5e-4, "batch": 32, "w_seg": 0.5, "w_cam": 1.0, "label_smoothing": 0.05},
    "members": 3,
    "cv_repeats": 1,
    "cv_repeat_start": 0,
    "seed": 7,
}


def deep_update(d, u):
    for k, v in u.items():
        if isinstance(v, dict) and isinstance(d.get(k), dict):
            deep_update(d[k], v)
        else:
            d[k] = v
    return d


class Data:
    def __init__(self):
        self.rows, self.frames, self.masks = data.load_cache()
        self.by = {r["stem"]: r for r in self.rows}
        sp = data.load_splits()
        self.test = set(sp["test"])
        self.cv = sp["cv"]["repeats"]
        test_groups = {self.by[s]["group"] for s in self.test}
        # internal-test patient groups are excluded everywhere (their other views too)
        self.pool = [r for r in self.rows if r["group"] not in test_groups]
        self.osgct = [r for r in self.pool if r["target"] >= 0]

    def arrays(self, rows):
        return (np.array([r["idx"] for r in rows]), np.array([r["box"] for r in rows], dtype=np.float64),
                np.array([r["target"] for r in rows]), np.array([r["subtype"] for r in rows]))


def seg_target(mask, h):
    return F.adaptive_avg_pool2d(mask, h)


def run_epochs(model, D, rows, cfg, phase, log, seed, tag=""):
    """phase 'pretrain': subtype CE (other tumours) + mask BCE (all); 'finetune': OS/GCT CE + mask BCE + CAM loss."""
    hp = cfg[phase]
    pp, aug = cfg["pp"], cfg["aug"]
    idx, boxes, tgt, sub = D.arrays(rows)
    gen = torch.Generator().manual_seed(seed)
    common.set_seed(seed)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=hp["lr"], weight_decay=hp["wd"])
    n, B = len(rows), hp["batch"]
    steps_per = max(1, n // B)
    total = hp["epochs"] * steps_per
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=hp["lr"], total_steps=total, pct_start=0.15)
    if phase == "finetune":
        cw = torch.tensor([n / (2 * max((tgt == 0).sum(), 1)), n / (2 * max((tgt == 1).sum(), 1))], dtype=torch.float32)
    # finetune.ema > 0: keep an exponential moving average of the weights (and BatchNorm statistics) with that decay
    # per step, and end with it instead of the last step's weights
    ema = copy.deepcopy(model) if hp.get("ema") else None
    model.train()
    t0 = time.time()
    for ep in range(hp["epochs"]):
        perm = torch.randperm(n, generator=gen).numpy()
        agg = {}
        for st in range(steps_per):
            bi = perm[st * B:(st + 1) * B]
            bt = common.make_batch(D.frames, D.masks, idx[bi], boxes[bi], pp, aug, gen)
            f = model.feature_map(bt["image"])
            h = f.shape[-1]
            mt = seg_target(bt["mask"], h)
            losses = {"seg": F.binary_cross_entropy_with_logits(model.seg(f), mt) * hp["w_seg"]}
            emb = f.mean(dim=(2, 3))
            if phase == "pretrain":
                sb = torch.as_tensor(sub[bi])
                ok = sb >= 0
                if ok.any():
                    losses["sub"] = F.cross_entropy(model.sub(emb[ok]), sb[ok])
            else:
                y = torch.as_tensor(tgt[bi])
                logits, cam, _ = model.head(f, model.feature_map(bt["context"]) if model.context else None)
                losses["ce"] = F.cross_entropy(logits, y, weight=cw, label_smoothing=hp["label_smoothing"])
                if hp["w_cam"] > 0:
                    out = (cam * (1 - mt)).sum(dim=(2, 3)) / (cam.sum(dim=(2, 3)) + 1e-6)
                    losses["cam"] = out.mean() * hp["w_cam"]
            loss = sum(losses.values())
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if ema is not None:
                with torch.no_grad():
                    for e_t, m_t in zip(ema.state_dict().values(), model.state_dict().values()):
                        if e_t.dtype.is_floating_point:
                            e_t.mul_(hp["ema"]).add_(m_t, alpha=1 - hp["ema"])
                        else:
                            e_t.copy_(m_t)
            for k, v in losses.items():
                agg[k] = agg.get(k, 0.0) + float(v) / steps_per
        if ep == 0 or (ep + 1) % 5 == 0 or ep + 1 == hp["epochs"]:
            log(f"{tag}{phase} epoch {ep + 1}/{hp['epochs']} " + " ".join(f"{k}={v:.4f}" for k, v in agg.items())
                + f" ({time.time() - t0:.0f}s)")
    if ema is not None:
        model.load_state_dict(ema.state_dict())
    model.eval()
    return model


def new_model(cfg, n_subtypes=0):
    return nets.LesionNet(cfg["arch"], n_subtypes=n_subtypes, seg=True, context=bool(cfg["pp"].get("context_scale")))


def load_encoder(model, path):
    ck = torch.load(path, map_location="cpu")
    sd = {k: v for k, v in ck["state_dict"].items() if not k.startswith(("fc.", "sub."))}
    missing, unexpected = model.load_state_dict(sd, strict=False)
    assert not unexpected, unexpected
    return model


@torch.no_grad()
def predict(models, D, rows, pp, tta=False):
    """Deterministic contract crops; returns logit differences (OS - GCT) averaged over models (and flip)."""
    idx, boxes, _, _ = D.arrays(rows)
    out = []
    for i in range(0, len(rows), 64):
        bt = common.make_batch(D.frames, D.masks, idx[i:i + 64], boxes[i:i + 64], pp)
        x, c = bt["image"], bt.get("context")
        acc = 0
        for m in models:
            l = m(x, c)[0]
            acc = acc + (l[:, 1] - l[:, 0])
            if tta:
                l2 = m(torch.flip(x, dims=[3]), None if c is None else torch.flip(c, dims=[3]))[0]
                acc = acc + (l2[:, 1] - l2[:, 0])
        out.append(acc / (len(models) * (2 if tta else 1)))
    return torch.cat(out).numpy().astype(np.float64)


def meta_for(cfg, n_sub=0):
    return {"arch": cfg["arch"], "pp": cfg["pp"], "n_subtypes": n_sub}


def cmd_pretrain(cfg, D, out, log, exclude_centre=None):
    rows = [r for r in D.pool if exclude_centre is None or r["center"] != str(exclude_centre)]
    log(f"pretrain on {len(rows)} masked tumour images (other subtypes labelled: {sum(r['subtype'] >= 0 for r in rows)};"
        f" OS/GCT images contribute masks only; internal-test groups excluded; centre excluded: {exclude_centre})")
    model = new_model(cfg, n_subtypes=len(data.OTHER_SUBTYPES))
    log(f"params {nets.param_count(model)}")
    run_epochs(model, D, rows, cfg, "pretrain", log, cfg["seed"])
    path = os.path.join(out, "pretrain_nocentre%s.pt" % exclude_centre if exclude_centre else "pretrain.pt")
    common.save_model(path, model, meta_for(cfg, len(data.OTHER_SUBTYPES)))
    log("saved", path)
    return path


def finetune(cfg, D, rows, pre, seed, log, tag=""):
    model = new_model(cfg)
    if pre:
        load_encoder(model, pre)
    return run_epochs(model, D, rows, cfg, "finetune", log, seed, tag)


def cmd_cv(cfg, D, out, log, pre):
    """Grouped CV; repeats cfg['cv_repeat_start'] .. +cfg['cv_repeats']-1; writes cv/oof_r<rep>.json each."""
    os.makedirs(os.path.join(out, "cv"), exist_ok=True)
    aucs = []
    start = cfg.get("cv_repeat_start", 0)
    for rep in range(start, start + cfg["cv_repeats"]):
        folds = D.cv[rep]
        oof = {}
        for k, fold in enumerate(folds):
            fs = set(fold)
            tr = [r for r in D.osgct if r["stem"] not in fs]
            va = [r for r in D.osgct if r["stem"] in fs]
            m = finetune(cfg, D, tr, pre, cfg["seed"] + 100 * rep + k, log, tag=f"[r{rep} f{k}] ")
            s = predict([m], D, va, cfg["pp"])
            y = [r["target"] for r in va]
            a = stats.auc(y, s)
            log(f"repeat {rep} fold {k}: n={len(va)} gct={y.count(0)} AUC={a:.4f}")
            oof.update({r["stem"]: float(v) for r, v in zip(va, s)})
            common.save_model(os.path.join(out, "cv", f"r{rep}_f{k}.pt"), m, meta_for(cfg))
        y = [D.by[s]["target"] for s in oof]
        a = stats.auc(y, list(oof.values()))
        log(f"repeat {rep}: pooled OOF AUC {a:.4f}")
        json.dump({"repeat": rep, "oof": oof, "auc": a}, open(os.path.join(out, "cv", f"oof_r{rep}.json"), "w"))
        aucs.append(a)
    log(f"CV pooled OOF AUC (mean over these repeats) {np.mean(aucs):.4f}")
    return aucs


def cmd_final(cfg, D, out, log, pre, rows=None, name="final"):
    rows = rows if rows is not None else D.osgct
    paths = []
    for mi in range(cfg["members"]):
        m = finetune(cfg, D, rows, pre, cfg["seed"] + 1000 + mi, log, tag=f"[{name} m{mi}] ")
        p = os.path.join(out, f"{name}_m{mi}.pt")
        common.save_model(p, m, meta_for(cfg))
        paths.append(p)
    log(f"{name}: {len(paths)} members on {len(rows)} images")
    return paths


def smoke(out, overrides=None):
    """CI smoke test: tiny net, a few images, one epoch each phase, export ONNX + reference JSON.
    overrides: config changes on top (e.g. {"pp": {"context_scale": 2.0}} for a model with a context input)."""
    import export
    import reference
    t0 = time.time()
    os.makedirs(out, exist_ok=True)
    log = common.Log(os.path.join(out, "train.log"))
    cfg = copy.deepcopy(DEFAULTS)
    deep_update(cfg, {"arch": "tiny", "pp": {"input_size": 64},
                      "pretrain": {"epochs": 1, "batch": 16}, "finetune": {"epochs": 1, "batch": 16}, "members": 1})
    deep_update(cfg, overrides or {})
    rows = [r for r in data.load_metadata() if r["target"] >= 0 and r["mask_file"]]
    test = set(data.read_ids("internal_test_ids.txt"))
    rows = [r for r in rows if r["stem"] not in test]
    rows = [r for r in rows if r["target"] == 0][:16] + [r for r in rows if r["target"] == 1][:16]
    D = SmallData(rows)
    log(f"smoke: {len(rows)} images, arch tiny, preprocessing {json.dumps(cfg['pp'])}")
    model = finetune(cfg, D, D.osgct, None, cfg["seed"], log)
    pt = os.path.join(out, "smoke.pt")
    common.save_model(pt, model, meta_for(cfg))
    onnx_path = os.path.join(out, "smoke.onnx")
    # A card the app's loader accepts needs a threshold; with no CV here it is Youden on the smoke images themselves.
    t = stats.youden_threshold([r["target"] for r in D.osgct], predict([model], D, D.osgct, cfg["pp"]))
    threshold = {"logit_os_minus_gct": t, "p_os": 1.0 / (1.0 + math.exp(-t)),
                 "chosen_by": "smoke test only: Youden index on its own training images"}
    export.export(model_paths=[pt], onnx_path=onnx_path, card_path=os.path.join(out, "smoke.json"), name="smoke",
                  development=True, log=log,
                  metrics={"thresholds": {"image": threshold}, "evaluated": {"command": "train.py --smoke"}})
    items = [{"image": os.path.join(data.DATA_DIR, r["image_file"]), "box": r["box"], "id": r["stem"]}
             for r in (D.rows[0], D.rows[-1])]
    reference.write_reference(pt, os.path.join(out, "smoke.json"), items, os.path.join(out, "reference.json"), log=log)
    log(f"smoke done in {time.time() - t0:.1f}s -> {onnx_path}")


class SmallData(Data):
    """Loads only the given rows (for the smoke test; no cache)."""

    def __init__(self, rows):
        from PIL import Image
        self.rows = [dict(r) for r in rows]
        self.frames = np.zeros((len(rows), 256, 256), np.uint8)
        self.masks = np.zeros((len(rows), 256, 256), np.uint8)
        for i, r in enumerate(self.rows):
            fr, _ = preprocess.load_frame(os.path.join(data.DATA_DIR, r["image_file"]))
            self.frames[i] = fr.astype(np.uint8)
            mk = np.asarray(Image.open(os.path.join(data.DATA_DIR, r["mask_file"])).convert("L"))
            self.masks[i] = mk > 127
            r["idx"] = i
            r["box"] = preprocess.box_from_mask(mk)
        self.by = {r["stem"]: r for r in self.rows}
        self.osgct = self.rows
        self.pool = self.rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", default="all", choices=["all", "pretrain", "cv", "final", "crosscentre"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--set", default="{}", help="JSON overrides of the config, e.g. '{\"finetune\": {\"w_cam\": 0}}'")
    ap.add_argument("--pretrained", default=None, help="encoder checkpoint (pretrain.pt) for cv/final")
    ap.add_argument("--no-pretrain", action="store_true")
    a = ap.parse_args()
    if a.smoke:
        return smoke(a.out, json.loads(a.set))
    os.makedirs(a.out, exist_ok=True)
    log = common.Log(os.path.join(a.out, "train.log"))
    cfg = deep_update(copy.deepcopy(DEFAULTS), json.loads(a.set))
    cfgp = os.path.join(a.out, "config.json")
    if os.path.exists(cfgp):
        old = json.load(open(cfgp))
        if old != cfg:
            log("WARNING: config differs from", cfgp, "- the new one is written to config_<command>.json")
            cfgp = os.path.join(a.out, f"config_{a.command}.json")
    json.dump(cfg, open(cfgp, "w"), indent=1)
    log("command", a.command, "config", json.dumps(cfg))
    D = Data()
    log(f"data: {len(D.pool)} masked non-test images, {len(D.osgct)} OS/GCT non-test, test {len(D.test)}")
    pre = a.pretrained
    if a.command in ("all", "pretrain") and not a.no_pretrain and not pre:
        pre = cmd_pretrain(cfg, D, a.out, log)
    if a.no_pretrain:
        pre = None
    if a.command in ("all", "cv"):
        cmd_cv(cfg, D, a.out, log, pre)
    if a.command in ("all", "final"):
        cmd_final(cfg, D, a.out, log, pre)
    if a.command in ("all", "crosscentre"):
        pre2 = None if a.no_pretrain else cmd_pretrain(cfg, D, a.out, log, exclude_centre=2)
        rows = [r for r in D.osgct if r["center"] != "2"]
        cmd_final(cfg, D, a.out, log, pre2, rows=rows, name="xcentre")
    log("done")


if __name__ == "__main__":
    main()
