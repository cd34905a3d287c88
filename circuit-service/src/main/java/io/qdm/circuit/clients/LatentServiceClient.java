package io.qdm.circuit.clients;

import io.qdm.circuit.config.CircuitConfig;
import io.qdm.circuit.generation.DecodedImages;
import io.qdm.circuit.generation.ImageDecoder;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.Tensor;
import io.qdm.proto.latent.v1.DecodeRequest;
import io.qdm.proto.latent.v1.DecodeResponse;
import io.qdm.proto.latent.v1.LatentServiceGrpc;
import io.qdm.wire.Tensors;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * latent-service over gRPC (client "latent": {@code quarkus.grpc.clients.latent.host/port}, env QDM_LATENT_HOST /
 * QDM_LATENT_PORT). Images are kept as the float32 values latent-service produced, so they are passed on bit for bit.
 */
@ApplicationScoped
public class LatentServiceClient implements ImageDecoder {

    @GrpcClient("latent")
    LatentServiceGrpc.LatentServiceBlockingStub latent;

    @Inject
    CircuitConfig config;

    @Override
    public DecodedImages decode(String autoencoder, double[][] states) {
        int dimension = states[0].length / 2;
        DecodeResponse response = latent.withDeadlineAfter(config.peerTimeoutSeconds(), TimeUnit.SECONDS)
                .decode(DecodeRequest.newBuilder()
                        .setAutoencoder(ref(autoencoder))
                        .setLatents(Tensors.complexRows(states, dimension))
                        .build());
        Tensor images = response.getImages();
        if (images.getShapeCount() != 3 || images.getShape(0) != states.length) {
            throw new IllegalStateException("latent-service returned images of shape " + images.getShapeList()
                    + " for " + states.length + " states");
        }
        return new DecodedImages(states.length, (int) images.getShape(1), (int) images.getShape(2),
                Tensors.decodeFloat32(images, "images"));
    }

    /** "name:version" → ModelRef (a bare name means the latest version). */
    static ModelRef ref(String nameColonVersion) {
        int colon = nameColonVersion.lastIndexOf(':');
        return colon < 0 ? ModelRef.newBuilder().setName(nameColonVersion).build()
                : ModelRef.newBuilder().setName(nameColonVersion.substring(0, colon))
                        .setVersion(nameColonVersion.substring(colon + 1)).build();
    }
}
