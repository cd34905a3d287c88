"""The Kafka path of batch generation as a client sees it (docs/kafka-topics.md).

A job is a ``GenerationRequested`` record on ``qdm.generation.requests`` keyed by its job id; its images arrive as
``ImageBatch`` records on ``qdm.generation.results`` under the same key. Delivery is at least once, so results are
de-duplicated by batch index (a redelivered batch is byte-identical: which copy is kept does not matter).
Needs the ``kafka`` extra (``pip install 'qdm-client[kafka]'``).
"""
from __future__ import annotations

import os
import time
import uuid
from typing import Callable, Dict, Optional

import numpy as np

from qdm.generation.v1 import events_pb2, generation_service_pb2 as gen

from .tensors import to_numpy

REQUESTS = "qdm.generation.requests"
RESULTS = "qdm.generation.results"
#: the local stack's broker (``./qdm kafka start``); ``$KAFKA_BOOTSTRAP_SERVERS`` overrides it, as for the Java CLI
DEFAULT_BOOTSTRAP = "127.0.0.1:19092"
#: results are read from this long before the job was submitted (clock skew between client and broker)
CLOCK_SKEW_MS = 60_000


class JobIncomplete(TimeoutError):
    """Not every batch of the job arrived in time; ``batches`` holds those that did."""

    def __init__(self, job_id: str, batches: Dict[int, events_pb2.ImageBatch], total: int, timeout: float):
        super().__init__(f"job {job_id}: {len(batches)} of {total if total >= 0 else '?'} batches after {timeout} s")
        self.batches = batches


class KafkaJobs:
    def __init__(self, bootstrap: Optional[str] = None, topic_prefix: Optional[str] = None):
        self.bootstrap = bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or DEFAULT_BOOTSTRAP
        self.prefix = topic_prefix if topic_prefix is not None else os.environ.get("QDM_TOPICS_PREFIX", "")
        self._submitted_ms: Dict[str, int] = {}

    def submit(self, request: gen.GenerateRequest, job_id: Optional[str] = None) -> str:
        """Publishes the job (``QdmClient.request(...)`` builds the request) and waits for the broker's ack."""
        from kafka import KafkaProducer

        job_id = job_id or f"py-{uuid.uuid4()}"
        now_ms = int(time.time() * 1000)
        event = events_pb2.GenerationRequested(job_id=job_id, request=request, requested_at_ms=now_ms)
        producer = KafkaProducer(bootstrap_servers=self.bootstrap, acks="all", max_block_ms=30_000)
        try:
            producer.send(self.prefix + REQUESTS, key=job_id.encode(), value=event.SerializeToString()).get(30)
        finally:
            producer.close()
        self._submitted_ms[job_id] = now_ms
        return job_id

    def results(self, job_id: str, timeout: float = 300.0,
                on_progress: Callable[[int, int], None] = lambda done, total: None,
                since_ms: Optional[int] = None) -> Dict[int, events_pb2.ImageBatch]:
        """Reads the job's batches until all ``batches_total`` are in: from ``since_ms`` (epoch ms; by default
        the submit time of a job this object submitted) less :data:`CLOCK_SKEW_MS`, else from the topic's start.
        No result of a job is older than its request, so the skipped part of a long topic cannot hold any.

        :return: batches by index, all of them
        :raises JobIncomplete: when ``timeout`` seconds pass first
        """
        from kafka import KafkaConsumer, TopicPartition

        topic = self.prefix + RESULTS
        deadline = time.monotonic() + timeout
        consumer = KafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False,
                                 max_partition_fetch_bytes=64 << 20, fetch_max_bytes=128 << 20)
        batches: Dict[int, events_pb2.ImageBatch] = {}
        total = -1
        try:
            # the topic appears with the first result of any job; topics() asks the broker afresh each time
            # (partitions_for_topic alone only reads cached metadata, which never learns of a new topic)
            while topic not in consumer.topics():
                if time.monotonic() > deadline:
                    raise JobIncomplete(job_id, batches, total, timeout)
                time.sleep(0.5)
            partitions = consumer.partitions_for_topic(topic)
            tps = [TopicPartition(topic, p) for p in sorted(partitions)]
            consumer.assign(tps)
            since_ms = since_ms if since_ms is not None else self._submitted_ms.get(job_id)
            if since_ms is None:
                consumer.seek_to_beginning(*tps)
            else:
                # the end offsets first: a record written after them is read anyway, one written before them with a
                # recent timestamp is found by the time lookup made after them
                ends = consumer.end_offsets(tps)
                start = consumer.offsets_for_times({tp: max(0, since_ms - CLOCK_SKEW_MS) for tp in tps})
                for tp in tps:
                    consumer.seek(tp, ends[tp] if start.get(tp) is None else start[tp].offset)
            key = job_id.encode()
            while total < 0 or len(batches) < total:
                if time.monotonic() > deadline:
                    raise JobIncomplete(job_id, batches, total, timeout)
                for records in consumer.poll(timeout_ms=500).values():
                    for r in records:
                        if r.key != key:
                            continue
                        b = events_pb2.ImageBatch.FromString(r.value)
                        total = b.batches_total
                        if b.batch_index not in batches:
                            batches[b.batch_index] = b
                            on_progress(len(batches), total)
        finally:
            consumer.close()
        return batches


def images(batches: Dict[int, events_pb2.ImageBatch]) -> np.ndarray:
    """The job's images in sample order, float32 ``[n, 28, 28]``; checks that the batches tile the job."""
    parts, expected_first = [], 0
    for index in sorted(batches):
        b = batches[index]
        if b.first_sample_index != expected_first:
            raise ValueError(f"batch {index} starts at sample {b.first_sample_index}, expected {expected_first}")
        part = to_numpy(b.images, f"batches[{index}].images")
        parts.append(part)
        expected_first += part.shape[0]
    return np.concatenate(parts) if parts else np.zeros((0, 28, 28), np.float32)


def labels(batches: Dict[int, events_pb2.ImageBatch]) -> np.ndarray:
    return np.array([label for i in sorted(batches) for label in batches[i].labels], dtype=np.int32)
