package io.qdm.wire;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contracts' error convention (proto/README.md): bad input is {@code INVALID_ARGUMENT} whose description is the
 * reason, starting with the request field path ({@code "states: row 3 has norm 0.92 …"}), with the same field and
 * reason as a {@code google.rpc.BadRequest} field violation that clients read back with
 * {@code StatusProto.fromThrowable}.
 */
public final class GrpcStatuses {

    /** A field path at the start of a message: "states", "schedule.timesteps", "labels[2]", "images[2][100]", then ": ". */
    private static final Pattern FIELD =
            Pattern.compile("^([a-z_][a-z0-9_]*(?:\\[\\d+])*(?:\\.[a-z_][a-z0-9_]*(?:\\[\\d+])*)*): ");

    private static final System.Logger LOG = System.getLogger(GrpcStatuses.class.getName());

    private GrpcStatuses() {
    }

    /**
     * The status a gRPC call fails with: a status exception as it is, bad input ({@link IllegalArgumentException})
     * as INVALID_ARGUMENT, anything else as INTERNAL naming only the exception type, logged with its stack trace
     * (it is a bug; its message may hold internals the client should not see).
     */
    public static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof IllegalArgumentException bad) {
            return invalidArgument(bad);
        }
        LOG.log(System.Logger.Level.ERROR, "internal error answering a gRPC call", failure);
        return io.grpc.Status.INTERNAL.withDescription("internal error: " + failure.getClass().getSimpleName())
                .asRuntimeException();
    }

    /** INVALID_ARGUMENT for a service-layer rejection; the field comes from the exception or its message. */
    public static StatusRuntimeException invalidArgument(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof InvalidTensorException tensor) {
            return invalidArgument(tensor.field(), message);
        }
        return invalidArgument(fieldOf(message), message);
    }

    public static StatusRuntimeException invalidArgument(String field, String message) {
        BadRequest details = BadRequest.newBuilder()
                .addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(field).setDescription(message))
                .build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(message)
                .addDetails(Any.pack(details))
                .build());
    }

    /** The field path a message starts with, or "" when it names none. */
    public static String fieldOf(String message) {
        Matcher m = FIELD.matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : "";
    }
}
