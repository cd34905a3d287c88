package io.qdm.latent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the DJL PyTorch engine runs inside the service (djl-offline.md). Applied as system properties before the
 * engine loads, so the packaged app behaves like the tests without any {@code -D} on its command line. A system
 * property or environment variable already set (e.g. by surefire) wins.
 */
@ConfigMapping(prefix = "qdm.djl")
public interface DjlConfig {

    /** {@code ai.djl.offline}: never download anything; the native libtorch comes from the classpath jar. */
    @WithDefault("true")
    boolean offline();

    /**
     * {@code ai.djl.pytorch.num_threads} and {@code num_interop_threads}. One: on a shared 2-core machine OpenMP's
     * busy-waiting threads cost 10-70x, and one thread makes outputs bit-reproducible.
     */
    @WithDefault("1")
    int threads();

    /** {@code DJL_CACHE_DIR}: where libtorch is extracted once (~430 MB); never HOME. */
    String cacheDir();

    /** {@code jna.tmpdir}: JNA's native stub, out of HOME too. */
    String jnaTmpdir();
}
