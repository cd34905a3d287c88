"""Sampling and generation jobs over gRPC: circuit-service's ``qdm.generation.v1.GenerationService``.

The same request and seed on the same model version give byte-identical images here, in the Java CLI, and through
the Kafka path, however the work is batched (proto/README.md).
"""
from __future__ import annotations

import os
import uuid
from contextlib import closing
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence, Union

import grpc
import numpy as np

from qdm.circuit.v1 import circuit_service_pb2, circuit_service_pb2_grpc, model_info_pb2
from qdm.common.v1 import job_state_pb2, model_ref_pb2, request_meta_pb2
from qdm.generation.v1 import generation_service_pb2 as gen
from qdm.generation.v1 import generation_service_pb2_grpc as gen_grpc

from .errors import InvalidArgument, from_rpc_error
from .tensors import to_numpy

#: circuit-service on the local stack (``./qdm up``); ``$QDM_CIRCUIT_ADDRESS`` overrides it, as for the Java CLI
DEFAULT_ADDRESS = "localhost:8181"
#: the shipped default model
DEFAULT_MODEL = "conditioned-latent"
#: seconds a call may take unless the caller says otherwise (the CLI's default)
DEFAULT_TIMEOUT_SECONDS = 300.0
#: images of a few thousand samples exceed gRPC's 4 MiB default
MAX_MESSAGE_BYTES = 256 << 20

_BACKENDS = {"local": gen.BACKEND_LOCAL_SIMULATOR, "qpu": gen.BACKEND_QPU_GATEWAY}
_OUTPUTS = {"images": gen.OUTPUT_KIND_IMAGES, "states": gen.OUTPUT_KIND_STATES,
            "images+states": gen.OUTPUT_KIND_IMAGES_AND_STATES}


@dataclass(frozen=True)
class Samples:
    """The answer to one generation request."""

    #: float32 ``[n, 28, 28]`` in [0, 1], or None when only states were asked for
    images: Optional[np.ndarray]
    #: complex128 ``[n, 2^q]`` final states, or None when not asked for
    states: Optional[np.ndarray]
    #: int32 ``[n]`` (empty for an unconditioned model)
    labels: np.ndarray
    seed: int
    model: str
    job_id: str
    request_id: str
    metrics_run_id: str


@dataclass(frozen=True)
class Progress:
    """One finished reverse-diffusion step of a streamed request."""

    step: int
    total_steps: int
    elapsed_seconds: float
    job_id: str


@dataclass(frozen=True)
class Job:
    """A generation job as circuit-service's job table holds it."""

    job_id: str
    state: str
    model: str
    samples_done: int
    samples_total: int
    batches_done: int
    batches_total: int
    error: str
    metrics_run_id: str

    @property
    def finished(self) -> bool:
        return self.state in ("COMPLETED", "FAILED", "CANCELLED")


class QdmClient:
    """A connection to circuit-service. Thread-safe; close it (or use ``with``) to release the channel."""

    def __init__(self, address: Optional[str] = None, *, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 channel: Optional[grpc.Channel] = None):
        self.address = address or os.environ.get("QDM_CIRCUIT_ADDRESS") or DEFAULT_ADDRESS
        self.timeout = timeout
        self._own_channel = channel is None
        self._channel = channel or grpc.insecure_channel(self.address, options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ])
        self._generation = gen_grpc.GenerationServiceStub(self._channel)
        self._circuit = circuit_service_pb2_grpc.CircuitServiceStub(self._channel)

    def close(self) -> None:
        if self._own_channel:
            self._channel.close()

    def __enter__(self) -> "QdmClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- requests ---------------------------------------------------------------------------------------------

    @staticmethod
    def request(model: str = DEFAULT_MODEL, *, n: int = 1, labels: Optional[Union[int, Sequence[int]]] = None,
                class_weights: Optional[Sequence[float]] = None, seed: int = 0, version: str = "",
                backend: str = "local", qpu_provider: str = "", qpu_device: str = "", output: str = "images",
                batch_size: int = 0, request_id: Optional[str] = None,
                idempotency_key: str = "") -> gen.GenerateRequest:
        """The ``GenerateRequest`` the methods below send (checked here only where the server could not say why).

        ``labels``: one label for every sample or exactly ``n``; ``class_weights``: labels drawn per sample from
        these weights (seeded); neither: uniform over the classes (conditioned models) or none.
        """
        if labels is not None and class_weights is not None:
            raise InvalidArgument("INVALID_ARGUMENT", "conditioning: give labels or class_weights, not both",
                                  "conditioning")
        if backend not in _BACKENDS:
            raise InvalidArgument("INVALID_ARGUMENT", f"backend: {backend!r} is not one of {sorted(_BACKENDS)}",
                                  "backend")
        if output not in _OUTPUTS:
            raise InvalidArgument("INVALID_ARGUMENT", f"output: {output!r} is not one of {sorted(_OUTPUTS)}",
                                  "output")
        if not 0 <= seed < 2 ** 64:
            raise InvalidArgument("INVALID_ARGUMENT", f"seed: {seed} is outside 0..2^64-1", "seed")
        r = gen.GenerateRequest(
            meta=request_meta_pb2.RequestMeta(request_id=request_id or f"py-{uuid.uuid4()}",
                                              idempotency_key=idempotency_key),
            model=model_ref_pb2.ModelRef(name=model, version=version),
            count=n, seed=seed, backend=_BACKENDS[backend], qpu_provider=qpu_provider, qpu_device=qpu_device,
            output=_OUTPUTS[output], batch_size=batch_size)
        if labels is not None:
            r.labels.values.extend([labels] if isinstance(labels, (int, np.integer)) else list(labels))
        elif class_weights is not None:
            r.class_distribution.SetInParent()  # set even when empty (= uniform), as the oneof says
            r.class_distribution.weights.extend(class_weights)
        return r

    # --- synchronous sampling ---------------------------------------------------------------------------------

    def generate(self, model: str = DEFAULT_MODEL, *, timeout: Optional[float] = None, **kwargs) -> Samples:
        """Samples ``n`` images in one call (arguments as :meth:`request`)."""
        return _samples(self._unary(self._generation.Generate, self.request(model, **kwargs), timeout).result)

    def generate_stream(self, model: str = DEFAULT_MODEL, *, timeout: Optional[float] = None,
                        **kwargs) -> Iterator[Union[Progress, Samples]]:
        """A :class:`Progress` per reverse step, then the :class:`Samples`. Closing the iterator early (``break``,
        garbage collection) cancels the call, and the server stops before its next step."""
        with closing(self._stream(self._generation.GenerateStream, self.request(model, **kwargs), timeout)) as events:
            for event in events:
                if event.HasField("progress"):
                    p = event.progress
                    yield Progress(p.step, p.total_steps, p.elapsed_seconds, p.job_id)
                elif event.HasField("result"):
                    yield _samples(event.result)

    # --- jobs (the Kafka path) --------------------------------------------------------------------------------

    def submit_job(self, model: str = DEFAULT_MODEL, **kwargs) -> Job:
        """Starts a batch job on the Kafka pipeline; its images arrive on ``qdm.generation.results`` (see
        :mod:`qdm_client.jobs`). A repeated ``idempotency_key`` returns the same job."""
        return _job(self._unary(self._generation.SubmitGeneration, self.request(model, **kwargs)))

    def job(self, job_id: str) -> Job:
        return _job(self._unary(self._generation.GetJob, gen.GetJobRequest(job_id=job_id)))

    def watch_job(self, job_id: str, timeout: Optional[float] = None) -> Iterator[Job]:
        """The job now and at every change, until it is finished."""
        with closing(self._stream(self._generation.WatchJob, gen.GetJobRequest(job_id=job_id), timeout)) as jobs:
            for j in jobs:
                yield _job(j)

    def cancel_job(self, job_id: str) -> Job:
        return _job(self._unary(self._generation.CancelJob, gen.CancelJobRequest(job_id=job_id)))

    def jobs(self, states: Sequence[str] = (), limit: int = 0) -> list:
        request = gen.ListJobsRequest(states=[job_state_pb2.JobState.Value("JOB_STATE_" + s) for s in states],
                                      limit=limit)
        return [_job(j) for j in self._unary(self._generation.ListJobs, request).jobs]

    # --- models -----------------------------------------------------------------------------------------------

    def models(self) -> list:
        """Every registered model version (``qdm.circuit.v1.ModelInfo`` messages)."""
        return list(self._unary(self._circuit.ListModels, circuit_service_pb2.ListModelsRequest()).models)

    def _unary(self, method, request, timeout: Optional[float] = None):
        """One unary call; a failure raises its :class:`QdmError`."""
        try:
            return method(request, timeout=timeout or self.timeout)
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None

    def _stream(self, method, request, timeout: Optional[float] = None):
        """The messages of a server-streaming call; a failure raises its :class:`QdmError`, and closing the
        generator (the callers close it when they are closed) cancels the call."""
        call = method(request, timeout=timeout or self.timeout)
        try:
            yield from call
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None
        finally:
            call.cancel()  # a no-op once the stream has ended


def _samples(result: gen.GenerationResult) -> Samples:
    return Samples(
        images=to_numpy(result.images, "images") if result.HasField("images") else None,
        states=to_numpy(result.states, "states") if result.HasField("states") else None,
        labels=to_numpy(result.labels, "labels") if result.HasField("labels") else np.zeros(0, np.int32),
        seed=result.seed,
        model=f"{result.model.name}:{result.model.version}",
        job_id=result.job_id,
        request_id=result.request_id,
        metrics_run_id=result.metrics_run_id,
    )


def _job(j: gen.GenerationJob) -> Job:
    return Job(
        job_id=j.job_id,
        state=job_state_pb2.JobState.Name(j.state).removeprefix("JOB_STATE_"),
        model=f"{j.model.name}:{j.model.version}",
        samples_done=j.samples_done,
        samples_total=j.samples_total,
        batches_done=j.batches_done,
        batches_total=j.batches_total,
        error=f"{j.error.code}: {j.error.message}" if j.error.code else "",
        metrics_run_id=j.metrics_run_id,
    )


# ModelInfo is re-exported for type hints in user code
ModelInfo = model_info_pb2.ModelInfo
