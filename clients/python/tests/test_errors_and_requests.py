"""Error mapping against a real in-process gRPC server that answers as QDM's services do (wire GrpcStatuses:
INVALID_ARGUMENT, description = reason, google.rpc.BadRequest naming the field), and request building."""
from concurrent import futures

import grpc
import numpy as np
import pytest
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from qdm.generation.v1 import generation_service_pb2 as gen
from qdm.generation.v1 import generation_service_pb2_grpc as gen_grpc
from qdm_client import InvalidArgument, Overloaded, QdmClient, QdmError
from qdm_client.__main__ import grid, write_png


class RefusingGeneration(gen_grpc.GenerationServiceServicer):
    def Generate(self, request, context):
        if request.count > 100:
            context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "busy: 16384 samples in flight")
        detail = any_pb2.Any()
        detail.Pack(error_details_pb2.BadRequest(field_violations=[error_details_pb2.BadRequest.FieldViolation(
            field="labels[0]", description="labels[0]: label 12 is outside 0..9")]))
        context.abort_with_status(rpc_status.to_status(status_pb2.Status(
            code=code_pb2.INVALID_ARGUMENT, message="labels[0]: label 12 is outside 0..9", details=[detail])))

    def GetJob(self, request, context):
        context.abort(grpc.StatusCode.UNAVAILABLE, "restarting")


@pytest.fixture(scope="module")
def client():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    gen_grpc.add_GenerationServiceServicer_to_server(RefusingGeneration(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with QdmClient(f"127.0.0.1:{port}", timeout=10) as c:
        yield c
    server.stop(None)


def test_invalid_argument_carries_the_field_from_the_bad_request_detail(client):
    with pytest.raises(InvalidArgument) as e:
        client.generate(n=1, labels=12)
    assert e.value.code == "INVALID_ARGUMENT"
    assert e.value.field == "labels[0]"
    assert e.value.message == "labels[0]: label 12 is outside 0..9"


def test_back_pressure_and_other_codes_keep_their_code(client):
    with pytest.raises(Overloaded) as e:
        client.generate(n=1000)
    assert e.value.code == "RESOURCE_EXHAUSTED" and e.value.field == ""
    with pytest.raises(QdmError) as e:
        client.job("j1")
    assert type(e.value) is QdmError and e.value.code == "UNAVAILABLE" and e.value.message == "restarting"


def test_request_maps_every_argument():
    r = QdmClient.request("m", n=3, labels=7, seed=2**64 - 1, version="2", backend="qpu", qpu_provider="shots",
                          output="images+states", batch_size=5, request_id="r1", idempotency_key="k")
    assert (r.model.name, r.model.version, r.count, r.seed) == ("m", "2", 3, 2**64 - 1)
    assert list(r.labels.values) == [7] and r.WhichOneof("conditioning") == "labels"
    assert r.backend == gen.BACKEND_QPU_GATEWAY and r.qpu_provider == "shots"
    assert r.output == gen.OUTPUT_KIND_IMAGES_AND_STATES and r.batch_size == 5
    assert (r.meta.request_id, r.meta.idempotency_key) == ("r1", "k")
    w = QdmClient.request(n=2, class_weights=[0.5, 0.5])
    assert list(w.class_distribution.weights) == [0.5, 0.5] and w.WhichOneof("conditioning") == "class_distribution"
    assert QdmClient.request(class_weights=[]).WhichOneof("conditioning") == "class_distribution"
    assert QdmClient.request().WhichOneof("conditioning") is None
    assert QdmClient.request().meta.request_id.startswith("py-")


@pytest.mark.parametrize("kwargs, field", [
    ({"labels": 1, "class_weights": [1.0]}, "conditioning"),
    ({"backend": "gpu"}, "backend"),
    ({"output": "pixels"}, "output"),
    ({"seed": -1}, "seed"),
])
def test_requests_the_server_could_not_express_fail_locally_naming_the_field(kwargs, field):
    with pytest.raises(InvalidArgument) as e:
        QdmClient.request(**kwargs)
    assert e.value.field == field


def test_grid_and_png_hold_the_rounded_pixels():
    images = np.array([[[0.0, 1.0]], [[0.5, 0.25]], [[1.0, 0.0]]], np.float32)  # 3 images of 1x2
    g = grid(images, columns=2)
    np.testing.assert_array_equal(g, [[0, 255, 128, 64], [255, 0, 0, 0]])


def test_png_is_a_valid_grayscale_file(tmp_path):
    import struct
    import zlib
    gray = np.array([[0, 255, 7], [9, 10, 11]], np.uint8)
    path = tmp_path / "g.png"
    write_png(path, gray)
    b = path.read_bytes()
    assert b[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", b[16:26])
    assert (width, height, depth, colour) == (3, 2, 8, 0)
    idat_len = struct.unpack(">I", b[33:37])[0]
    raw = zlib.decompress(b[41:41 + idat_len])
    assert raw == b"\x00" + bytes([0, 255, 7]) + b"\x00" + bytes([9, 10, 11])
