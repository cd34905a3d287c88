package io.qdm.eval.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** eval-service settings ({@code qdm.eval.*}); every metric option used is recorded in each report. */
@ConfigMapping(prefix = "qdm.eval")
public interface EvalConfig {

    /** Shipped extractors to load at startup (classpath {@code extractors/<id>}); the first is the default. */
    @WithDefault("lenet-mnist")
    List<String> extractors();

    /** Reference set when a request names none. */
    @WithDefault("mnist-test")
    String defaultReference();

    /**
     * At most this many samples per run keep their images, features and class probabilities (KID, precision/recall,
     * JSD, conditioning, ROC-AUC read them); the FID moments cover every sample. 10,000 images ≈ 37 MB.
     */
    @WithDefault("10000")
    int maxStoredSamplesPerRun();

    /** Verified dataset cache ({@code ./qdm data fetch}); default {@code $QDM_DATA_DIR}, else {@code <repo>/.qdm/data}. */
    Optional<String> dataDir();

    /** Where reference statistics are cached on disk (train-set feature moments per extractor). */
    Optional<String> cacheDir();

    /** Diagonal regulariser ε added to both covariances before the Fréchet distance (0 = none; logged when used). */
    @WithDefault("0")
    double covarianceEpsilon();

    /** KID subsets and subset size (torch-fidelity: 100 × 1000; 20 subsets keep Evaluate at ~4 s over 10k). */
    @WithDefault("20")
    int kidSubsets();

    @WithDefault("1000")
    int kidSubsetSize();

    /** k of the precision/recall manifolds. */
    @WithDefault("3")
    int prcK();

    /** Precision/recall subsample bound per set (quadratic cost). */
    @WithDefault("5000")
    int prcMaxSamples();

    /** Seed of every metric subsample. */
    @WithDefault("0")
    long seed();

    /** latent-service calls for the autoencoder-reconstruction baseline. */
    Latent latent();

    interface Latent {
        /** Deadline of each Encode/Decode call, seconds. */
        @WithDefault("60")
        int deadlineSeconds();

        /**
         * Images per Encode/Decode call: latent-service's Vert.x gRPC server accepts 256 KB requests by default,
         * and 64 × 784 float32 = 200 KB.
         */
        @WithDefault("64")
        int chunk();
    }
}
