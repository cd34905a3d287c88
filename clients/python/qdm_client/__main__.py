"""``qdm-client`` (or ``python -m qdm_client``): the Python twin of ``./qdm generate`` and ``./qdm jobs``."""
from __future__ import annotations

import argparse
import struct
import sys
import time
import zlib
from pathlib import Path

import numpy as np

from .client import DEFAULT_MODEL, Progress, QdmClient, Samples
from .errors import QdmError


def grid(images: np.ndarray, columns: int) -> np.ndarray:
    """uint8 ``[rows·h, columns·w]`` tiling of float ``[n, h, w]`` images in [0, 1] (empty cells black)."""
    n, h, w = images.shape
    rows = -(-n // columns)
    out = np.zeros((rows * h, columns * w), np.uint8)
    pixels = np.clip(np.rint(images * 255.0), 0, 255).astype(np.uint8)
    for i in range(n):
        r, c = divmod(i, columns)
        out[r * h:(r + 1) * h, c * w:(c + 1) * w] = pixels[i]
    return out


def write_png(path: Path, gray: np.ndarray) -> None:
    """8-bit grayscale PNG (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    h, w = gray.shape
    raw = b"".join(b"\x00" + gray[y].tobytes() for y in range(h))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def save(images: np.ndarray, out: Path, columns: int) -> None:
    if out.suffix == ".npy":
        np.save(out, images)
    elif out.suffix == ".png":
        write_png(out, grid(images, columns))
    else:
        raise SystemExit(f"--out: {out} must end in .png (a grid) or .npy (float32 [n, 28, 28])")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="qdm-client", description=__doc__)
    p.add_argument("--circuit", help="circuit-service address (default $QDM_CIRCUIT_ADDRESS or localhost:8181)")
    p.add_argument("--timeout", type=float, default=300.0, help="deadline in seconds (default 300)")
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="sample images over gRPC, with progress per reverse step")
    g.add_argument("--model", default=DEFAULT_MODEL)
    g.add_argument("--version", default="", help="model version (default: latest)")
    g.add_argument("--label", type=int, action="append", help="label (repeat: one per sample, or one for all)")
    g.add_argument("--n", type=int, default=16)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--qpu", default="", help="run on qpu-gateway with this provider (e.g. shots, noisy)")
    g.add_argument("--out", type=Path, default=Path("samples.png"))
    g.add_argument("--columns", type=int, default=8)

    sub.add_parser("models", help="list the registered models")

    j = sub.add_parser("jobs", help="Kafka batch jobs")
    jsub = j.add_subparsers(dest="action", required=True)
    s = jsub.add_parser("submit")
    s.add_argument("--model", default=DEFAULT_MODEL)
    s.add_argument("--n", type=int, required=True)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--label", type=int, action="append")
    s.add_argument("--batch-size", type=int, default=0)
    s.add_argument("--job-id")
    s.add_argument("--kafka", help="bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:19092)")
    for name in ("status", "cancel"):
        a = jsub.add_parser(name)
        a.add_argument("job_id")
    r = jsub.add_parser("results")
    r.add_argument("job_id")
    r.add_argument("--kafka")
    r.add_argument("--out", type=Path, default=Path("job.npy"))
    r.add_argument("--columns", type=int, default=16)
    args = p.parse_args(argv)

    try:
        with QdmClient(args.circuit, timeout=args.timeout) as client:
            if args.command == "generate":
                return _generate(client, args)
            if args.command == "models":
                for m in client.models():
                    print(f"{m.model.name}:{m.model.version}  {m.parameter_count} parameters")
                return 0
            return _jobs(client, args)
    except QdmError as e:
        print(f"qdm-client: {e}" + (f" (field {e.field})" if e.field else ""), file=sys.stderr)
        return 1


def _labels(args):
    """Repeated --label: none, one for every sample, or one per sample."""
    if not args.label:
        return None
    return args.label[0] if len(args.label) == 1 else args.label


def _generate(client: QdmClient, args) -> int:
    labels = _labels(args)
    t0 = time.monotonic()
    samples = None
    for event in client.generate_stream(args.model, version=args.version, n=args.n, labels=labels, seed=args.seed,
                                        backend="qpu" if args.qpu else "local", qpu_provider=args.qpu):
        if isinstance(event, Progress):
            print(f"\r  step {event.step}/{event.total_steps} ({event.elapsed_seconds:.1f} s)", end="", flush=True)
        elif isinstance(event, Samples):
            samples = event
    print()
    if samples is None or samples.images is None:
        print("qdm-client: the stream ended without images", file=sys.stderr)
        return 1
    save(samples.images, args.out, args.columns)
    print(f"{args.n} samples of {samples.model} (seed {args.seed}) -> {args.out.resolve()} in "
          f"{time.monotonic() - t0:.1f} s")
    return 0


def _jobs(client: QdmClient, args) -> int:
    from . import jobs

    if args.action == "submit":
        request = client.request(args.model, n=args.n, seed=args.seed, labels=_labels(args),
                                 batch_size=args.batch_size)
        job_id = jobs.KafkaJobs(args.kafka).submit(request, args.job_id)
        print(job_id)
        return 0
    if args.action == "status":
        print(client.job(args.job_id))
        return 0
    if args.action == "cancel":
        print(client.cancel_job(args.job_id))
        return 0
    batches = jobs.KafkaJobs(args.kafka).results(
        args.job_id, args.timeout, lambda done, total: print(f"\r  {done}/{total} batches", end="", flush=True))
    print()
    images = jobs.images(batches)
    save(images, args.out, args.columns)
    print(f"{images.shape[0]} images of job {args.job_id} -> {args.out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
