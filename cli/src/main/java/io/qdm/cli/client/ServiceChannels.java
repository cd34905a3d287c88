package io.qdm.cli.client;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * gRPC channels to the services, by address ("host:port"). The defaults are the local stack's; each can be set by an
 * environment variable (QDM_CIRCUIT_ADDRESS, QDM_EVAL_ADDRESS, ...) or a command option, so the CLI works against a
 * remote deployment too.
 */
public final class ServiceChannels implements AutoCloseable {

    /** Largest reply the CLI accepts (a 10k-image result is ~31 MB of float32). */
    public static final int MAX_MESSAGE_BYTES = 256 << 20;

    private final ManagedChannel channel;

    private ServiceChannels(String address) {
        this.channel = ManagedChannelBuilder.forTarget(address).usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
    }

    public static ServiceChannels open(String address) {
        return new ServiceChannels(address);
    }

    /** The address of a service: the explicit one, else the env var QDM_&lt;SERVICE&gt;_ADDRESS, else localhost:defaultPort. */
    public static String address(String explicit, String service, int defaultPort, Map<String, String> env) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String fromEnv = env.get("QDM_" + service.toUpperCase() + "_ADDRESS");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "localhost:" + defaultPort;
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
