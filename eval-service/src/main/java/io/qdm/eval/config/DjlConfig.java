package io.qdm.eval.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the DJL PyTorch engine runs inside the service (djl-offline.md), applied as system properties before the engine
 * loads; a system property already set (surefire, {@code -D}) wins.
 */
@ConfigMapping(prefix = "qdm.djl")
public interface DjlConfig {

    /** {@code ai.djl.offline}: never download; libtorch comes from the classpath jar. */
    @WithDefault("true")
    boolean offline();

    /** {@code ai.djl.pytorch.num_threads} and {@code num_interop_threads} (1: shared cores, reproducible outputs). */
    @WithDefault("1")
    int threads();

    /** {@code DJL_CACHE_DIR}: where libtorch is extracted once (~430 MB); never HOME. */
    String cacheDir();

    /** {@code jna.tmpdir}. */
    String jnaTmpdir();
}
