"""gRPC failures as Python exceptions, with the field and reason of the contracts' error convention.

Servers answer bad input with ``INVALID_ARGUMENT`` whose description starts with the request field path and whose
``google.rpc.BadRequest`` detail names the same field (proto/README.md); back-pressure is ``RESOURCE_EXHAUSTED``.
"""
from __future__ import annotations

from typing import Optional

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status


class QdmError(Exception):
    """A failed call: ``code`` is the gRPC status code name ("INVALID_ARGUMENT", ...)."""

    def __init__(self, code: str, message: str, field: str = ""):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        #: the request field the server rejected ("labels[3]", "count"); "" when the failure names none
        self.field = field


class InvalidArgument(QdmError):
    """The server rejected the request; nothing was computed."""


class Overloaded(QdmError):
    """``RESOURCE_EXHAUSTED``: the service is at capacity; retry after a short back-off."""


class NotFound(QdmError):
    """An unknown model, version or job."""


_BY_CODE = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.RESOURCE_EXHAUSTED: Overloaded,
    grpc.StatusCode.NOT_FOUND: NotFound,
}


def from_rpc_error(error: grpc.RpcError) -> QdmError:
    """The exception for a failed call, its field read from the BadRequest detail when the server sent one."""
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    message = error.details() if hasattr(error, "details") else str(error)
    field = _bad_request_field(error) or ""
    return _BY_CODE.get(code, QdmError)(code.name, message or "", field)


def _bad_request_field(error: grpc.RpcError) -> Optional[str]:
    try:
        status = rpc_status.from_call(error)
    except (ValueError, AttributeError):  # no call attached, or a status that contradicts the trailers
        return None
    if status is None:
        return None
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            for violation in bad.field_violations:
                return violation.field
    return None
