#!/usr/bin/env python3
"""Reference values for eval-service's metrics from numpy/scipy, on fixed seeded feature sets.

Writes eval-service/src/test/resources/fid-reference.json; FidReferenceTest (Java) regenerates the same feature
sets bit for bit and compares its FID, means, covariances, KID and precision/recall to these values (<= 1e-6 relative).

Feature sets come from a 64-bit LCG (Knuth's MMIX constants) that Java reproduces exactly:
  state = state * 6364136223846793005 + 1442695040888963407 (mod 2^64); u = (state >> 11) * 2^-53 in [0, 1)
  gaussian pairs by Box-Muller: sqrt(-2 ln(1 - u1)) * cos(2 pi u2)   (one value per pair, the cosine one)
  set X (n x d) = G (n x d) @ L (d x d) * scale + shift, G and L drawn from the generator in row-major order
so only libm's log/cos/sqrt can differ between the two languages (~1 ulp).

FID here is the textbook TTUR/pytorch-fid formula with scipy.linalg.sqrtm (and the eigenvalue formulation, which
must agree), float64, covariance divisor N-1; KID is torch-fidelity's unbiased estimator (one subset = all rows);
precision/recall is Kynkaanniemi et al. with k = 3 (torch-fidelity's prc).

Run:  bash bench/peers/setup_venv.sh && bench/peers/.venv/bin/python bench/peers/fid_reference.py
"""
import json
import sys
from pathlib import Path

import numpy as np
import scipy
import scipy.linalg

HERE = Path(__file__).resolve().parent
OUT = HERE.parent.parent / "eval-service" / "src" / "test" / "resources" / "fid-reference.json"
MASK = (1 << 64) - 1


class Lcg:
    def __init__(self, seed):
        self.state = seed & MASK

    def uniform(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return (self.state >> 11) * (2.0 ** -53)

    def gaussian(self):
        u1 = self.uniform()
        u2 = self.uniform()
        return np.sqrt(-2.0 * np.log(1.0 - u1)) * np.cos(2.0 * np.pi * u2)

    def matrix(self, rows, cols):
        return np.array([[self.gaussian() for _ in range(cols)] for _ in range(rows)], dtype=np.float64)


def feature_set(seed, n, d, scale, shift):
    rng = Lcg(seed)
    g = rng.matrix(n, d)
    mix = rng.matrix(d, d)
    return (g @ mix) * scale + shift


def fid_sqrtm(mu1, s1, mu2, s2):
    covmean = scipy.linalg.sqrtm(s1 @ s2)
    covmean = np.asarray(covmean[0] if isinstance(covmean, tuple) else covmean).real
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * np.trace(covmean))


def fid_eigh(mu1, s1, mu2, s2):
    w, v = scipy.linalg.eigh(s1)
    a = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    m = a @ s2 @ a
    lam = scipy.linalg.eigvalsh((m + m.T) / 2)
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * np.sum(np.sqrt(np.clip(lam, 0, None))))


def kid_all_rows(x, y):
    """torch-fidelity's unbiased MMD^2 (polynomial kernel, degree 3, coef0 1, gamma 1/d) on one subset = all rows."""
    m, d = x.shape
    a = (x @ x.T / d + 1) ** 3 + (y @ y.T / d + 1) ** 3
    b = (x @ y.T / d + 1) ** 3
    t = a.sum() - np.diag(a).sum()
    return float(t / (m * (m - 1)) - 2.0 * b.sum() / (m * m))


def precision_recall(real, gen, k=3):
    def radii(x):
        d2 = ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)
        return np.sort(d2, axis=1)[:, k]  # index 0 is the point itself

    def covered(q, ref, r):
        d2 = ((q[:, None, :] - ref[None, :, :]) ** 2).sum(-1)
        return float((d2 <= r[None, :]).any(axis=1).mean())

    rr, rg = radii(real), radii(gen)
    return covered(gen, real, rr), covered(real, gen, rg)


CASES = [
    # name, (seed, n, d, scale, shift) for A and B
    ("d8", (11, 200, 8, 1.0, 0.0), (12, 150, 8, 1.3, 0.4)),
    ("d64", (21, 1000, 64, 0.5, 1.0), (22, 800, 64, 0.6, 1.1)),
    ("d128_rank_deficient", (31, 100, 128, 1.0, 0.0), (32, 90, 128, 1.0, 0.2)),
    ("d128", (41, 2000, 128, 0.2, 0.5), (42, 2000, 128, 0.25, 0.5)),
]


def main():
    cases = []
    for name, a, b in CASES:
        x = feature_set(*a)
        y = feature_set(*b)
        mu1, mu2 = x.mean(0), y.mean(0)
        s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
        case = {
            "name": name,
            "a": dict(zip(["seed", "n", "d", "scale", "shift"], a)),
            "b": dict(zip(["seed", "n", "d", "scale", "shift"], b)),
            "mean_a_first4": mu1[:4].tolist(),
            "cov_a_trace": float(np.trace(s1)),
            "cov_a_00_01_11": [float(s1[0, 0]), float(s1[0, 1]), float(s1[1, 1])],
            "fid_eigh": fid_eigh(mu1, s1, mu2, s2),
            "fid_self": fid_eigh(mu1, s1, mu1, s1),
        }
        if a[1] > a[2] and b[1] > b[2]:  # sqrtm is only trustworthy for full-rank covariances
            case["fid_sqrtm"] = fid_sqrtm(mu1, s1, mu2, s2)
            assert abs(case["fid_sqrtm"] - case["fid_eigh"]) <= 1e-8 * max(1.0, abs(case["fid_eigh"])), name
        if a[1] == b[1] and a[1] <= 1000:
            case["kid_all_rows"] = kid_all_rows(x, y)
        if a[1] <= 1000 and b[1] <= 1000:
            p, r = precision_recall(x, y)
            case["precision_a_real_b_generated"] = p
            case["recall_a_real_b_generated"] = r
        cases.append(case)
        print(f"{name}: fid {case['fid_eigh']:.10g}", file=sys.stderr)
    # One more KID case with equal sizes.
    x = feature_set(51, 300, 16, 1.0, 0.0)
    y = feature_set(52, 300, 16, 1.1, 0.1)
    cases.append({"name": "kid_d16", "a": {"seed": 51, "n": 300, "d": 16, "scale": 1.0, "shift": 0.0},
                  "b": {"seed": 52, "n": 300, "d": 16, "scale": 1.1, "shift": 0.1},
                  "kid_all_rows": kid_all_rows(x, y)})
    out = {
        "generator": "fid_reference.py (bench/peers); see its docstring",
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "cases": cases,
    }
    OUT.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
