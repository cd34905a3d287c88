"""Against a running stack (skipped unless QDM_CIRCUIT_ADDRESS is set; PipelineIT runs it with the stack it starts
and passes the Java client's image digest as QDM_EXPECTED_IMAGES_SHA256).

The request is fixed: conditioned-latent, 12 samples, uniform class distribution, seed 5."""
import hashlib
import os

import numpy as np
import pytest

from qdm_client import InvalidArgument, Progress, QdmClient, Samples

ADDRESS = os.environ.get("QDM_CIRCUIT_ADDRESS")
pytestmark = pytest.mark.skipif(not ADDRESS, reason="no stack: set QDM_CIRCUIT_ADDRESS (and KAFKA_BOOTSTRAP_SERVERS)")

MODEL, N, SEED = "conditioned-latent", 12, 5


@pytest.fixture(scope="module")
def client():
    with QdmClient(ADDRESS, timeout=300) as c:
        yield c


@pytest.fixture(scope="module")
def reference(client):
    return client.generate(MODEL, n=N, seed=SEED, class_weights=[], request_id="py-live-1")


def test_generate_returns_n_images_with_their_labels_and_the_java_clients_bytes(reference):
    assert reference.images.shape == (N, 28, 28) and reference.images.dtype == np.float32
    assert reference.labels.shape == (N,) and set(reference.labels) <= set(range(10))
    assert reference.request_id == "py-live-1" and reference.seed == SEED
    assert 0.0 <= reference.images.min() and reference.images.max() <= 1.0
    expected = os.environ.get("QDM_EXPECTED_IMAGES_SHA256")
    if expected:
        assert hashlib.sha256(reference.images.tobytes()).hexdigest() == expected


def test_same_seed_same_bytes_other_seed_other_bytes(client, reference):
    again = client.generate(MODEL, n=N, seed=SEED, class_weights=[])
    assert again.images.tobytes() == reference.images.tobytes()
    other = client.generate(MODEL, n=N, seed=SEED + 1, class_weights=[])
    assert other.images.tobytes() != reference.images.tobytes()


def test_requested_labels_come_back(client):
    s = client.generate(MODEL, n=4, seed=1, labels=[3, 1, 4, 1])
    np.testing.assert_array_equal(s.labels, [3, 1, 4, 1])


def test_stream_reports_every_step_in_order_then_the_same_images(client, reference):
    events = list(client.generate_stream(MODEL, n=N, seed=SEED, class_weights=[]))
    steps = [e for e in events if isinstance(e, Progress)]
    assert [p.step for p in steps] == list(range(1, steps[0].total_steps + 1))
    assert isinstance(events[-1], Samples) and events[-1].images.tobytes() == reference.images.tobytes()


def test_bad_label_is_invalid_argument_naming_labels(client):
    with pytest.raises(InvalidArgument) as e:
        client.generate(MODEL, n=1, labels=12)
    assert e.value.field.startswith("labels") and "12" in e.value.message


@pytest.mark.skipif(not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), reason="no KAFKA_BOOTSTRAP_SERVERS")
def test_kafka_job_in_batches_of_5_gives_the_grpc_bytes(client, reference):
    from qdm_client import jobs

    kafka = jobs.KafkaJobs()
    request = client.request(MODEL, n=N, seed=SEED, class_weights=[], batch_size=5)
    job_id = kafka.submit(request)
    batches = kafka.results(job_id, timeout=300)
    assert sorted(batches) == [0, 1, 2] and {b.batches_total for b in batches.values()} == {3}
    assert jobs.images(batches).tobytes() == reference.images.tobytes()
    np.testing.assert_array_equal(jobs.labels(batches), reference.labels)
