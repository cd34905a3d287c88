package io.qdm.wire;

import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GrpcStatusesTest {

    @Test
    void invalidArgumentCarriesTheReasonAndTheFieldViolation() throws Exception {
        StatusRuntimeException e = GrpcStatuses.invalidArgument(
                new IllegalArgumentException("schedule.timesteps: must be at least 1, got 0"));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("schedule.timesteps: must be at least 1, got 0", e.getStatus().getDescription());
        BadRequest bad = StatusProto.fromThrowable(e).getDetails(0).unpack(BadRequest.class);
        assertEquals("schedule.timesteps", bad.getFieldViolations(0).getField());
        assertEquals("schedule.timesteps: must be at least 1, got 0", bad.getFieldViolations(0).getDescription());
    }

    @Test
    void toStatusKeepsStatusesMapsBadInputAndHidesInternals() {
        StatusRuntimeException notFound = Status.NOT_FOUND.withDescription("x").asRuntimeException();
        assertEquals(notFound, GrpcStatuses.toStatus(notFound));
        assertEquals(Status.Code.INVALID_ARGUMENT,
                GrpcStatuses.toStatus(new IllegalArgumentException("labels: bad")).getStatus().getCode());
        StatusRuntimeException internal = GrpcStatuses.toStatus(new IllegalStateException("secret path /etc"));
        assertEquals(Status.Code.INTERNAL, internal.getStatus().getCode());
        assertEquals("internal error: IllegalStateException", internal.getStatus().getDescription());
    }

    @Test
    void fieldPathsAreRecognisedAndFreeTextIsNot() {
        assertEquals("labels[2]", GrpcStatuses.fieldOf("labels[2]: out of range"));
        assertEquals("states", GrpcStatuses.fieldOf("states: row 0 has norm 2"));
        assertEquals("images[2][100]", GrpcStatuses.fieldOf("images[2][100]: NaN is not finite"));
        assertEquals("amplitudes.imag", GrpcStatuses.fieldOf("amplitudes.imag: 1 rows"));
        assertEquals("", GrpcStatuses.fieldOf("Something went wrong: badly"));
        assertEquals("", GrpcStatuses.fieldOf(null));
        assertEquals("images", GrpcStatuses.invalidArgument(new InvalidTensorException("images", "empty batch"))
                .getStatus().getDescription().substring(0, 6));
    }
}
