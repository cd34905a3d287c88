#!/usr/bin/env python3
"""Independent correctness reference for QDM's circuit-service simulator.

Computes a fixed set of SEEDED random cases with PennyLane ``default.qubit`` (complex128) as the primary reference,
cross-checks every case with Qiskit (``qiskit.quantum_info.Statevector``; for denoisers each block is evolved by Qiskit
and the projections/renormalisations are done in numpy), checks the denoiser gradients
(torch autograd through PennyLane, ``interface="torch", diff_method="backprop"``) against central finite differences,
and writes ``circuit-service/simulator/src/test/resources/reference/pqc-reference-vectors.json``.

Conventions (QDM = PennyLane): wire 0 is the MOST significant bit of the basis index. Qiskit is little-endian; we map
PennyLane wire w of an m-wire register to Qiskit qubit m-1-w, which makes both basis indices identical, so the state
vectors can be compared entry by entry without a permutation (the mapping IS the endianness conversion).

Run:  bash bench/peers/setup_venv.sh && OMP_NUM_THREADS=1 bench/peers/.venv/bin/python bench/peers/reference_vectors.py
Exit code: 0 when every check passes, 1 otherwise (Qiskit diff > 1e-10, FD mismatch, identity check, ...).
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import pennylane as qml  # noqa: E402
import qiskit  # noqa: E402
from qiskit import QuantumCircuit  # noqa: E402
from qiskit.quantum_info import Statevector  # noqa: E402

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

REPO = Path(__file__).resolve().parents[2]
OUT_DEFAULT = REPO / "circuit-service/simulator/src/test/resources/reference/pqc-reference-vectors.json"
SEED = 20251126
QISKIT_TOL = 1e-10
FD_TOL = 1e-7  # absolute tolerance of central FD (h=1e-5) vs autograd
TWO_PI = 2.0 * np.pi

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


# ----------------------------------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------------------------------
def cjson(vec):
    """complex vector -> [[re, im], ...] with full float repr precision"""
    v = np.asarray(vec, dtype=np.complex128).ravel()
    return [[float(z.real), float(z.imag)] for z in v]


def fjson(arr):
    return [float(x) for x in np.asarray(arr, dtype=np.float64).ravel()]


def rand_state(rng, n_amp):
    v = rng.normal(size=n_amp) + 1j * rng.normal(size=n_amp)
    return v / np.linalg.norm(v)


def to_np(t):
    return t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)


# ----------------------------------------------------------------------------------------------------------------------
# PennyLane side (primary)
# ----------------------------------------------------------------------------------------------------------------------
def pl_gate(name, wires, p):
    """Apply one QDM gate in PennyLane. p: list of params (floats or torch scalars)."""
    if name == "RX":
        qml.RX(p[0], wires=wires)
    elif name == "RY":
        qml.RY(p[0], wires=wires)
    elif name == "RZ":
        qml.RZ(p[0], wires=wires)
    elif name == "Rot":  # Rot(phi, theta, omega) = RZ(omega) RY(theta) RZ(phi)
        qml.Rot(p[0], p[1], p[2], wires=wires)
    elif name == "R3":  # R3(p0,p1,p2) = RZ(p0) RY(p1) RZ(p2) = Rot(p2, p1, p0)
        qml.Rot(p[2], p[1], p[0], wires=wires)
    elif name == "U3":
        qml.U3(p[0], p[1], p[2], wires=wires)
    elif name == "H":
        qml.Hadamard(wires=wires)
    elif name == "X":
        qml.PauliX(wires=wires)
    elif name == "Y":
        qml.PauliY(wires=wires)
    elif name == "Z":
        qml.PauliZ(wires=wires)
    elif name == "S":
        qml.S(wires=wires)
    elif name == "T":
        qml.T(wires=wires)
    elif name == "SX":
        qml.SX(wires=wires)
    elif name == "CNOT":
        qml.CNOT(wires=wires)
    elif name == "CZ":
        qml.CZ(wires=wires)
    elif name == "SWAP":
        qml.SWAP(wires=wires)
    elif name == "ECR":
        qml.ECR(wires=wires)
    else:
        raise ValueError(name)


GATES = {  # name -> (number of wires, number of params)
    "RX": (1, 1), "RY": (1, 1), "RZ": (1, 1), "Rot": (1, 3), "R3": (1, 3), "U3": (1, 3),
    "H": (1, 0), "X": (1, 0), "Y": (1, 0), "Z": (1, 0), "S": (1, 0), "T": (1, 0), "SX": (1, 0),
    "CNOT": (2, 0), "CZ": (2, 0), "SWAP": (2, 0), "ECR": (2, 0),
}


def pl_block_ops(block, W, wires):
    """Queue one ansatz block. W has shape (L, n, 3) (numpy or torch)."""
    n = len(wires)
    L = W.shape[0]
    if block == "sel":
        if n == 1:  # PennyLane refuses ranges=[1] on one wire; the default then applies no CNOT at all
            qml.StronglyEntanglingLayers(W, wires=wires)
        else:
            qml.StronglyEntanglingLayers(W, wires=wires, ranges=[1] * L)
    elif block == "identity_r3":
        if L % 2:
            raise ValueError("identity_r3 needs an even number of layers")
        for l in range(L):
            for i in range(n):
                qml.Rot(W[l, i, 2], W[l, i, 1], W[l, i, 0], wires=wires[i])  # R3(p0,p1,p2)
            # E = C(0,1) C(1,2) ... C(n-2,n-1) as a matrix product: C(n-2,n-1) acts first.
            chain = [(wires[i], wires[i + 1]) for i in range(n - 1)]
            order = chain[::-1] if l % 2 == 0 else chain  # even layer: E ; odd layer: E^dagger (reverse order)
            for c, t in order:
                qml.CNOT(wires=[c, t])
    else:
        raise ValueError(block)


_DEVICES = {}


def _dev(m):
    if m not in _DEVICES:
        _DEVICES[m] = qml.device("default.qubit", wires=m)
    return _DEVICES[m]


_QNODES = {}


def pl_block(block, m, state, W):
    """PennyLane default.qubit: returns qml.state() of block(W) applied to `state` on m wires.
    Works with numpy (float64/complex128) or torch tensors (backprop)."""
    key = (block, m, isinstance(W, torch.Tensor))
    if key not in _QNODES:
        iface = "torch" if key[2] else "numpy"
        diff = "backprop" if key[2] else None

        def circ(state, W):
            qml.StatePrep(state, wires=range(m))
            pl_block_ops(block, W, list(range(m)))
            return qml.state()

        _QNODES[key] = qml.QNode(circ, _dev(m), interface=iface, diff_method=diff)
    out = _QNODES[key](state, W)
    return out


def pl_gate_state(name, wires, params, state, m):
    @qml.qnode(_dev(m))
    def circ():
        qml.StatePrep(state, wires=range(m))
        pl_gate(name, wires, params)
        return qml.state()

    return np.asarray(circ(), dtype=np.complex128)


# ----------------------------------------------------------------------------------------------------------------------
# Qiskit side (cross-check). PennyLane wire w of m wires <-> Qiskit qubit m-1-w (same basis index).
# ----------------------------------------------------------------------------------------------------------------------
def qk_gate(qc, m, name, wires, p):
    q = [m - 1 - w for w in wires]
    if name == "RX":
        qc.rx(p[0], q[0])
    elif name == "RY":
        qc.ry(p[0], q[0])
    elif name == "RZ":
        qc.rz(p[0], q[0])
    elif name == "Rot":
        qc.rz(p[0], q[0]); qc.ry(p[1], q[0]); qc.rz(p[2], q[0])  # noqa: E702
    elif name == "R3":
        qc.rz(p[2], q[0]); qc.ry(p[1], q[0]); qc.rz(p[0], q[0])  # noqa: E702
    elif name == "U3":
        qc.u(p[0], p[1], p[2], q[0])
    elif name == "H":
        qc.h(q[0])
    elif name == "X":
        qc.x(q[0])
    elif name == "Y":
        qc.y(q[0])
    elif name == "Z":
        qc.z(q[0])
    elif name == "S":
        qc.s(q[0])
    elif name == "T":
        qc.t(q[0])
    elif name == "SX":
        qc.sx(q[0])
    elif name == "CNOT":
        qc.cx(q[0], q[1])
    elif name == "CZ":
        qc.cz(q[0], q[1])
    elif name == "SWAP":
        qc.swap(q[0], q[1])
    elif name == "ECR":
        qc.ecr(q[0], q[1])
    else:
        raise ValueError(name)


def qk_block_circuit(block, W, m):
    W = np.asarray(W, dtype=np.float64)
    L, n, _ = W.shape
    assert n == m
    qc = QuantumCircuit(m)
    for l in range(L):
        for i in range(n):
            if block == "sel":
                qk_gate(qc, m, "Rot", [i], W[l, i])
            else:
                qk_gate(qc, m, "R3", [i], W[l, i])
        if block == "sel":
            if n > 1:
                for i in range(n):
                    qk_gate(qc, m, "CNOT", [i, (i + 1) % n], [])
        else:
            chain = [(i, i + 1) for i in range(n - 1)]
            order = chain[::-1] if l % 2 == 0 else chain
            for c, t in order:
                qk_gate(qc, m, "CNOT", [c, t], [])
    return qc


def qk_apply(qc, state):
    return np.asarray(Statevector(np.asarray(state, dtype=np.complex128)).evolve(qc).data)


# ----------------------------------------------------------------------------------------------------------------------
# Denoisers (notes §3.1 / §3.3), generic over the "xp" backend (torch for PennyLane-backprop, numpy for checks)
# ----------------------------------------------------------------------------------------------------------------------
def _norm(v):
    if isinstance(v, torch.Tensor):
        return v / torch.sqrt(torch.sum(torch.abs(v) ** 2))
    return v / np.linalg.norm(v)


def _cat_zeros(v):
    if isinstance(v, torch.Tensor):
        return torch.cat([v, torch.zeros_like(v)])
    return np.concatenate([v, np.zeros_like(v)])


def extend_state(x, label, d, k):
    if k == 0:
        return x
    if isinstance(x, torch.Tensor):
        big = torch.zeros(2 ** (d + k), dtype=x.dtype)
        big = big.index_put((torch.arange(label * 2 ** d, (label + 1) * 2 ** d),), x)
        return big
    big = np.zeros(2 ** (d + k), dtype=np.complex128)
    big[label * 2 ** d:(label + 1) * 2 ** d] = x
    return big


def keep_half(v, outcome):
    h = v.shape[0] // 2
    return v[:h] if outcome == 0 else v[h:]


def denoiser_forward(apply_block, kind, block, d, k, label, x, P, outcome, decide_outcome=None):
    """apply_block(block, m, state, W) -> state.  outcome: 0/1 branch kept, or None to draw it with decide_outcome(p0).
    Returns (output_state, outcome_used, pre_projection_state_for_checks)."""
    m = d + k
    v = extend_state(x, label, d, k)
    trace = {}
    if kind == "reverse_bottleneck":
        v = apply_block(block, m, v, P["S1"])
        v = _cat_zeros(v)  # ancilla prepended as new wire 0 (MSB), in |0>
        v = apply_block(block, m + 1, v, P["X"])
        trace["before_ancilla"] = v
        if outcome is None:
            p0 = float(np.sum(np.abs(to_np(v)[: 2 ** m]) ** 2))
            outcome = decide_outcome(p0)
        v = _norm(keep_half(v, outcome))
        v = apply_block(block, m, v, P["S2"])
    elif kind == "bottleneck":
        v = apply_block(block, m, v, P["S1"])
        trace["before_ancilla"] = v
        if outcome is None:
            p0 = float(np.sum(np.abs(to_np(v)[: 2 ** (m - 1)]) ** 2))
            outcome = decide_outcome(p0)
        v = _norm(keep_half(v, outcome))
        v = apply_block(block, m - 1, v, P["X"])
        v = _cat_zeros(v)  # |0> prepended as the new wire 0
        v = apply_block(block, m, v, P["S2"])
    else:
        raise ValueError(kind)
    trace["before_label"] = v
    if k > 0:
        v = v[label * 2 ** d:(label + 1) * 2 ** d]
    v = _norm(v)
    return v, outcome, trace


def infidelity(target, out):
    if isinstance(out, torch.Tensor):
        c = torch.sum(torch.conj(target) * out)
        return 1.0 - torch.abs(c) ** 2
    c = np.vdot(target, out)
    return 1.0 - abs(c) ** 2


def qk_block_apply(block, m, state, W):
    return qk_apply(qk_block_circuit(block, W, m), state)


# ----------------------------------------------------------------------------------------------------------------------
# case generators
# ----------------------------------------------------------------------------------------------------------------------
def gate_cases(rng, qk_diffs):
    cases = []
    m = 3
    for name, (nw, npar) in GATES.items():
        for rep in range(2):
            wires = [int(w) for w in rng.choice(m, size=nw, replace=False)]
            params = [float(p) for p in rng.uniform(-TWO_PI, TWO_PI, size=npar)]
            psi = rand_state(rng, 2 ** m)
            out = pl_gate_state(name, wires, params, psi, m)
            qc = QuantumCircuit(m)
            qk_gate(qc, m, name, wires, params)
            diff = float(np.max(np.abs(qk_apply(qc, psi) - out)))
            qk_diffs.append(diff)
            if diff > QISKIT_TOL:
                fail(f"gate {name} wires {wires}: PennyLane vs Qiskit diff {diff:.3e}")
            cases.append({"id": f"gate-{name}-{rep}", "kind": "gate", "gate": name, "wires": wires, "params": params,
                          "num_wires": m, "input_state": cjson(psi), "output_state": cjson(out)})
    return cases


def ansatz_cases(rng, qk_diffs):
    cases = []
    specs = [("sel", n, L) for n, Ls in [(1, [1, 3]), (2, [1, 2]), (3, [1, 3]), (5, [2]), (7, [2, 15])] for L in Ls]
    specs += [("identity_r3", n, L) for n, Ls in [(2, [2, 4]), (3, [2, 4]), (4, [2, 6])] for L in Ls]
    for block, n, L in specs:
        W = rng.uniform(0.0, TWO_PI, size=(L, n, 3))
        psi = rand_state(rng, 2 ** n)
        out = np.asarray(pl_block(block, n, psi, W), dtype=np.complex128)
        diff = float(np.max(np.abs(qk_block_apply(block, n, psi, W) - out)))
        qk_diffs.append(diff)
        if diff > QISKIT_TOL:
            fail(f"{block} n={n} L={L}: PennyLane vs Qiskit diff {diff:.3e}")
        cases.append({"id": f"{block}-n{n}-L{L}", "kind": block, "num_wires": n, "layers": L, "params": fjson(W),
                      "input_state": cjson(psi), "output_state": cjson(out)})
    return cases


def check_identity_r3():
    rng = np.random.default_rng(7)
    worst = 0.0
    for n in (2, 3, 4, 5):
        for L in (2, 4, 6):
            psi = rand_state(rng, 2 ** n)
            out = np.asarray(pl_block("identity_r3", n, psi, np.zeros((L, n, 3))), dtype=np.complex128)
            worst = max(worst, float(np.max(np.abs(out - psi))))
            # and as a matrix, through Qiskit
            from qiskit.quantum_info import Operator
            U = Operator(qk_block_circuit("identity_r3", np.zeros((L, n, 3)), n)).data
            worst = max(worst, float(np.max(np.abs(U - np.eye(2 ** n)))))
    if worst > 1e-14:
        fail(f"identity_r3 with zero params is not the identity (max diff {worst:.3e})")
    # sanity: with non-zero params it must NOT be the identity
    psi = rand_state(rng, 8)
    out = np.asarray(pl_block("identity_r3", 3, psi, rng.uniform(0, 1, (2, 3, 3))), dtype=np.complex128)
    if np.max(np.abs(out - psi)) < 1e-3:
        fail("identity_r3 with random params looks like the identity")
    return worst


def x_shape(kind, m):
    return m + 1 if kind == "reverse_bottleneck" else m - 1


def denoiser_case(rng, qk_diffs, fd_errs, cid, kind, block, d, k, layers, mode, label=None, force_outcome=None,
                  n_fd=6):
    m = d + k
    if k > 0 and label is None:
        label = int(rng.integers(0, 2 ** k))
    if k == 0:
        label = 0
    if block == "identity_r3":
        assert all(L % 2 == 0 for L in layers)
    shapes = {"S1": (layers[0], m, 3), "X": (layers[1], x_shape(kind, m), 3), "S2": (layers[2], m, 3)}
    Pn = {key: rng.uniform(0.0, TWO_PI, size=s) for key, s in shapes.items()}
    x = rand_state(rng, 2 ** d)
    tgt = rand_state(rng, 2 ** d)
    u = float(rng.uniform())  # the authors' rule: outcome 0 if u < p0 else 1

    # --- primary: PennyLane default.qubit, torch backprop
    Pt = {key: torch.tensor(v, dtype=torch.float64, requires_grad=True) for key, v in Pn.items()}
    xt = torch.tensor(x, dtype=torch.complex128)
    tt = torch.tensor(tgt, dtype=torch.complex128)
    if mode == "postselect":
        outcome = 0
    elif force_outcome is not None:
        outcome = force_outcome
    else:
        outcome = None
    out, outcome, _ = denoiser_forward(pl_block, kind, block, d, k, label, xt, Pt, outcome,
                                       decide_outcome=lambda p0: 0 if u < p0 else 1)
    assert out.dtype == torch.complex128
    loss = infidelity(tt, out)
    loss.backward()
    grads = {key: Pt[key].grad.detach().numpy().copy() for key in Pt}
    out_np = out.detach().numpy()

    # --- cross-check 1: Qiskit Statevector for every block, projections in numpy (checks the whole pipeline)
    out_q, _, trace_q = denoiser_forward(qk_block_apply, kind, block, d, k, label, x, Pn, outcome)
    diff = float(np.max(np.abs(out_q - out_np)))
    qk_diffs.append(diff)
    if diff > QISKIT_TOL:
        fail(f"{cid}: PennyLane vs Qiskit output diff {diff:.3e}")

    # --- cross-check 2: central finite differences of the loss (PennyLane numpy forward) on a few parameters
    def loss_np(P):
        o, _, _ = denoiser_forward(pl_block, kind, block, d, k, label, x, P, outcome)
        return float(infidelity(tgt, np.asarray(o, dtype=np.complex128)))

    loss_np0 = loss_np(Pn)
    if abs(loss_np0 - loss.item()) > 1e-12:
        fail(f"{cid}: numpy vs torch loss differ {abs(loss_np0 - loss.item()):.3e}")
    h = 1e-5
    keys = list(Pn)
    for _ in range(n_fd):
        key = keys[int(rng.integers(0, 3))]
        idx = tuple(int(rng.integers(0, s)) for s in Pn[key].shape)
        Pp = {kk: vv.copy() for kk, vv in Pn.items()}
        Pm = {kk: vv.copy() for kk, vv in Pn.items()}
        Pp[key][idx] += h
        Pm[key][idx] -= h
        fd = (loss_np(Pp) - loss_np(Pm)) / (2 * h)
        err = abs(fd - grads[key][idx])
        fd_errs.append(err)
        if err > FD_TOL:
            fail(f"{cid}: gradient {key}{idx} autograd {grads[key][idx]:.12e} vs FD {fd:.12e}")

    case = {"id": cid, "kind": kind, "block": block, "data_qubits": d, "label_qubits": k}
    if k > 0:
        case["label"] = int(label)
    case.update({"layers": [int(L) for L in layers], "ancilla_mode": mode})
    if mode == "measure":
        case["measured_outcome"] = int(outcome)
    case.update({
        "params": {key: fjson(Pn[key]) for key in ("S1", "X", "S2")},
        "input_state": cjson(x), "target_state": cjson(tgt), "output_state": cjson(out_np),
        "loss": float(loss.item()),
        "gradient": {key: fjson(grads[key]) for key in ("S1", "X", "S2")},
    })
    return case


def denoiser_cases(rng, qk_diffs, fd_errs):
    cases = []
    d = 3
    for kind in ("reverse_bottleneck", "bottleneck"):
        for block in ("sel", "identity_r3"):
            layers = [2, 3, 2] if block == "sel" else [2, 4, 2]
            for k in (4, 0):
                for mode in ("measure", "postselect"):
                    base = f"{kind}-{block}-k{k}-{mode}"
                    if mode == "postselect":
                        cases.append(denoiser_case(rng, qk_diffs, fd_errs, base, kind, block, d, k, layers, mode))
                    else:
                        # branch drawn with the authors' rule (u < p0 -> 0) ...
                        c1 = denoiser_case(rng, qk_diffs, fd_errs, base + "-drawn", kind, block, d, k, layers, mode)
                        cases.append(c1)
                        # ... and the other branch held fixed, so both halves are covered
                        cases.append(denoiser_case(rng, qk_diffs, fd_errs, base + f"-branch{1 - c1['measured_outcome']}",
                                                   kind, block, d, k, layers, mode,
                                                   force_outcome=1 - c1["measured_outcome"]))
    # smaller variants
    cases.append(denoiser_case(rng, qk_diffs, fd_errs, "reverse_bottleneck-sel-k4-postselect-L121",
                               "reverse_bottleneck", "sel", d, 4, [1, 2, 1], "postselect"))
    cases.append(denoiser_case(rng, qk_diffs, fd_errs, "bottleneck-sel-k0-measure-L121",
                               "bottleneck", "sel", d, 0, [1, 2, 1], "measure"))
    # the paper's conditioned latent model: d=3, k=4, SEL [15,20,15] = 1110 params, label 7, sampled measurement
    full = denoiser_case(rng, qk_diffs, fd_errs, "paper-conditioned-latent-1110", "reverse_bottleneck", "sel", d, 4,
                         [15, 20, 15], "measure", label=7, n_fd=10)
    npar = sum(len(v) for v in full["params"].values())
    if npar != 1110:
        fail(f"paper case has {npar} params, expected 1110")
    cases.append(full)
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(OUT_DEFAULT))
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    qk_diffs, fd_errs = [], []
    id_err = check_identity_r3()
    cases = gate_cases(rng, qk_diffs) + ansatz_cases(rng, qk_diffs) + denoiser_cases(rng, qk_diffs, fd_errs)

    ids = [c["id"] for c in cases]
    if len(ids) != len(set(ids)):
        fail("duplicate case ids")
    # coverage: every kind x block x ancilla_mode x label_qubits combination
    cov = {(c["kind"], c["block"], c["ancilla_mode"], c["label_qubits"]) for c in cases if "block" in c}
    for kind in ("reverse_bottleneck", "bottleneck"):
        for block in ("sel", "identity_r3"):
            for mode in ("measure", "postselect"):
                for k in (4, 0):
                    if (kind, block, mode, k) not in cov:
                        fail(f"missing coverage {kind} {block} {mode} k={k}")

    import torch as _t
    doc = {
        "generator": "bench/peers/reference_vectors.py",
        "versions": {"pennylane": qml.__version__, "qiskit": qiskit.__version__, "numpy": np.__version__,
                     "torch": _t.__version__.split("+")[0]},
        "seed": args.seed,
        "qiskit_max_abs_diff": max(qk_diffs),
        "cases": cases,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, indent=1)
    out.write_text(text + "\n")

    counts = Counter(c["kind"] for c in cases)
    print(f"wrote {out} ({len(text) / 1e6:.2f} MB, {len(cases)} cases)")
    for kind, cnt in counts.items():
        print(f"  {kind:20s} {cnt}")
    measured = Counter(c.get("measured_outcome") for c in cases if c.get("ancilla_mode") == "measure")
    print(f"  measured_outcome counts: {dict(measured)}")
    print(f"Qiskit cross-check: {len(qk_diffs)} cases, max |PennyLane - Qiskit| = {max(qk_diffs):.3e} (tol {QISKIT_TOL})")
    print(f"Gradient vs central FD (h=1e-5): {len(fd_errs)} entries, max abs err = {max(fd_errs):.3e} (tol {FD_TOL})")
    print(f"identity_r3(zero params) == I: max diff {id_err:.3e}")
    if failures:
        print(f"{len(failures)} CHECK(S) FAILED", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
