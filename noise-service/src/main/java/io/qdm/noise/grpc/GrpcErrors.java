package io.qdm.noise.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qdm.noise.service.DatasetUnavailableException;
import io.qdm.wire.InvalidTensorException;
import org.jboss.logging.Logger;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates service exceptions into gRPC statuses. Bad input ({@link IllegalArgumentException}, whose messages start
 * with the request field path, "timestep: 9 is out of range …") → INVALID_ARGUMENT with that description and a
 * {@code google.rpc.BadRequest} field violation; a dataset that cannot be read → FAILED_PRECONDITION naming the file and
 * the fix; anything else → INTERNAL (and a log line, since it is a bug).
 */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);
    /** "states", "schedule.timesteps", "timesteps[2]", "states[3]": a field path followed by ": ". */
    private static final Pattern FIELD = Pattern.compile("^([a-z_][a-z0-9_]*(?:\\[\\d+])?(?:\\.[a-z_][a-z0-9_]*(?:\\[\\d+])?)*): ");

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof InvalidTensorException e) {
            return invalidArgument(e.field(), e.getMessage());
        }
        if (t instanceof IllegalArgumentException e) {
            Matcher m = FIELD.matcher(String.valueOf(e.getMessage()));
            return invalidArgument(m.find() ? m.group(1) : "", String.valueOf(e.getMessage()));
        }
        if (t instanceof DatasetUnavailableException e) {
            return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.FAILED_PRECONDITION_VALUE).setMessage(e.getMessage()).build());
        }
        LOG.error("noise-service: unexpected failure", t);
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INTERNAL_VALUE).setMessage(t.getClass().getSimpleName() + ": " + t.getMessage()).build());
    }

    private static StatusRuntimeException invalidArgument(String field, String message) {
        BadRequest.Builder bad = BadRequest.newBuilder();
        bad.addFieldViolationsBuilder().setField(field).setDescription(message);
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(message)
                .addDetails(Any.pack(bad.build()))
                .build());
    }
}
