package io.qdm.circuit.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;

/**
 * Makes the caller's deadline visible to the service. On the HTTP port (Vert.x gRPC server) the call's
 * {@link Context} carries no deadline, so an expired deadline would only look like a cancellation; this reads the
 * {@code grpc-timeout} header and attaches the absolute deadline under {@link #DEADLINE}.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallDeadlines implements ServerInterceptor {

    /** The caller's deadline, if it set one. */
    public static final Context.Key<Deadline> DEADLINE = Context.key("qdm-call-deadline");
    static final Metadata.Key<String> GRPC_TIMEOUT = Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            long nanos = timeoutNanos(headers.get(GRPC_TIMEOUT));
            deadline = nanos < 0 ? null : Deadline.after(nanos, TimeUnit.NANOSECONDS);
        }
        if (deadline == null) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(DEADLINE, deadline), call, headers, next);
    }

    /** The gRPC wire format: up to 8 digits and a unit (H, M, S, m, u, n); -1 when absent or malformed. */
    static long timeoutNanos(String value) {
        if (value == null || value.length() < 2 || value.length() > 9) {
            return -1;
        }
        long amount;
        try {
            amount = Long.parseLong(value.substring(0, value.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
        return switch (value.charAt(value.length() - 1)) {
            case 'H' -> TimeUnit.HOURS.toNanos(amount);
            case 'M' -> TimeUnit.MINUTES.toNanos(amount);
            case 'S' -> TimeUnit.SECONDS.toNanos(amount);
            case 'm' -> TimeUnit.MILLISECONDS.toNanos(amount);
            case 'u' -> TimeUnit.MICROSECONDS.toNanos(amount);
            case 'n' -> amount;
            default -> -1;
        };
    }
}
