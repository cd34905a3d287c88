package io.qdm.eval.service;

import io.qdm.eval.config.DjlConfig;
import io.quarkus.logging.Log;

import java.util.Map;

/**
 * Puts the {@link DjlConfig} into the system properties DJL reads when its engine first loads. Must run before the
 * first DJL call; properties already set (surefire, {@code -D} on the command line) are left alone.
 */
final class DjlRuntime {

    private DjlRuntime() {
    }

    static void apply(DjlConfig config) {
        String threads = Integer.toString(config.threads());
        Map<String, String> wanted = Map.of(
                "ai.djl.offline", Boolean.toString(config.offline()),
                "ai.djl.pytorch.num_threads", threads,
                "ai.djl.pytorch.num_interop_threads", threads,
                "DJL_CACHE_DIR", config.cacheDir(),
                "jna.tmpdir", config.jnaTmpdir());
        wanted.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
        Log.infof("DJL: offline=%s threads=%s/%s cache=%s jna.tmpdir=%s", System.getProperty("ai.djl.offline"),
                System.getProperty("ai.djl.pytorch.num_threads"),
                System.getProperty("ai.djl.pytorch.num_interop_threads"), System.getProperty("DJL_CACHE_DIR"),
                System.getProperty("jna.tmpdir"));
    }
}
