package io.qdm.latent.grpc;

import io.grpc.Status;
import io.qdm.latent.mapping.LatentMessages;
import io.qdm.latent.mapping.TensorMapping;
import io.qdm.latent.service.AutoencoderRef;
import io.qdm.latent.service.DatasetUnavailableException;
import io.qdm.latent.service.LatentCodec;
import io.qdm.latent.service.LatentDatasetExport;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.latent.v1.AutoencoderInfo;
import io.qdm.proto.latent.v1.DecodeRequest;
import io.qdm.proto.latent.v1.DecodeResponse;
import io.qdm.proto.latent.v1.EncodeRequest;
import io.qdm.proto.latent.v1.EncodeResponse;
import io.qdm.proto.latent.v1.ExportLatentDatasetRequest;
import io.qdm.proto.latent.v1.GetAutoencoderRequest;
import io.qdm.proto.latent.v1.LatentDatasetChunk;
import io.qdm.proto.latent.v1.LatentService;
import io.qdm.wire.GrpcStatuses;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;

import java.util.Iterator;
import java.util.function.Supplier;

/**
 * gRPC transport of qdm.latent.v1.LatentService: maps requests in, delegates to {@link LatentCodec}, maps replies
 * out. Bad input (shape, dtype, range, non-finite values, empty batch, unknown autoencoder) is INVALID_ARGUMENT
 * naming the field, with a google.rpc.BadRequest detail; a batch is validated whole before any computation.
 */
@GrpcService
public class LatentGrpcService implements LatentService {

    @Inject
    LatentCodec codec;

    @Inject
    LatentDatasetExport export;

    /** Blocking: a forward pass is native CPU work (milliseconds to seconds per batch), never on the event loop. */
    @Override
    @Blocking
    public Uni<EncodeResponse> encode(EncodeRequest request) {
        return answer(() -> {
            AutoencoderRef ref = resolve(request.getAutoencoder());
            double[][] images = TensorMapping.images(request.getImages(), "images");
            double[][] latents = codec.encode(images);
            return EncodeResponse.newBuilder()
                    .setRequestId(request.getMeta().getRequestId())
                    .setAutoencoder(LatentMessages.modelRef(ref))
                    .setLatents(TensorMapping.latentsFloat64(latents))
                    .build();
        });
    }

    /** Blocking: see {@link #encode}. Complex amplitudes are decoded as their moduli (the authors' decoding). */
    @Override
    @Blocking
    public Uni<DecodeResponse> decode(DecodeRequest request) {
        return answer(() -> {
            AutoencoderRef ref = resolve(request.getAutoencoder());
            double[][] images;
            if (TensorMapping.isComplex(request.getLatents())) {
                double[][][] amplitudes = TensorMapping.amplitudes(request.getLatents(), "latents", codec.latentDim());
                images = codec.decodeAmplitudes(amplitudes[0], amplitudes[1]);
            } else {
                images = codec.decode(TensorMapping.latents(request.getLatents(), "latents", codec.latentDim()));
            }
            return DecodeResponse.newBuilder()
                    .setRequestId(request.getMeta().getRequestId())
                    .setAutoencoder(LatentMessages.modelRef(ref))
                    .setImages(TensorMapping.imagesFloat32(images))
                    .build();
        });
    }

    @Override
    public Uni<AutoencoderInfo> getAutoencoder(GetAutoencoderRequest request) {
        return answer(() -> {
            resolve(request.getAutoencoder());
            return LatentMessages.info(codec.describe());
        });
    }

    /**
     * Streams the encoded split chunk by chunk; encoding runs on a worker thread, one chunk per request from the
     * client (back-pressure), and stops when the client cancels. A missing MNIST cache is FAILED_PRECONDITION.
     */
    @Override
    public Multi<LatentDatasetChunk> exportLatentDataset(ExportLatentDatasetRequest request) {
        return Multi.createFrom().<LatentDatasetChunk>deferred(() -> {
                    resolve(request.getAutoencoder());
                    Iterator<LatentDatasetExport.Chunk> chunks = export.open(request.getDataset(), request.getSplit(),
                            request.getChunkSize());
                    return Multi.createFrom().iterable(() -> chunks).map(LatentMessages::chunk);
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().transform(LatentGrpcService::exportFailure);
    }

    private static Throwable exportFailure(Throwable failure) {
        if (failure instanceof DatasetUnavailableException missing) {
            return Status.FAILED_PRECONDITION.withDescription(missing.getMessage()).asRuntimeException();
        }
        return GrpcStatuses.toStatus(failure);
    }

    private AutoencoderRef resolve(ModelRef requested) {
        return codec.resolve("autoencoder", requested.getName(), requested.getVersion());
    }

    private static <T> Uni<T> answer(Supplier<T> call) {
        try {
            return Uni.createFrom().item(call.get());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(GrpcStatuses.toStatus(e));
        }
    }
}
