"""Shared training/evaluation helpers: logging, seeding, the torch crop sampler (same geometry as
preprocess.py, plus augmentation), model I/O."""
from __future__ import annotations

import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import nets
import preprocess

torch.set_num_threads(int(os.environ.get("BTT_THREADS", "2")))


class Log:
    """print() to stdout and to a log file."""

    def __init__(self, path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.f = open(path, "a")
        self.t0 = time.time()

    def __call__(self, *a):
        msg = " ".join(str(x) for x in a)
        line = f"[{time.time() - self.t0:7.1f}s] {msg}"
        print(line, flush=True)
        self.f.write(line + "\n")
        self.f.flush()


def set_seed(seed: int):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def crop_tensors(boxes: np.ndarray, pp: dict):
    b = torch.as_tensor(np.asarray(boxes, dtype=np.float64))
    cx = b[:, 0] + b[:, 2] / 2
    cy = b[:, 1] + b[:, 3] / 2
    s = torch.clamp(torch.maximum(b[:, 2], b[:, 3]) * (1 + 2 * pp["crop_margin"]), min=float(pp["min_crop_side"]))
    return cx, cy, s


def sample_grid(cx, cy, s, S, frame, angle=None, flip=None):
    """grid_sample grid (align_corners=False) reproducing contract step 3; optional rotation about the
    crop centre and horizontal flip (augmentation only)."""
    k = (torch.arange(S, dtype=torch.float64) + 0.5) / S - 0.5
    a = k[None, None, :] * s[:, None, None]  # x offset (edge coords), [B,1,S]
    b = k[None, :, None] * s[:, None, None]  # y offset, [B,S,1]
    if flip is not None:
        a = a * torch.where(flip, -1.0, 1.0).double()[:, None, None]
    if angle is not None:
        c, sn = torch.cos(angle)[:, None, None], torch.sin(angle)[:, None, None]
        u = cx[:, None, None] + c * a - sn * b
        v = cy[:, None, None] + sn * a + c * b
    else:
        u = cx[:, None, None] + a + 0 * b
        v = cy[:, None, None] + b + 0 * a
    return torch.stack([2 * u / frame - 1, 2 * v / frame - 1], dim=-1).float()


def make_batch(frames, masks, idx, boxes, pp, aug=None, gen=None):
    """frames/masks: uint8 [N,F,F] arrays; idx: rows; boxes: [B,4] frame boxes.
    Returns normalised image [B,1,S,S] (+ 'context' if pp has context_scale) and soft mask [B,1,S,S]."""
    S, Fr = int(pp["input_size"]), int(pp["frame_size"])
    x = torch.from_numpy(np.ascontiguousarray(frames[idx])).float()[:, None]
    m = torch.from_numpy(np.ascontiguousarray(masks[idx])).float()[:, None]
    cx, cy, s = crop_tensors(boxes, pp)
    angle = flip = None
    B = len(idx)
    if aug:
        r = lambda: torch.rand(B, generator=gen, dtype=torch.float64)
        s = s * torch.exp((2 * r() - 1) * aug["scale"])
        cx = cx + (2 * r() - 1) * aug["shift"] * s
        cy = cy + (2 * r() - 1) * aug["shift"] * s
        angle = (2 * r() - 1) * math.radians(aug["rotate"])
        flip = r() < aug.get("flip", 0.5)  # probability of a horizontal flip
    grid = sample_grid(cx, cy, s, S, Fr, angle, flip)
    img = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False) / 255.0
    msk = F.grid_sample(m, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    out = {"mask": msk}
    ctx = None
    if pp.get("context_scale"):
        g2 = sample_grid(cx, cy, s * float(pp["context_scale"]), S, Fr, angle, flip)
        ctx = F.grid_sample(x, g2, mode="bilinear", padding_mode="zeros", align_corners=False) / 255.0
    if aug:
        def intensity(t):
            rr = lambda: torch.rand(B, 1, 1, 1, generator=gen)
            gamma = torch.exp((2 * rr() - 1) * aug["gamma"])
            t = t.clamp(0, 1) ** gamma
            mu = t.mean(dim=(2, 3), keepdim=True)
            t = (t - mu) * torch.exp((2 * rr() - 1) * aug["contrast"]) + mu + (2 * rr() - 1) * aug["brightness"]
            t = t + torch.randn(t.shape, generator=gen) * aug["noise"] * rr()
            return t
        st = torch.get_rng_state()
        img = intensity(img)
        if ctx is not None:
            ctx = intensity(ctx)
        torch.set_rng_state(st)
    out["image"] = (img - pp["mean"]) / pp["std"]
    if ctx is not None:
        out["context"] = (ctx - pp["mean"]) / pp["std"]
    return out


def save_model(path, model, meta):
    torch.save({"state_dict": model.state_dict(), "meta": meta}, path)


def load_model(path):
    ck = torch.load(path, map_location="cpu")
    meta = ck["meta"]
    m = nets.LesionNet(meta["arch"], n_subtypes=meta.get("n_subtypes", 0), seg=True, context=has_context(meta["pp"]))
    m.load_state_dict(ck["state_dict"])
    m.eval()
    return m, meta


def has_context(pp) -> bool:
    """Whether the model reads a context crop too (contract: preprocessing.context_scale)."""
    return bool(pp.get("context_scale"))


def build_wrapper(model_paths, tta_flip=False, fusion=None):
    members, meta = [], None
    for p in model_paths:
        m, meta = load_model(p)
        m.sub = None
        m.seg = None
        members.append(m)
    w = nets.ExportWrapper(members, tta_flip=tta_flip, fusion=fusion)
    w.eval()
    return w, meta


def save_shipped(path, wrapper, meta):
    """The shipped .pt: the ExportWrapper's state_dict plus what is needed to rebuild it."""
    info = {"arch": meta["arch"], "pp": meta["pp"], "members": len(wrapper.members), "tta_flip": wrapper.tta_flip,
            "fusion": None}
    if wrapper.fused:
        info["fusion"] = {"scale": float(wrapper.fuse_scale), "weight": wrapper.fuse_w.tolist(), "bias": wrapper.fuse_b.tolist()}
    torch.save({"state_dict": wrapper.state_dict(), "meta": info}, path)


def load_shipped(path):
    """Rebuilds the shipped model (nets.ExportWrapper) from models/<name>.pt. Returns (wrapper, meta)."""
    ck = torch.load(path, map_location="cpu")
    info = ck["meta"]
    members = [nets.LesionNet(info["arch"], n_subtypes=0, seg=False, context=has_context(info["pp"])) for _ in range(info["members"])]
    w = nets.ExportWrapper(members, tta_flip=info["tta_flip"], fusion=info["fusion"])
    w.load_state_dict(ck["state_dict"])
    w.eval()
    return w, info


def stacked_input(o) -> np.ndarray:
    """One preprocessed item as [C,S,S]: channel 0 the image crop, channel 1 the context crop when there is one."""
    return np.concatenate([o["image"], o["context"]]) if "context" in o else o["image"]


def wrapper_args(wrapper, x, clinical=None):
    """x: [N, 1 or 2, S, S] tensor (channel 1 = context crop) -> the wrapper's inputs in graph order."""
    args = [x[:, :1]]
    if wrapper.context:
        args.append(x[:, 1:2])
    if wrapper.fused:
        args.append(clinical)
    return args


def preprocess_items(items, pp):
    """items: dicts with 'image' (path) and 'box' (image pixels) -> np arrays via preprocess.py (the contract);
    x is [N,1,S,S], or [N,2,S,S] with the context crop as channel 1."""
    xs, crops, fboxes = [], [], []
    for it in items:
        o = preprocess.preprocess_file(it["image"], it["box"], pp)
        xs.append(stacked_input(o))
        crops.append(o["crop"])
        fboxes.append(o["frame_box"])
    return np.stack(xs).astype(np.float32), crops, fboxes


@torch.no_grad()
def run_wrapper(wrapper, x, clinical=None, batch=64):
    outs = [[], [], []]
    for i in range(0, len(x), batch):
        xb = torch.from_numpy(x[i:i + batch])
        cb = None if clinical is None else torch.from_numpy(np.asarray(clinical[i:i + batch], dtype=np.float32))
        o = wrapper(*wrapper_args(wrapper, xb, cb))
        for k in range(3):
            outs[k].append(o[k].numpy())
    return tuple(np.concatenate(o) for o in outs)
