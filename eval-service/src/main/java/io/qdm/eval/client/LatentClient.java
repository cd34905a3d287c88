package io.qdm.eval.client;

import io.qdm.eval.config.EvalConfig;
import io.qdm.eval.service.Baselines;
import io.qdm.proto.latent.v1.LatentServiceGrpc;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * latent-service over gRPC (client "latent": {@code quarkus.grpc.clients.latent.host/port}, env QDM_LATENT_HOST /
 * QDM_LATENT_PORT, default localhost:8183), used only for the autoencoder-reconstruction baseline.
 */
@ApplicationScoped
public class LatentClient {

    @GrpcClient("latent")
    LatentServiceGrpc.LatentServiceBlockingStub latent;

    @Inject
    EvalConfig config;

    @ConfigProperty(name = "quarkus.grpc.clients.latent.host", defaultValue = "localhost")
    String host;

    @ConfigProperty(name = "quarkus.grpc.clients.latent.port", defaultValue = "8183")
    int port;

    public Baselines.Reconstructor reconstructor() {
        return new LatentReconstructions(latent, host + ":" + port, config.latent().deadlineSeconds(),
                config.latent().chunk());
    }
}
