package io.qdm.circuit.grpc;

import io.grpc.StatusRuntimeException;
import io.qdm.wire.GrpcStatuses;
import io.quarkus.logging.Log;

/**
 * Turns exceptions of the service layer into gRPC statuses: bad input ({@link IllegalArgumentException}) becomes
 * INVALID_ARGUMENT per the contracts' convention ({@link GrpcStatuses}); anything else INTERNAL, logged (a bug).
 */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    public static Throwable toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException) {
            return failure;
        }
        if (failure instanceof IllegalArgumentException bad) {
            return GrpcStatuses.invalidArgument(bad);
        }
        Log.error("internal error answering a gRPC call", failure);
        return io.grpc.Status.INTERNAL.withDescription("internal error: " + failure.getClass().getSimpleName())
                .asRuntimeException();
    }
}
