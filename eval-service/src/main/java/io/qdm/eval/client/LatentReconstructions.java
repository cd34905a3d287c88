package io.qdm.eval.client;

import io.qdm.eval.data.LabelledImages;
import io.qdm.eval.service.Baselines;
import io.qdm.proto.common.v1.Tensor;
import io.qdm.proto.latent.v1.AutoencoderInfo;
import io.qdm.proto.latent.v1.DecodeRequest;
import io.qdm.proto.latent.v1.EncodeRequest;
import io.qdm.proto.latent.v1.EncodeResponse;
import io.qdm.proto.latent.v1.GetAutoencoderRequest;
import io.qdm.proto.latent.v1.LatentServiceGrpc;
import io.qdm.wire.Tensors;

import java.util.concurrent.TimeUnit;

/**
 * latent-service as the autoencoder of the reconstruction baseline: images → Encode → Decode, in chunks that keep
 * each message small. Owns the deadlines; protobuf types stay here.
 */
public final class LatentReconstructions implements Baselines.Reconstructor {

    private final LatentServiceGrpc.LatentServiceBlockingStub stub;
    private final String endpoint;
    private final int deadlineSeconds;
    private final int chunk;

    public LatentReconstructions(LatentServiceGrpc.LatentServiceBlockingStub stub, String endpoint,
            int deadlineSeconds, int chunk) {
        this.stub = stub;
        this.endpoint = endpoint;
        this.deadlineSeconds = deadlineSeconds;
        this.chunk = chunk;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String autoencoder() {
        AutoencoderInfo info = stub.withDeadlineAfter(Math.min(deadlineSeconds, 10), TimeUnit.SECONDS)
                .getAutoencoder(GetAutoencoderRequest.getDefaultInstance());
        return info.getAutoencoder().getName() + ":" + info.getAutoencoder().getVersion() + " sha256="
                + info.getWeightsSha256();
    }

    @Override
    public float[] reconstruct(float[] images, int n) {
        float[] out = new float[n * LabelledImages.PIXELS];
        for (int from = 0; from < n; from += chunk) {
            int b = Math.min(chunk, n - from);
            float[] part = new float[b * LabelledImages.PIXELS];
            System.arraycopy(images, from * LabelledImages.PIXELS, part, 0, part.length);
            EncodeResponse enc = stub.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).encode(
                    EncodeRequest.newBuilder().setImages(Tensors.float32(part, b, LabelledImages.SIDE,
                            LabelledImages.SIDE)).build());
            Tensor decoded = stub.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS).decode(
                    DecodeRequest.newBuilder().setAutoencoder(enc.getAutoencoder()).setLatents(enc.getLatents())
                            .build()).getImages();
            double[] px = Tensors.decodeReal(decoded, "images");
            if (px.length != part.length) {
                throw new IllegalStateException("latent-service decoded " + px.length + " values for " + b
                        + " images");
            }
            for (int i = 0; i < px.length; i++) {
                out[from * LabelledImages.PIXELS + i] = (float) px[i];
            }
        }
        return out;
    }
}
