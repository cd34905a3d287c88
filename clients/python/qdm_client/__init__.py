"""QDM Python client: sampling over gRPC (:class:`QdmClient`) and Kafka batch jobs (:mod:`qdm_client.jobs`)."""
from .client import DEFAULT_ADDRESS, DEFAULT_MODEL, Job, Progress, QdmClient, Samples
from .errors import InvalidArgument, NotFound, Overloaded, QdmError
from .tensors import TensorFormatError, from_numpy, to_numpy

__all__ = ["QdmClient", "Samples", "Progress", "Job", "QdmError", "InvalidArgument", "NotFound", "Overloaded",
           "TensorFormatError", "to_numpy", "from_numpy", "DEFAULT_ADDRESS", "DEFAULT_MODEL"]
