"""The model contract's preprocessing (models/README.md, "Preprocessing"), in plain numpy.

This is the reference the C# side must match. Every function follows one numbered step of the
contract; nothing here is tuned per image. Coordinates:

* A lesion box is ``[x, y, w, h]`` in image pixels with *pixel-edge* coordinates: pixel column ``j``
  spans ``[j, j+1)``. A box from a mask is ``[xmin, ymin, xmax - xmin + 1, ymax - ymin + 1]``.
* Sampling positions ``u, v`` are in *pixel-centre* coordinates (pixel ``j``'s centre is at ``j``),
  hence the ``- 0.5`` in step 3.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image

DEFAULT_PREPROCESSING = {
    "frame_size": 256,
    "crop_margin": 0.25,
    "min_crop_side": 32,
    "input_size": 128,
    "mean": 0.5,
    "std": 0.25,
}

CLINICAL_FEATURES = ["age_years_div_100", "sex_male", "site_femur", "site_tibia"]


def load_frame(path: str, frame_size: int = 256) -> tuple[np.ndarray, tuple[int, int]]:
    """Step 1: decode to 8-bit grayscale (PIL 'L' luminance) and resize to frame_size x frame_size
    (bilinear, aspect ratio NOT kept). Returns (frame as float64 [F,F] in 0..255, (width_px, height_px))."""
    with Image.open(path) as im:
        im.load()
        size = im.size
        g = im.convert("L")
        if g.size != (frame_size, frame_size):
            g = g.resize((frame_size, frame_size), Image.BILINEAR)
        return np.asarray(g, dtype=np.float64), size


def box_from_mask(mask: np.ndarray) -> list[float] | None:
    """Bounding box [x, y, w, h] (pixel-edge convention) of mask pixels > 127; None if empty."""
    ys, xs = np.nonzero(np.asarray(mask) > 127)
    if xs.size == 0:
        return None
    return [float(xs.min()), float(ys.min()), float(xs.max() - xs.min() + 1), float(ys.max() - ys.min() + 1)]


def scale_box(box, size_px: tuple[int, int], frame_size: int = 256) -> list[float]:
    """Step 1 (box): scale an image-pixel box to frame pixels."""
    sx = frame_size / size_px[0]
    sy = frame_size / size_px[1]
    x, y, w, h = box
    return [x * sx, y * sy, w * sx, h * sy]


def crop_square(box, crop_margin: float, min_crop_side: float) -> tuple[float, float, float]:
    """Step 2: centre (cx, cy) and side s of the crop square, in frame pixels (edge convention)."""
    x, y, w, h = (float(t) for t in box)
    cx = x + w / 2.0
    cy = y + h / 2.0
    s = max(max(w, h) * (1.0 + 2.0 * crop_margin), float(min_crop_side))
    return cx, cy, s


def sample_square(frame: np.ndarray, cx: float, cy: float, s: float, size: int) -> np.ndarray:
    """Step 3: bilinear sampling of the square onto a size x size grid; neighbours outside the frame
    count as 0; no antialiasing. Returns float64 [size, size] in pixel units (0..255)."""
    frame = np.asarray(frame, dtype=np.float64)
    fh, fw = frame.shape
    k = (np.arange(size, dtype=np.float64) + 0.5) * (s / size)
    u = cx - s / 2.0 + k - 0.5  # columns
    v = cy - s / 2.0 + k - 0.5  # rows
    x0 = np.floor(u).astype(np.int64)
    y0 = np.floor(v).astype(np.int64)
    fx = u - x0
    fy = v - y0
    padded = np.zeros((fh + 2, fw + 2), dtype=np.float64)  # one ring of zeros = "outside counts as 0"
    padded[1:-1, 1:-1] = frame

    def idx(a, n):
        return np.clip(a + 1, 0, n + 1)  # indices beyond the ring also read a zero

    xa, xb = idx(x0, fw), idx(x0 + 1, fw)
    ya, yb = idx(y0, fh), idx(y0 + 1, fh)
    p00 = padded[np.ix_(ya, xa)]
    p01 = padded[np.ix_(ya, xb)]
    p10 = padded[np.ix_(yb, xa)]
    p11 = padded[np.ix_(yb, xb)]
    wx = fx[None, :]
    wy = fy[:, None]
    return (p00 * (1 - wx) * (1 - wy) + p01 * wx * (1 - wy) + p10 * (1 - wx) * wy + p11 * wx * wy)


def normalise(pixels: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Step 4: (pixel / 255 - mean) / std."""
    return (np.asarray(pixels, dtype=np.float64) / 255.0 - mean) / std


def clinical_vector(age, sex, site_femur, site_tibia) -> np.ndarray:
    """Step 6: [age/100, sex_male, site_femur, site_tibia] as float32."""
    male = 1.0 if str(sex).strip().upper() in ("M", "MALE", "1") else 0.0
    return np.array([float(age) / 100.0, male, float(site_femur), float(site_tibia)], dtype=np.float32)


def preprocess_frame(frame: np.ndarray, frame_box, pp: dict) -> dict:
    """Steps 2-5 on a frame (already frame_size x frame_size) with a box in frame pixels.
    Returns {'image': float32 [1, S, S], 'crop': (cx, cy, s), and 'context' if pp has context_scale}."""
    cx, cy, s = crop_square(frame_box, pp["crop_margin"], pp["min_crop_side"])
    S = int(pp["input_size"])
    out = {"crop": (cx, cy, s)}
    out["image"] = normalise(sample_square(frame, cx, cy, s, S), pp["mean"], pp["std"]).astype(np.float32)[None]
    if pp.get("context_scale"):
        sc = s * float(pp["context_scale"])
        out["context"] = normalise(sample_square(frame, cx, cy, sc, S), pp["mean"], pp["std"]).astype(np.float32)[None]
    return out


def preprocess_file(path: str, box, pp: dict) -> dict:
    """Steps 1-5 for an image file and a box in that image's pixels."""
    frame, size = load_frame(path, int(pp["frame_size"]))
    fbox = scale_box(box, size, int(pp["frame_size"]))
    out = preprocess_frame(frame, fbox, pp)
    out["frame_box"] = fbox
    out["size_px"] = size
    return out


def cam_to_frame(cam: np.ndarray, crop: tuple[float, float, float], frame_size: int = 256) -> np.ndarray:
    """Maps one h x w CAM onto the frame (contract, "Mapping the CAM back"): bilinear with half-pixel
    centres (edge values held at the crop border), zero outside the crop square. Returns [F, F] float64."""
    cam = np.asarray(cam, dtype=np.float64)
    h, w = cam.shape
    cx, cy, s = crop
    left, top = cx - s / 2.0, cy - s / 2.0
    pc = np.arange(frame_size, dtype=np.float64) + 0.5  # frame pixel centres, edge coordinates
    gx = (pc - left) / s * w - 0.5
    gy = (pc - top) / s * h - 0.5
    inside_x = (pc >= left) & (pc < left + s)
    inside_y = (pc >= top) & (pc < top + s)
    gx = np.clip(gx, 0, w - 1)
    gy = np.clip(gy, 0, h - 1)
    x0 = np.minimum(np.floor(gx).astype(np.int64), w - 1)
    y0 = np.minimum(np.floor(gy).astype(np.int64), h - 1)
    x1 = np.minimum(x0 + 1, w - 1)
    y1 = np.minimum(y0 + 1, h - 1)
    fx = (gx - x0)[None, :]
    fy = (gy - y0)[:, None]
    m = (cam[np.ix_(y0, x0)] * (1 - fx) * (1 - fy) + cam[np.ix_(y0, x1)] * fx * (1 - fy)
         + cam[np.ix_(y1, x0)] * (1 - fx) * fy + cam[np.ix_(y1, x1)] * fx * fy)
    return m * (inside_y[:, None] & inside_x[None, :])


def localisation(cam_frame: np.ndarray, mask: np.ndarray, crop, frame_size: int = 256) -> dict:
    """Pointing game (arg-max of the mapped heat inside the mask), share of heat energy inside the mask,
    and the chance level: the mask's share of the crop square (the model input)."""
    m = np.asarray(mask) > 127
    total = float(cam_frame.sum())
    if total <= 0:
        hit, energy = 0.0, 0.0
    else:
        idx = int(np.argmax(cam_frame))
        hit = float(m.flat[idx])
        energy = float((cam_frame * m).sum() / total)
    cx, cy, s = crop
    pc = np.arange(frame_size) + 0.5
    inx = (pc >= cx - s / 2) & (pc < cx + s / 2)
    iny = (pc >= cy - s / 2) & (pc < cy + s / 2)
    chance = float((m & (iny[:, None] & inx[None, :])).sum() / (s * s))
    return {"pointing": hit, "energy_in_mask": energy, "chance": chance}
