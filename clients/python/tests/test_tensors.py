"""Tensor <-> numpy against hand-written little-endian byte vectors (proto/README.md, Conventions)."""
import numpy as np
import pytest

from qdm.common.v1 import tensor_pb2
from qdm_client import TensorFormatError, from_numpy, to_numpy


def tensor(dtype, shape, hex_bytes):
    return tensor_pb2.Tensor(dtype=dtype, shape=shape, data=bytes.fromhex(hex_bytes))


def test_float32_is_little_endian_row_major():
    # 1.0f = 0x3f800000, -2.5f = 0xc0200000, 0.5f = 0x3f000000, 3.0f = 0x40400000
    t = tensor(tensor_pb2.DTYPE_FLOAT32, [2, 2], "0000803f000020c00000003f00004040")
    np.testing.assert_array_equal(to_numpy(t), np.array([[1.0, -2.5], [0.5, 3.0]], np.float32))


def test_complex128_is_interleaved_re_im():
    # 1.0 = 0x3ff0000000000000, -2.0 = 0xc000000000000000
    t = tensor(tensor_pb2.DTYPE_COMPLEX128, [1, 1], "000000000000f03f00000000000000c0")
    assert to_numpy(t)[0, 0] == 1 - 2j


def test_int32_labels():
    t = tensor(tensor_pb2.DTYPE_INT32, [3], "07000000ffffffff00010000")
    np.testing.assert_array_equal(to_numpy(t), [7, -1, 256])


def test_round_trip_keeps_bits_and_converts_big_endian_input():
    a = np.array([[0.1, -0.0], [np.inf, 5e-324]], dtype=">f8")
    t = from_numpy(a)
    assert t.dtype == tensor_pb2.DTYPE_FLOAT64 and list(t.shape) == [2, 2]
    assert t.data == a.astype("<f8").tobytes()
    back = to_numpy(t)
    assert back.tobytes() == a.astype("<f8").tobytes()


def test_byte_count_that_disagrees_with_the_shape_names_the_field():
    t = tensor(tensor_pb2.DTYPE_FLOAT32, [2, 2], "0000803f")
    with pytest.raises(TensorFormatError) as e:
        to_numpy(t, "images")
    assert e.value.field == "images"
    assert "4 bytes for shape [2, 2]" in e.value.reason and "expected 16" in e.value.reason


def test_unspecified_dtype_and_negative_shape_are_rejected():
    with pytest.raises(TensorFormatError, match="unsupported dtype DTYPE_UNSPECIFIED"):
        to_numpy(tensor_pb2.Tensor(shape=[1], data=b"\0" * 8))
    with pytest.raises(TensorFormatError, match="negative dimension"):
        to_numpy(tensor(tensor_pb2.DTYPE_UINT8, [-1], ""))
    with pytest.raises(TensorFormatError, match="has no Tensor equivalent"):
        from_numpy(np.array(["text"]))
