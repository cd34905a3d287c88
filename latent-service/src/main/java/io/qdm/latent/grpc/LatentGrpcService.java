package io.qdm.latent.grpc;

import io.grpc.Status;
import io.qdm.proto.latent.v1.AutoencoderInfo;
import io.qdm.proto.latent.v1.DecodeRequest;
import io.qdm.proto.latent.v1.DecodeResponse;
import io.qdm.proto.latent.v1.EncodeRequest;
import io.qdm.proto.latent.v1.EncodeResponse;
import io.qdm.proto.latent.v1.ExportLatentDatasetRequest;
import io.qdm.proto.latent.v1.GetAutoencoderRequest;
import io.qdm.proto.latent.v1.LatentDatasetChunk;
import io.qdm.proto.latent.v1.LatentService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** gRPC transport of qdm.latent.v1.LatentService: maps requests in, delegates to the service layer, maps replies out. */
@GrpcService
public class LatentGrpcService implements LatentService {

    @Override
    public Uni<EncodeResponse> encode(EncodeRequest request) {
        return Uni.createFrom().failure(notYet("Encode"));
    }

    @Override
    public Uni<DecodeResponse> decode(DecodeRequest request) {
        return Uni.createFrom().failure(notYet("Decode"));
    }

    @Override
    public Uni<AutoencoderInfo> getAutoencoder(GetAutoencoderRequest request) {
        return Uni.createFrom().failure(notYet("GetAutoencoder"));
    }

    @Override
    public Multi<LatentDatasetChunk> exportLatentDataset(ExportLatentDatasetRequest request) {
        return Multi.createFrom().failure(notYet("ExportLatentDataset"));
    }

    private static RuntimeException notYet(String method) {
        return Status.UNIMPLEMENTED
                .withDescription("qdm.latent.v1.LatentService/" + method + " is not implemented yet (issue #5)")
                .asRuntimeException();
    }
}
