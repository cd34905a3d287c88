#!/usr/bin/env python3
"""Times ONE training step of the paper's conditioned latent QDM model in today's Python quantum-ML stacks.

Model (notes §3.1): d=3 data qubits, k=4 label qubits, StronglyEntanglingLayers (CNOT ring) blocks S1 (15 layers, 7
wires) -> ancilla prepended as new wire 0 -> X (20 layers, 8 wires) -> ancilla projected on |0> + renormalise -> S2 (15
layers, 7 wires) -> label post-selection + renormalise.  1110 parameters.  One training step = forward + backward +
torch.optim.Adam update for a batch of 64, loss = mean infidelity 1 - |<target|out>|^2.

Peers (one thread each):
  (a) default_qubit_backprop : PennyLane default.qubit, interface="torch", diff_method="backprop", the batch broadcast
      through one QNode per block (the authors' stack). MEASURED: full steps.
  (b) lightning_adjoint      : PennyLane lightning.qubit, diff_method="adjoint". Adjoint supports expectation values
      only, not qml.state(), so the whole model is written as ONE 8-wire unitary circuit per sample
      (StatePrep(|0>|label>|x>), S1 on wires 1-7, X on 0-7, S2 on wires 1-7) and the loss as 1 - E1/E2 with
      E1 = <Projector(|0,label,target>)> and E2 = <Projector(|0,label>) on wires 0-4>, which equals the model's
      infidelity exactly (S2 commutes with the ancilla projection, the norms cancel). Lightning does not broadcast
      adjoint over different observables, so there is one QNode call per sample (64 per step).
      MEASURED full steps (full mode) or PROJECTED from a measured sub-batch x 64/sub (quick mode).
  (c) qiskit_aer             : Qiskit Aer AerSimulator(method="statevector"), same 8-wire circuit as (b), parameters
      bound in C++ via parameter_binds, save_statevector, E1/E2 in numpy.  Aer has no adjoint/backprop for
      statevectors, so gradients come from the exact parameter-shift rule (every parameter sits in one RZ/RY:
      dE/dp = [E(p+pi/2) - E(p-pi/2)]/2), i.e. 1 + 2*1110 circuit runs per sample (142,144 per step).
      MEASURED: the forward pass of the batch (one bound circuit per sample, one AerSimulator.run; a sub-batch scaled
      linearly in quick mode) and the parameter-shift gradient on a few samples for two counts K of free parameters
      (one circuit per sample, 2K parameter_binds evaluated inside Aer). PROJECTED: per-sample gradient by a linear
      fit a + b*K extrapolated to K=1110; step = forward + 64 x gradient + Adam.

The losses (and, on the sub-batch, gradients) of all stacks are cross-checked against (a) before timing.
Ancilla: post-selection on 0 for every stack (deterministic, so the stacks can be compared); the authors' sampled
measurement keeps one half exactly the same way and costs the same.

Also times the perf-notes Appendix C forward workload (one state, RY/RZ/CNOT-ring, L=20, n=4..12) per peer and checks
<Z0> against the reference values.

Usage: python3 bench/peers/bench_training_step.py [--quick] [--json FILE] [--no-appendix-c]
(re-executes itself inside bench/peers/.venv, creating it with setup_venv.sh when needed).
"""
import os
import sys
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_PY = HERE / ".venv" / "bin" / "python"

# one thread everywhere: set before numpy/torch/lightning/aer are imported
for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"


def _ensure_venv():
    if Path(sys.prefix).resolve() == (HERE / ".venv").resolve() or os.environ.get("QDM_PEERS_NO_REEXEC") == "1":
        return
    if not VENV_PY.exists() or not (HERE / ".venv" / ".qdm-requirements.sha256").exists():
        print("[bench_training_step] creating peer venv (bench/peers/setup_venv.sh) ...", file=sys.stderr)
        subprocess.run(["bash", str(HERE / "setup_venv.sh")], check=True, stdout=subprocess.DEVNULL)
    os.execv(str(VENV_PY), [str(VENV_PY), str(Path(__file__).resolve())] + sys.argv[1:])


_ensure_venv()

import argparse  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import pennylane as qml  # noqa: E402
import qiskit  # noqa: E402
import qiskit_aer  # noqa: E402
from qiskit import QuantumCircuit  # noqa: E402
from qiskit.circuit import ParameterVector  # noqa: E402
from qiskit_aer import AerSimulator  # noqa: E402
from qiskit_aer.library import SetStatevector  # noqa: E402
from qiskit.circuit import CircuitInstruction  # noqa: E402

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass

D, K = 3, 4
M = D + K  # 7 system wires
LAYERS = (15, 20, 15)
SHAPES = {"S1": (LAYERS[0], M, 3), "X": (LAYERS[1], M + 1, 3), "S2": (LAYERS[2], M, 3)}
NPARAMS = sum(int(np.prod(s)) for s in SHAPES.values())
assert NPARAMS == 1110
LR = 5e-4
SEED = 1234
ZREF = {4: 0.171744, 6: -0.0139428, 8: -0.0207728, 10: -0.00447276, 12: -0.000573704}


def now():
    return time.perf_counter(), time.process_time()


def timed(fn, warmup, reps):
    """warm-up calls, then `reps` timed calls; returns (wall median ms, cpu median ms, all wall ms)"""
    for _ in range(warmup):
        fn()
    walls, cpus = [], []
    for _ in range(reps):
        w0, c0 = now()
        fn()
        w1, c1 = now()
        walls.append((w1 - w0) * 1e3)
        cpus.append((c1 - c0) * 1e3)
    return statistics.median(walls), statistics.median(cpus), walls


# ----------------------------------------------------------------------------------------------------------------------
# data
# ----------------------------------------------------------------------------------------------------------------------
def make_data(batch, seed=SEED):
    rng = np.random.default_rng(seed)
    P = {k: rng.uniform(0, 2 * np.pi, size=s) for k, s in SHAPES.items()}

    def states(n):
        v = rng.normal(size=(n, 2 ** D)) + 1j * rng.normal(size=(n, 2 ** D))
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    x = states(batch)
    tgt = states(batch)
    labels = rng.integers(0, 10, size=batch)
    return P, x, tgt, labels


def extend(x, labels):
    B = x.shape[0]
    e = np.zeros((B, 2 ** M), dtype=np.complex128)
    for b in range(B):
        e[b, labels[b] * 2 ** D:(labels[b] + 1) * 2 ** D] = x[b]
    return e


# ----------------------------------------------------------------------------------------------------------------------
# (a) PennyLane default.qubit + torch backprop, broadcast over the batch (the authors' stack)
# ----------------------------------------------------------------------------------------------------------------------
class DefaultQubitModel:
    def __init__(self):
        dev_s = qml.device("default.qubit", wires=M)
        dev_l = qml.device("default.qubit", wires=M + 1)

        def sblock(states, W):
            qml.StatePrep(states, wires=range(M))
            qml.StronglyEntanglingLayers(W, wires=range(M), ranges=[1] * W.shape[0])
            return qml.state()

        def lblock(states, W):
            qml.StatePrep(states, wires=range(M + 1))
            qml.StronglyEntanglingLayers(W, wires=range(M + 1), ranges=[1] * W.shape[0])
            return qml.state()

        self.s = qml.QNode(sblock, dev_s, interface="torch", diff_method="backprop")
        self.l = qml.QNode(lblock, dev_l, interface="torch", diff_method="backprop")

    def loss(self, P, x_ext, tgt, labels):
        B = x_ext.shape[0]
        v = self.s(x_ext, P["S1"])
        v = torch.cat([v, torch.zeros_like(v)], dim=1)  # ancilla as new wire 0
        v = self.l(v, P["X"])
        v = v[:, : 2 ** M]  # post-select ancilla 0
        v = v / torch.linalg.vector_norm(v, dim=1, keepdim=True)
        v = self.s(v, P["S2"])
        v = v.reshape(B, 2 ** K, 2 ** D)[torch.arange(B), labels]  # label post-selection
        v = v / torch.linalg.vector_norm(v, dim=1, keepdim=True)
        fid = torch.abs(torch.sum(torch.conj(tgt) * v, dim=1)) ** 2
        return torch.mean(1.0 - fid)


def torch_params(P):
    return {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in P.items()}


def bench_default_qubit(P, x, tgt, labels, warmup, reps):
    model = DefaultQubitModel()
    Pt = torch_params(P)
    opt = torch.optim.Adam(list(Pt.values()), lr=LR)
    xe = torch.tensor(extend(x, labels))
    tt = torch.tensor(tgt)
    lt = torch.tensor(labels)

    def step():
        opt.zero_grad()
        loss = model.loss(Pt, xe, tt, lt)
        loss.backward()
        opt.step()
        return loss

    wall, cpu, walls = timed(step, warmup, reps)
    return {"ms_per_step": wall, "cpu_ms_per_step": cpu, "min_ms_per_step": min(walls), "walls_ms": walls,
            "kind": "measured",
            "how": f"{warmup} warm-up steps, median of {reps} full steps (batch {x.shape[0]}, broadcast)"}


def reference_loss_grad(P, x, tgt, labels):
    """(a)'s machinery without an optimiser step: loss and gradient for validation of the other stacks."""
    model = DefaultQubitModel()
    Pt = torch_params(P)
    loss = model.loss(Pt, torch.tensor(extend(x, labels)), torch.tensor(tgt), torch.tensor(labels))
    loss.backward()
    return float(loss), {k: v.grad.numpy().copy() for k, v in Pt.items()}


# ----------------------------------------------------------------------------------------------------------------------
# (b) lightning.qubit adjoint, one 8-wire circuit per sample, loss = 1 - E1/E2
# ----------------------------------------------------------------------------------------------------------------------
def full_init(x_b, label_b):
    """|0>_ancilla (x) |label> (x) |x> as a 256-vector (wire 0 = ancilla = MSB)"""
    v = np.zeros(2 ** (M + 1), dtype=np.complex128)
    v[label_b * 2 ** D:(label_b + 1) * 2 ** D] = x_b
    return v


def label_bits(label_b):
    return [0] + [(label_b >> (K - 1 - i)) & 1 for i in range(K)]  # ancilla 0, then label MSB first


class LightningModel:
    def __init__(self):
        dev = qml.device("lightning.qubit", wires=M + 1)
        sys_w = list(range(1, M + 1))

        def circ(init, tproj, lbits, S1, X, S2):
            qml.StatePrep(init, wires=range(M + 1))
            qml.StronglyEntanglingLayers(S1, wires=sys_w, ranges=[1] * S1.shape[0])
            qml.StronglyEntanglingLayers(X, wires=range(M + 1), ranges=[1] * X.shape[0])
            qml.StronglyEntanglingLayers(S2, wires=sys_w, ranges=[1] * S2.shape[0])
            return (qml.expval(qml.Projector(tproj, wires=range(M + 1))),
                    qml.expval(qml.Projector(lbits, wires=range(K + 1))))

        self.q = qml.QNode(circ, dev, interface="torch", diff_method="adjoint")

    def loss(self, P, x, tgt, labels):
        losses = []
        for b in range(x.shape[0]):
            init = full_init(x[b], labels[b])
            tproj = full_init(tgt[b], labels[b])
            e1, e2 = self.q(init, tproj, label_bits(int(labels[b])), P["S1"], P["X"], P["S2"])
            losses.append(1.0 - e1 / e2)
        return torch.mean(torch.stack(losses))


def bench_lightning(P, x, tgt, labels, warmup, reps, sub):
    model = LightningModel()
    Pt = torch_params(P)
    opt = torch.optim.Adam(list(Pt.values()), lr=LR)
    B = x.shape[0]
    xs, ts, ls = x[:sub], tgt[:sub], labels[:sub]

    # validation on the sub-batch against (a)
    loss = model.loss(Pt, xs, ts, ls)
    loss.backward()
    ref_loss, ref_grad = reference_loss_grad(P, xs, ts, ls)
    gdiff = max(float(np.max(np.abs(Pt[k].grad.numpy() - ref_grad[k]))) for k in Pt)
    ldiff = abs(float(loss) - ref_loss)
    opt.zero_grad()

    def step():
        opt.zero_grad()
        lo = model.loss(Pt, xs, ts, ls)
        lo.backward()
        opt.step()

    wall, cpu, walls = timed(step, warmup, reps)
    scale = B / sub
    res = {"ms_per_step": wall * scale, "cpu_ms_per_step": cpu * scale, "min_ms_per_step": min(walls) * scale,
           "walls_ms": walls,
           "loss_abs_diff_vs_default_qubit": ldiff, "grad_max_abs_diff_vs_default_qubit": gdiff,
           "validated_on_samples": sub}
    if sub == B:
        res.update(kind="measured", how=f"{warmup} warm-up steps, median of {reps} full steps of {B} per-sample QNode "
                                         "calls (adjoint jacobian per call, torch Adam)")
    else:
        res.update(kind="projected", how=f"{warmup} warm-up + median of {reps} steps on a sub-batch of {sub} per-sample "
                                          f"QNode calls, scaled x{B}/{sub} (cost is linear in the number of calls)")
    return res


# ----------------------------------------------------------------------------------------------------------------------
# (c) Qiskit Aer statevector, forward measured, parameter-shift gradient measured on K params and projected
# ----------------------------------------------------------------------------------------------------------------------
class AerModel:
    def __init__(self):
        self.sim = AerSimulator(method="statevector", max_parallel_threads=1, max_parallel_experiments=1,
                                max_parallel_shots=1, statevector_parallel_threshold=64)
        n = M + 1
        self.theta = ParameterVector("p", NPARAMS)
        body = QuantumCircuit(n)
        idx = 0

        def q(w):  # PennyLane wire -> qiskit qubit (same basis index)
            return n - 1 - w

        for name, wires in (("S1", list(range(1, n))), ("X", list(range(n))), ("S2", list(range(1, n)))):
            L, nw, _ = SHAPES[name]
            for l in range(L):
                for i, w in enumerate(wires):
                    phi, th, om = self.theta[idx], self.theta[idx + 1], self.theta[idx + 2]
                    idx += 3
                    body.rz(phi, q(w))
                    body.ry(th, q(w))
                    body.rz(om, q(w))
                for i in range(nw):
                    body.cx(q(wires[i]), q(wires[(i + 1) % nw]))
        assert idx == NPARAMS
        self.body = body
        self.n = n

    def with_input(self, circ, x_b, label_b):
        qc = circ.copy()
        qc.data.insert(0, CircuitInstruction(SetStatevector(full_init(x_b, label_b)), qc.qubits))
        qc.save_statevector()
        return qc

    @staticmethod
    def flat(P):
        return np.concatenate([np.asarray(P[k]).ravel() for k in ("S1", "X", "S2")])

    @staticmethod
    def e12(sv, tgt_b, label_b):
        sv = np.asarray(sv)
        blk = sv[label_b * 2 ** D:(label_b + 1) * 2 ** D]  # ancilla 0, label register = label
        return float(abs(np.vdot(tgt_b, blk)) ** 2), float(np.sum(np.abs(blk) ** 2))

    def forward(self, P, x, tgt, labels):
        """all parameters bound once (Python), one circuit per sample, one AerSimulator.run for the batch"""
        bound = self.body.assign_parameters(self.flat(P))
        circs = [self.with_input(bound, x[b], labels[b]) for b in range(x.shape[0])]
        res = self.sim.run(circs).result()
        return [self.e12(res.get_statevector(b), tgt[b], labels[b]) for b in range(len(circs))]

    def shift_grad(self, P, x, tgt, labels, which, base):
        """exact parameter-shift gradient of the mean loss for flat indices `which`: per sample ONE circuit with those
        parameters left free (all others bound) and 2*len(which) parameter_binds evaluated inside Aer."""
        vals = self.flat(P)
        free = set(which)
        part = self.body.assign_parameters({self.theta[i]: vals[i] for i in range(NPARAMS) if i not in free})
        nb = 2 * len(which)
        circs, binds = [], []
        for b in range(x.shape[0]):
            circs.append(self.with_input(part, x[b], labels[b]))
            d = {self.theta[i]: [vals[i]] * nb for i in which}
            for j, pi in enumerate(which):
                d[self.theta[pi]][2 * j] = vals[pi] + np.pi / 2
                d[self.theta[pi]][2 * j + 1] = vals[pi] - np.pi / 2
            binds.append(d)
        res = self.sim.run(circs, parameter_binds=binds).result()
        B = len(circs)
        g = np.zeros(len(which))
        for b in range(B):
            e1, e2 = base[b]
            for j in range(len(which)):
                p1, p2 = self.e12(res.get_statevector(b * nb + 2 * j), tgt[b], labels[b])
                m1, m2 = self.e12(res.get_statevector(b * nb + 2 * j + 1), tgt[b], labels[b])
                de1, de2 = (p1 - m1) / 2, (p2 - m2) / 2
                g[j] += -(de1 * e2 - e1 * de2) / (e2 * e2) / B
        return g


def bench_aer(P, x, tgt, labels, warmup, reps, sub_fwd, sub_shift, ks):
    model = AerModel()
    B = x.shape[0]
    rng = np.random.default_rng(7)

    # validation against (a) on a small sub-batch
    xs, ts, ls = x[:sub_shift], tgt[:sub_shift], labels[:sub_shift]
    ref_loss, ref_grad = reference_loss_grad(P, xs, ts, ls)
    rflat = np.concatenate([ref_grad[k].ravel() for k in ("S1", "X", "S2")])
    which_v = sorted(rng.choice(NPARAMS, size=max(ks), replace=False).tolist())
    base_s = model.forward(P, xs, ts, ls)
    loss = float(np.mean([1 - e1 / e2 for e1, e2 in base_s]))
    g = model.shift_grad(P, xs, ts, ls, which_v, base_s)
    gdiff = float(np.max(np.abs(g - rflat[which_v])))

    # forward of the batch (or a sub-batch, scaled)
    xf, tf, lf = x[:sub_fwd], tgt[:sub_fwd], labels[:sub_fwd]
    fwd_wall, fwd_cpu, _ = timed(lambda: model.forward(P, xf, tf, lf), warmup, reps)
    fwd_scale = B / sub_fwd
    # parameter shift for K free params on sub_shift samples, two K values -> linear fit a + b*K per sample
    per_sample = {}
    for kk in ks:
        which = sorted(rng.choice(NPARAMS, size=kk, replace=False).tolist())
        w, c, _ = timed(lambda: model.shift_grad(P, xs, ts, ls, which, base_s), 1, reps)
        per_sample[kk] = (w / sub_shift, c / sub_shift)
    k1, k2 = min(ks), max(ks)
    slope_w = (per_sample[k2][0] - per_sample[k1][0]) / (k2 - k1)
    icpt_w = per_sample[k1][0] - slope_w * k1
    slope_c = (per_sample[k2][1] - per_sample[k1][1]) / (k2 - k1)
    icpt_c = per_sample[k1][1] - slope_c * k1
    grad_sample_w = max(icpt_w, 0.0) + slope_w * NPARAMS
    grad_sample_c = max(icpt_c, 0.0) + slope_c * NPARAMS
    # Adam update on 1110 params (torch), measured
    Pt = torch_params(P)
    opt = torch.optim.Adam(list(Pt.values()), lr=LR)
    for v in Pt.values():
        v.grad = torch.zeros_like(v)
    adam_wall, adam_cpu, _ = timed(opt.step, 3, 20)
    step_w = fwd_wall * fwd_scale + B * grad_sample_w + adam_wall
    step_c = fwd_cpu * fwd_scale + B * grad_sample_c + adam_cpu
    return {"ms_per_step": step_w, "cpu_ms_per_step": step_c, "kind": "projected",
            "how": (f"MEASURED forward of {sub_fwd} samples (one circuit each, one AerSimulator.run) "
                    f"{fwd_wall:.1f} ms, scaled x{B}/{sub_fwd}; MEASURED parameter shift on {sub_shift} samples "
                    f"for K={k1} and K={k2} free params (2K binds per circuit): "
                    f"{per_sample[k1][0]:.1f} / {per_sample[k2][0]:.1f} ms per sample; PROJECTED per-sample "
                    f"gradient = {icpt_w:.1f} + {slope_w:.3f} ms x {NPARAMS} params = {grad_sample_w:.0f} ms; "
                    f"step = forward + {B} x gradient + Adam ({adam_wall:.2f} ms)"),
            "forward_batch_ms": fwd_wall * fwd_scale,
            "forward_ms_per_circuit": fwd_wall / sub_fwd,
            "shift_ms_per_sample_by_k": {str(k): v[0] for k, v in per_sample.items()},
            "projected_gradient_ms_per_sample": grad_sample_w,
            "circuit_runs_per_step": B * (1 + 2 * NPARAMS),
            "loss_abs_diff_vs_default_qubit": abs(loss - ref_loss),
            "grad_max_abs_diff_vs_default_qubit_on_shifted_params": gdiff,
            "validated_on_samples": sub_shift}


# ----------------------------------------------------------------------------------------------------------------------
# Appendix C workload (perf-notes): one state, n qubits, L=20 layers of RY, RZ, CNOT ring; little-endian qubit q
# ----------------------------------------------------------------------------------------------------------------------
def frac(v):
    return v - np.floor(v)


def appc_angles(n, L=20):
    th = np.array([[2 * np.pi * frac((131 * l + 17 * q + 1) * 0.6180339887498949) for q in range(n)] for l in range(L)])
    ph = np.array([[2 * np.pi * frac((71 * l + 29 * q + 3) * 0.7548776662466927) for q in range(n)] for l in range(L)])
    return th, ph


def appc_state(n):
    k = np.arange(1, 2 ** n + 1, dtype=np.float64)
    psi = (frac(k * 0.7548776662466927) - 0.5) + 1j * (frac(k * 0.5698402909980532) - 0.5)
    return psi / np.linalg.norm(psi)


def z0(sv):  # qubit 0 = bit 0 (LSB) of the index
    p = np.abs(np.asarray(sv)) ** 2
    return float(np.sum(p[0::2]) - np.sum(p[1::2]))


def appendix_c(ns, quick):
    rows = []
    sim = AerSimulator(method="statevector", max_parallel_threads=1, max_parallel_experiments=1,
                       statevector_parallel_threshold=64)
    for n in ns:
        th, ph = appc_angles(n)
        psi = appc_state(n)
        L = th.shape[0]
        reps = 3 if quick else 20
        warm = 1 if quick else 5
        row = {"n": n, "gates": 60 * n}

        # PennyLane wires are big-endian: little-endian qubit q = wire n-1-q (then the basis index is the same)
        def pl_circ():
            qml.StatePrep(psi, wires=range(n))
            for l in range(L):
                for q in range(n):
                    qml.RY(th[l, q], wires=n - 1 - q)
                for q in range(n):
                    qml.RZ(ph[l, q], wires=n - 1 - q)
                for q in range(n):
                    qml.CNOT(wires=[n - 1 - q, n - 1 - ((q + 1) % n)])
            return qml.state()

        for name, devname in (("default_qubit", "default.qubit"), ("lightning_qubit", "lightning.qubit")):
            qn = qml.QNode(pl_circ, qml.device(devname, wires=n))
            out = {}

            def run():
                out["sv"] = qn()

            r = 2 if (name == "default_qubit" and n >= 12 and quick) else reps
            wall, cpu, _ = timed(run, warm, r)
            row[name + "_ms"] = wall
            row[name + "_z0"] = z0(out["sv"])

        qc = QuantumCircuit(n)
        qc.set_statevector(psi)
        for l in range(L):
            for q in range(n):
                qc.ry(th[l, q], q)
            for q in range(n):
                qc.rz(ph[l, q], q)
            for q in range(n):
                qc.cx(q, (q + 1) % n)
        qc.save_statevector()
        out = {}

        def run_aer():
            out["sv"] = sim.run(qc).result().get_statevector(0)

        wall, cpu, _ = timed(run_aer, warm, reps)
        row["qiskit_aer_ms"] = wall
        row["qiskit_aer_z0"] = z0(out["sv"])
        row["z0_reference"] = ZREF.get(n)
        rows.append(row)
        print(f"  n={n:2d}  default.qubit {row['default_qubit_ms']:9.3f} ms   lightning.qubit "
              f"{row['lightning_qubit_ms']:8.3f} ms   Aer {row['qiskit_aer_ms']:8.3f} ms   "
              f"<Z0> {row['default_qubit_z0']:+.6g} / {row['lightning_qubit_z0']:+.6g} / {row['qiskit_aer_z0']:+.6g}"
              + (f" (ref {ZREF[n]:+.6g})" if n in ZREF else ""), flush=True)
    return rows


def main():
    ap = argparse.ArgumentParser(description="Time one training step of the 1110-parameter conditioned latent QDM "
                                             "model in PennyLane default.qubit, lightning.qubit and Qiskit Aer.")
    ap.add_argument("--quick", action="store_true", help="reduced repetitions / sub-batches, finishes in < 90 s")
    ap.add_argument("--json", metavar="FILE", help="write results as JSON")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--no-appendix-c", action="store_true", help="skip the Appendix C forward workload")
    ap.add_argument("--stacks", default="default_qubit,lightning,aer",
                    help="comma list of default_qubit,lightning,aer")
    args = ap.parse_args()
    t_start = time.perf_counter()
    load_start = os.getloadavg()
    stacks = set(args.stacks.split(","))
    B = args.batch
    P, x, tgt, labels = make_data(B)

    if args.quick:
        dq = dict(warmup=1, reps=2)
        lq = dict(warmup=1, reps=2, sub=min(2, B))
        aq = dict(warmup=1, reps=2, sub_fwd=min(8, B), sub_shift=min(2, B), ks=(2, 32))
        ns = [4, 8, 12]
    else:
        dq = dict(warmup=3, reps=10)
        lq = dict(warmup=1, reps=3, sub=B)
        aq = dict(warmup=1, reps=3, sub_fwd=B, sub_shift=min(8, B), ks=(4, 64))
        ns = [4, 5, 6, 7, 8, 9, 10, 11, 12]

    versions = {"python": platform.python_version(), "numpy": np.__version__,
                "torch": torch.__version__, "pennylane": qml.__version__,
                "pennylane_lightning": importlib.metadata.version("pennylane_lightning"),
                "qiskit": qiskit.__version__, "qiskit_aer": qiskit_aer.__version__}
    print(f"QDM peer benchmark: conditioned latent model, {NPARAMS} params, batch {B}, one thread "
          f"({'quick' if args.quick else 'full'} mode)")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()), flush=True)

    results = {}
    if "default_qubit" in stacks:
        results["default_qubit_backprop"] = bench_default_qubit(P, x, tgt, labels, **dq)
        print(f"  (a) default.qubit backprop: {results['default_qubit_backprop']['ms_per_step']:.1f} ms/step",
              flush=True)
    if "lightning" in stacks:
        results["lightning_adjoint"] = bench_lightning(P, x, tgt, labels, **lq)
        print(f"  (b) lightning.qubit adjoint: {results['lightning_adjoint']['ms_per_step']:.1f} ms/step "
              f"({results['lightning_adjoint']['kind']})", flush=True)
    if "aer" in stacks:
        results["qiskit_aer"] = bench_aer(P, x, tgt, labels, **aq)
        print(f"  (c) Qiskit Aer statevector + parameter shift: {results['qiskit_aer']['ms_per_step']:.1f} ms/step "
              f"(projected)", flush=True)

    appc = []
    if not args.no_appendix_c:
        print("Appendix C forward workload (one state, L=20, RY/RZ/CNOT ring), ms per application (median):",
              flush=True)
        appc = appendix_c(ns, args.quick)

    # table
    labels_txt = {
        "default_qubit_backprop": "PennyLane default.qubit + torch backprop (broadcast)",
        "lightning_adjoint": "PennyLane lightning.qubit adjoint (per-sample calls)",
        "qiskit_aer": "Qiskit Aer statevector + parameter shift",
    }
    print()
    print(f"{'stack':58s} {'ms/step':>12s} {'cpu ms':>12s}  kind       100 epochs (25,600 steps)")
    print("-" * 120)
    for key, r in results.items():
        hours = r["ms_per_step"] * 25600 / 3.6e6
        print(f"{labels_txt[key]:58s} {r['ms_per_step']:12.1f} {r['cpu_ms_per_step']:12.1f}  {r['kind']:9s}  "
              f"{hours:.2f} h")
    for key, r in results.items():
        print(f"  {key}: {r['how']}")
        for kk in ("loss_abs_diff_vs_default_qubit", "grad_max_abs_diff_vs_default_qubit",
                   "grad_max_abs_diff_vs_default_qubit_on_shifted_params"):
            if kk in r:
                print(f"      {kk} = {r[kk]:.2e}")

    ok = True
    for key, r in results.items():
        for kk in ("loss_abs_diff_vs_default_qubit", "grad_max_abs_diff_vs_default_qubit",
                   "grad_max_abs_diff_vs_default_qubit_on_shifted_params"):
            if kk in r and not r[kk] < 1e-9:
                print(f"WARNING: {key} {kk} = {r[kk]:.2e} (stacks disagree)", file=sys.stderr)
                ok = False
    for row in appc:
        ref = row.get("z0_reference")
        if ref is not None:
            for kk in ("default_qubit_z0", "lightning_qubit_z0", "qiskit_aer_z0"):
                if abs(row[kk] - ref) > 5e-6 * max(1.0, abs(ref)) + 1e-6:
                    print(f"WARNING: Appendix C n={row['n']} {kk}={row[kk]} vs reference {ref}", file=sys.stderr)
                    ok = False

    total = time.perf_counter() - t_start
    print(f"total benchmark time {total:.1f} s; load average at start {load_start[0]:.1f}, "
          f"at end {os.getloadavg()[0]:.1f} (2 vCPUs: above ~1 other processes slow every number down)")

    if args.json:
        def g(k):
            return results[k]["ms_per_step"] if k in results else None

        doc = {
            "generator": "bench/peers/bench_training_step.py",
            "mode": "quick" if args.quick else "full",
            "model": {"name": "conditioned latent (notes §3.1)", "params": NPARAMS, "data_qubits": D,
                      "label_qubits": K, "layers": list(LAYERS), "block": "sel", "ancilla_mode": "postselect",
                      "batch": B, "loss": "mean infidelity", "optimizer": f"torch.optim.Adam lr={LR}"},
            "threads": 1,
            "versions": versions,
            "default_qubit_backprop_ms_per_step": g("default_qubit_backprop"),
            "lightning_adjoint_ms_per_step": g("lightning_adjoint"),
            "qiskit_aer_ms_per_step": g("qiskit_aer"),
            "meaning": {
                "default_qubit_backprop_ms_per_step": "wall ms, median, of one full training step (forward+backward+"
                                                      "Adam, batch 64) with PennyLane default.qubit, torch backprop, "
                                                      "batch broadcast; MEASURED",
                "lightning_adjoint_ms_per_step": "wall ms of one training step with lightning.qubit adjoint, one "
                                                 "QNode call per sample (loss = 1 - <P_target>/<P_label>); measured "
                                                 "on the full batch (full mode) or projected linearly from a "
                                                 "sub-batch (quick mode), see details.lightning_adjoint.kind",
                "qiskit_aer_ms_per_step": "wall ms of one training step with Qiskit Aer statevector and exact "
                                          "parameter-shift gradients: forward of the batch MEASURED, parameter-"
                                          "shift measured on k params and PROJECTED to all 1110; see "
                                          "details.qiskit_aer",
            },
            "details": results,
            "appendix_c_forward_ms": appc,
            "checks_ok": ok,
            "load_average_1_5_15_min": {"start": list(load_start), "end": list(os.getloadavg())},
            "note": "wall-clock medians on a 2-vCPU machine shared with other processes; compare cpu_ms_per_step "
                    "in details when the load average is above ~1",
            "total_seconds": total,
        }
        Path(args.json).write_text(json.dumps(doc, indent=1) + "\n")
        print(f"wrote {args.json}")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
