"""Small ResNet for lesion crops. Head: global average pooling -> linear, so the CAM of the last block
(ReLU of the class-weighted feature map) is Grad-CAM of that block up to the constant factor 1/(h*w).

Forward returns (logits [N,2], cam [N,2,h,w], embedding [N,K]); with `seg=True` a 1x1-conv head on the
same last feature map predicts the lesion mask (training only, not exported)."""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    # name: (stem channels, stage widths, blocks per stage, stage strides)
    "rn_s": dict(stem=24, widths=(32, 64, 128), blocks=(1, 2, 2), strides=(1, 2, 2)),
    "rn_m": dict(stem=32, widths=(48, 96, 160), blocks=(2, 2, 2), strides=(1, 2, 2)),
    "tiny": dict(stem=8, widths=(8, 16, 16), blocks=(1, 1, 1), strides=(1, 2, 2)),
}


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return F.relu(y + (x if self.short is None else self.short(x)))


class LesionNet(nn.Module):
    def __init__(self, config="rn_s", n_classes=2, n_subtypes=0, seg=True, context=False):
        super().__init__()
        cfg = CONFIGS[config] if isinstance(config, str) else config
        self.config = config
        st = cfg["stem"]
        # stem: stride-2 conv (1/2), then stride-2 max pool (1/4)
        self.stem = nn.Sequential(nn.Conv2d(1, st, 5, 2, 2, bias=False), nn.BatchNorm2d(st), nn.ReLU(inplace=True),
                                  nn.MaxPool2d(3, 2, 1))
        layers, cin = [], st
        for w, nb, s in zip(cfg["widths"], cfg["blocks"], cfg["strides"]):
            for b in range(nb):
                layers.append(Block(cin, w, s if b == 0 else 1))
                cin = w
        self.features = nn.Sequential(*layers)
        self.dim = cin
        # context=True: the same encoder also reads the wider context crop; its pooled features join the
        # embedding, and the CAM stays the class-weighted map of the lesion crop (the context part of the logit
        # does not depend on the lesion crop's feature map, so Grad-CAM of that map is still this CAM).
        self.context = context
        self.fc = nn.Linear(cin * (2 if context else 1), n_classes)
        self.sub = nn.Linear(cin, n_subtypes) if n_subtypes else None
        self.seg = nn.Conv2d(cin, 1, 1) if seg else None

    def feature_map(self, x):
        return self.features(self.stem(x))

    def head(self, f, f_context=None):
        emb = f.mean(dim=(2, 3))
        if self.context:
            emb = torch.cat([emb, f_context.mean(dim=(2, 3))], dim=1)
        logits = self.fc(emb)
        w = self.fc.weight[:, :self.dim] if self.context else self.fc.weight  # no Slice node in image-only graphs
        cam = F.relu(F.conv2d(f, w[:, :, None, None]))  # class-weighted map of the lesion crop (no bias)
        return logits, cam, emb

    def forward(self, x, context=None):
        return self.head(self.feature_map(x), self.feature_map(context) if self.context else None)


class ExportWrapper(nn.Module):
    """ONNX graph: optional horizontal-flip test-time augmentation and member averaging (ensemble),
    optional late fusion with the clinical features:
        logits = a * member-mean logits + (clinical @ B^T)  (a > 0, so the CAM stays the class-weighted map)
    cam = a * mean over members (and flip, mapped back) of ReLU(class-weighted map); embedding = mean.
    Inputs in graph order: image, then context (members built with context=True), then clinical (fused)."""

    def __init__(self, members, tta_flip=False, fusion=None):
        super().__init__()
        self.members = nn.ModuleList(members)
        self.tta_flip = tta_flip
        self.context = bool(members[0].context)
        if fusion is not None:
            self.register_buffer("fuse_scale", torch.tensor(float(fusion["scale"])))
            self.register_buffer("fuse_w", torch.tensor(fusion["weight"], dtype=torch.float32))  # [2, F]
            self.register_buffer("fuse_b", torch.tensor(fusion["bias"], dtype=torch.float32))  # [2]
        self.fused = fusion is not None

    def _one(self, x, context):
        outs = [m(x, context) for m in self.members]
        n = float(len(outs))
        logits = sum(o[0] for o in outs) / n
        cam = sum(o[1] for o in outs) / n
        emb = sum(o[2] for o in outs) / n
        return logits, cam, emb

    def forward(self, image, *extra):
        extra = list(extra)
        context = extra.pop(0) if self.context else None
        clinical = extra.pop(0) if self.fused else None
        logits, cam, emb = self._one(image, context)
        if self.tta_flip:
            flipped_context = None if context is None else torch.flip(context, dims=[3])
            l2, c2, e2 = self._one(torch.flip(image, dims=[3]), flipped_context)
            logits = (logits + l2) / 2
            cam = (cam + torch.flip(c2, dims=[3])) / 2
            emb = (emb + e2) / 2
        if self.fused:
            logits = self.fuse_scale * logits + clinical @ self.fuse_w.t() + self.fuse_b
            cam = self.fuse_scale * cam
        return logits, cam, emb


def param_count(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())
