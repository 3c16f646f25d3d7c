#!/usr/bin/env python3
"""Per-image latency of the shipped model in PyTorch on CPU (2 threads), batch 1 and 8.

    /usr/bin/python3 bench/model_pytorch_bench.py [--model models/NAME.pt] [--card models/NAME.json] [--seconds 3]

Prints one JSON line per batch size: {"runtime": "pytorch", "batch": B, "ms_per_image": ..., "ms_per_batch_median": ...,
"iterations": n, "threads": 2, "model": ..., "torch": version}. Inputs are fixed random tensors of the card's
input size (and a clinical vector when the model has one); the C# benchmark feeds ONNX Runtime the same shapes."""
import argparse
import glob
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "models", "training"))

import torch  # noqa: E402

import common  # noqa: E402


def default_model():
    cards = sorted(glob.glob(os.path.join(HERE, "..", "models", "*.json")))
    for c in cards:
        pt = os.path.splitext(c)[0] + ".pt"
        if os.path.exists(pt):
            return pt, c
    raise SystemExit("no models/<name>.pt + .json found")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--card")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batches", default="1,8")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    pt, card = (a.model, a.card) if a.model else default_model()
    card = card or os.path.splitext(pt)[0] + ".json"
    S = json.load(open(card))["preprocessing"]["input_size"]
    w, info = common.load_shipped(pt)
    g = torch.Generator().manual_seed(0)
    for b in [int(v) for v in a.batches.split(",")]:
        x = torch.randn(b, 1, S, S, generator=g)
        c = torch.rand(b, 4, generator=g)
        run = (lambda: w(x, c)) if w.fused else (lambda: w(x))
        with torch.inference_mode():
            for _ in range(5):
                run()
            times = []
            t_end = time.perf_counter() + a.seconds
            while time.perf_counter() < t_end or len(times) < 10:
                t0 = time.perf_counter()
                run()
                times.append(time.perf_counter() - t0)
        med = statistics.median(times) * 1000
        print(json.dumps({"runtime": "pytorch", "batch": b, "ms_per_image": med / b, "ms_per_batch_median": med,
                          "ms_per_batch_mean": statistics.fmean(times) * 1000, "iterations": len(times), "threads": a.threads,
                          "model": os.path.basename(pt), "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
