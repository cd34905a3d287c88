"""``qdm.common.v1.Tensor`` <-> numpy: row-major little-endian bytes + shape + dtype (proto/README.md, Conventions)."""
from __future__ import annotations

import numpy as np

from qdm.common.v1 import tensor_pb2

#: DType enum value -> numpy dtype. Complex values are interleaved (re, im), i.e. numpy's own complex layout.
NUMPY_DTYPES = {
    tensor_pb2.DTYPE_FLOAT64: np.dtype("<f8"),
    tensor_pb2.DTYPE_FLOAT32: np.dtype("<f4"),
    tensor_pb2.DTYPE_COMPLEX128: np.dtype("<c16"),
    tensor_pb2.DTYPE_COMPLEX64: np.dtype("<c8"),
    tensor_pb2.DTYPE_UINT8: np.dtype("u1"),
    tensor_pb2.DTYPE_INT32: np.dtype("<i4"),
    tensor_pb2.DTYPE_INT64: np.dtype("<i8"),
}
_PROTO_DTYPES = {dt: code for code, dt in NUMPY_DTYPES.items()}


class TensorFormatError(ValueError):
    """A tensor whose dtype, shape and byte length do not agree; ``field`` names it."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def to_numpy(tensor: tensor_pb2.Tensor, field: str = "tensor") -> np.ndarray:
    """A read-only array over a copy of the tensor's bytes, shaped as the tensor says."""
    dtype = NUMPY_DTYPES.get(tensor.dtype)
    if dtype is None:
        raise TensorFormatError(field, f"unsupported dtype {tensor_pb2.DType.Name(tensor.dtype)}"
                                if tensor.dtype in tensor_pb2.DType.values() else f"unknown dtype {tensor.dtype}")
    shape = tuple(int(d) for d in tensor.shape)
    if any(d < 0 for d in shape):
        raise TensorFormatError(field, f"negative dimension in shape {list(shape)}")
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if len(tensor.data) != count * dtype.itemsize:
        raise TensorFormatError(field, f"{len(tensor.data)} bytes for shape {list(shape)} of "
                                f"{tensor_pb2.DType.Name(tensor.dtype)} (expected {count * dtype.itemsize})")
    return np.frombuffer(tensor.data, dtype=dtype).reshape(shape)


def from_numpy(array) -> tensor_pb2.Tensor:
    """Encodes an array (any byte order, any memory layout) as a Tensor of its dtype."""
    a = np.asarray(array)
    code = _PROTO_DTYPES.get(a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype)
    if code is None:
        raise TensorFormatError("array", f"dtype {a.dtype} has no Tensor equivalent (supported: "
                                + ", ".join(str(d) for d in NUMPY_DTYPES.values()) + ")")
    data = np.ascontiguousarray(a, dtype=NUMPY_DTYPES[code]).tobytes()
    return tensor_pb2.Tensor(dtype=code, shape=list(a.shape), data=data)
