package io.qdm.cli.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * JVM options for a child JVM that runs DJL with the PyTorch engine (djl-offline reference): offline (never a hub
 * download), one intra-op and one inter-op thread (busy-waiting OpenMP threads cost 10–70× on shared cores), and the
 * native caches under {@code <repo>/.qdm} instead of HOME; the Vector API module for the decoder's overlap-add.
 */
public final class DjlJvmOptions {

    private DjlJvmOptions() {
    }

    public static List<String> forRepository(Path home) {
        return List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "--enable-native-access=ALL-UNNAMED",
                "--add-modules=jdk.incubator.vector",
                "-DDJL_CACHE_DIR=" + home.resolve(".qdm/djl"), "-Djna.tmpdir=" + home.resolve(".qdm/jna"));
    }
}
