package io.qdm.noise.grpc;

import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qdm.noise.service.DatasetUnavailableException;
import io.qdm.wire.GrpcStatuses;
import org.jboss.logging.Logger;


/**
 * Translates service exceptions into gRPC statuses. Bad input ({@link IllegalArgumentException}, whose messages start
 * with the request field path, "timestep: 9 is out of range …") → INVALID_ARGUMENT with that description and a
 * {@code google.rpc.BadRequest} field violation; a dataset that cannot be read → FAILED_PRECONDITION naming the file and
 * the fix; anything else → INTERNAL (and a log line, since it is a bug).
 */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof IllegalArgumentException e) {
            return GrpcStatuses.invalidArgument(e);
        }
        if (t instanceof DatasetUnavailableException e) {
            return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.FAILED_PRECONDITION_VALUE).setMessage(e.getMessage()).build());
        }
        LOG.error("noise-service: unexpected failure", t);
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INTERNAL_VALUE).setMessage(t.getClass().getSimpleName() + ": " + t.getMessage()).build());
    }
}
