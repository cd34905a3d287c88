package io.qdm.latent.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.logging.Log;

/**
 * Turns exceptions of the service layer into gRPC statuses: bad input ({@link IllegalArgumentException}, whose
 * message starts with the request field) becomes INVALID_ARGUMENT with the reason in the description and a
 * {@code google.rpc.BadRequest} field violation; anything else INTERNAL, logged.
 */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    public static Throwable toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException) {
            return failure;
        }
        if (failure instanceof IllegalArgumentException bad) {
            String message = bad.getMessage();
            int colon = message == null ? -1 : message.indexOf(':');
            String field = colon > 0 ? message.substring(0, colon) : "";
            BadRequest details = BadRequest.newBuilder()
                    .addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(message))
                    .build();
            return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.INVALID_ARGUMENT_VALUE)
                    .setMessage(message)
                    .addDetails(Any.pack(details))
                    .build());
        }
        Log.error("internal error answering a gRPC call", failure);
        return io.grpc.Status.INTERNAL.withDescription("internal error: " + failure.getClass().getSimpleName())
                .asRuntimeException();
    }
}
