#!/usr/bin/env python3
"""Reference vectors for noise-service's domain tests, computed with numpy and PyTorch (CPU, float64).

Writes, under noise-service/src/test/resources/reference/:
  schedules.json  betas and alphas_bar of every schedule kind, computed with numpy exactly as the authors' code
                  does (qdm-paper-notes §2.1, §2.2), independently of the Java implementation;
  resize.json     torch.nn.functional.interpolate(mode='bilinear', align_corners=False) on fixed inputs, and the
                  follow-up's full pixel preprocessing (/255 -> F.normalize -> interpolate -> renormalise, notes §1.2).

Run:  bench/peers/.venv/bin/python bench/peers/torch_reference_noise.py      (or any python with torch + numpy)
The inputs are generated here from fixed seeds, so the output is reproducible; commit the JSON it writes.
"""
import json
import math
import pathlib

import numpy as np
import torch
import torch.nn.functional as F

OUT = pathlib.Path(__file__).resolve().parents[2] / "noise-service" / "src" / "test" / "resources" / "reference"


# ---------------------------------------------------------------- schedules (numpy, as the authors' code)

def linear(T, b0, bT):
    """[A] Modules/derived_quantities.py: betas = linspace(beta0, betaT, T+1)."""
    return np.linspace(b0, bT, T + 1)


def linear_zero_prepended(T, b0, bT):
    """[B] src/utils/schedule.py: insert(linspace(beta0, betaT, T+1), 0, 0)."""
    return np.insert(np.linspace(b0, bT, T + 1), 0, 0.0)


def cosine(T, exponent, s=1e-4):
    """[B] cosine schedule as written in qdm-paper-notes §2.2."""
    def f(t):
        return np.cos(np.pi * (t / T + s) / (2 * (1 + s))) ** 2

    def g(t):
        return f(t) / f(0)

    def h(t):
        return 1 - g(t) / g(t - 1)

    return np.clip(h(np.linspace(0, T, T + 1) ** exponent), 0, 0.999)


def constant(T, beta):
    return np.full(T + 1, beta)


def schedule_entry(name, kind, T, betas, **params):
    alphas_bar = np.cumprod(1 - betas)
    return {"name": name, "kind": kind, "timesteps": T, **params,
            "betas": betas.tolist(), "alphas_bar": alphas_bar.tolist()}


def schedules():
    return {"schedules": [
        schedule_entry("authors-latent", "LINEAR", 8, linear(8, 4e-3, 0.4), beta_start=4e-3, beta_end=0.4),
        schedule_entry("linear-zero-prepended-authors", "LINEAR_ZERO_PREPENDED", 8,
                       linear_zero_prepended(8, 4e-3, 0.4), beta_start=4e-3, beta_end=0.4),
        schedule_entry("follow-up-default", "LINEAR_ZERO_PREPENDED", 10,
                       linear_zero_prepended(10, 1e-2, 1e-2), beta_start=1e-2, beta_end=1e-2),
        schedule_entry("cosine-0.5", "COSINE", 10, cosine(10, 0.5), cosine_exponent=0.5),
        schedule_entry("cosine-1", "COSINE", 10, cosine(10, 1.0), cosine_exponent=1.0),
        schedule_entry("cosine-2-T20", "COSINE", 20, cosine(20, 2.0), cosine_exponent=2.0),
        schedule_entry("constant", "CONSTANT", 10, constant(10, 0.01), beta_start=0.01),
        schedule_entry("linear-T1000-ddpm", "LINEAR", 1000, linear(1000, 1e-4, 0.02), beta_start=1e-4, beta_end=0.02),
    ]}


# ---------------------------------------------------------------- resize (torch, float64)

def interp(img, out_h, out_w):
    x = torch.tensor(img, dtype=torch.float64)[None, None]
    return F.interpolate(x, size=(out_h, out_w), mode="bilinear", align_corners=False)[0, 0].numpy()


def pixel_pipeline(pixels_u8, side):
    """[B] src/data/load_data.py for one image, then the trainer's renormalisation."""
    x = torch.tensor(pixels_u8, dtype=torch.float64).reshape(1, 784) / 255.0
    x = F.normalize(x, p=2, dim=1)
    x = F.interpolate(x.reshape(1, 1, 28, 28), size=(side, side), mode="bilinear", align_corners=False)
    x = x.reshape(1, side * side)
    return (x / torch.linalg.norm(x, dim=1, keepdim=True))[0].numpy()


def digit_like(rng):
    """A 28x28 uint8 image with a bright stroke on a dark background, like an MNIST digit."""
    img = np.zeros((28, 28), dtype=np.int64)
    yy, xx = np.mgrid[0:28, 0:28]
    ring = np.abs(np.hypot(yy - 13.5, xx - 12.0) - 8.0) < 2.2
    img[ring] = rng.integers(180, 256, size=int(ring.sum()))
    img[4:24, 19:22] = 255
    return img


def resize():
    rng = np.random.default_rng(20231128)
    cases = []
    images = {
        "random-uint8": rng.integers(0, 256, size=(28, 28)),
        "digit-like": digit_like(rng),
        "gradient": (np.add.outer(np.arange(28) * 7, np.arange(28) * 3) % 256),
    }
    for name, img in images.items():
        entry = {"name": name, "pixels": img.reshape(-1).astype(int).tolist()}
        scaled = img.astype(np.float64) / 255.0
        for side in (16, 8):
            entry[f"resize{side}"] = interp(scaled, side, side).reshape(-1).tolist()
            entry[f"pipeline{side}"] = pixel_pipeline(img.reshape(-1), side).tolist()
        cases.append(entry)
    generic = []
    for (ih, iw, oh, ow) in [(5, 7, 3, 4), (4, 4, 9, 6), (28, 28, 28, 28), (3, 5, 1, 1), (6, 2, 13, 3)]:
        x = rng.random((ih, iw))
        generic.append({"in_h": ih, "in_w": iw, "out_h": oh, "out_w": ow,
                        "input": x.reshape(-1).tolist(), "output": interp(x, oh, ow).reshape(-1).tolist()})
    return {"torch_version": torch.__version__, "images": cases, "generic": generic}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, payload in (("schedules.json", schedules()), ("resize.json", resize())):
        path = OUT / name
        path.write_text(json.dumps(payload, indent=1) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
