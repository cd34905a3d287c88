#!/usr/bin/env python3
"""PyTorch reference vectors for latent-service's TransposedConv2d block (the authors' decoder, paper notes §5).

For the three transposed-convolution configurations of the authors' decoder (kernel 3, stride 2;
3->7 with padding 0 / output_padding 0, 7->14 and 14->28 with padding 1 / output_padding 1) this builds SEEDED random
inputs, weights (PyTorch layout (C_in, C_out, kH, kW)) and biases, runs torch.nn.functional.conv_transpose2d in
float32, and, for the loss L = sum(output * r) with a seeded random r, the autograd gradients dL/dx, dL/dweight and
dL/dbias (the adjoint the Java block's DJL autograd must reproduce). The spatial sizes, stride, padding and
output_padding are the decoder's; channel counts are reduced (the arithmetic per output pixel is the same) so the
resource stays small, plus one case with the decoder's full last-layer channels (64 -> 1).

Writes latent-service/src/test/resources/reference/conv-transpose-reference.json.

Run:  bash bench/peers/setup_venv.sh && bench/peers/.venv/bin/python bench/peers/conv_transpose_reference.py
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "latent-service/src/test/resources/reference/conv-transpose-reference.json"
SEED = 20261126

# name, batch, C_in, C_out, H (= W), padding, output_padding
CASES = [
    ("3to7_p0_op0", 2, 5, 3, 3, 0, 0),
    ("7to14_p1_op1", 2, 4, 3, 7, 1, 1),
    ("14to28_p1_op1", 2, 4, 2, 14, 1, 1),
    ("14to28_p1_op1_c64to1", 1, 64, 1, 14, 1, 1),
]


def flat(t):
    """float32 values with 9 significant digits (enough to round-trip a float32 exactly)."""
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def main():
    g = torch.Generator().manual_seed(SEED)
    cases = []
    for name, b, cin, cout, h, p, op in CASES:
        x = torch.randn(b, cin, h, h, generator=g, dtype=torch.float32).requires_grad_(True)
        w = (torch.randn(cin, cout, 3, 3, generator=g, dtype=torch.float32) * 0.3).requires_grad_(True)
        bias = (torch.randn(cout, generator=g, dtype=torch.float32) * 0.1).requires_grad_(True)
        y = F.conv_transpose2d(x, w, bias, stride=2, padding=p, output_padding=op)
        r = torch.randn(y.shape, generator=g, dtype=torch.float32)
        (y * r).sum().backward()
        cases.append({
            "name": name, "batch": b, "inChannels": cin, "outChannels": cout, "height": h, "width": h,
            "padding": p, "outputPadding": op, "outputShape": list(y.shape),
            "input": flat(x), "weight": flat(w), "bias": flat(bias), "output": flat(y), "r": flat(r),
            "gradInput": flat(x.grad), "gradWeight": flat(w.grad), "gradBias": flat(bias.grad),
        })
        print(f"{name}: x {tuple(x.shape)} w {tuple(w.shape)} -> y {tuple(y.shape)}")
    doc = {
        "generator": "bench/peers/conv_transpose_reference.py",
        "torch": torch.__version__, "seed": SEED, "dtype": "float32", "kernel": 3, "stride": 2,
        "loss": "sum(output * r)", "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
