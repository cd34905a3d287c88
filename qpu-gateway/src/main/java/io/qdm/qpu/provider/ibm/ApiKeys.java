package io.qdm.qpu.provider.ibm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The IBM API key's only sources: an environment variable or a file (a Kubernetes Secret mounted as a volume). The key
 * is never logged, never put in an error message and never exported as a metric; {@link #redact} scrubs it from any
 * text that might have echoed it.
 */
public final class ApiKeys {

    private ApiKeys() {
    }

    public static Optional<String> fromEnv(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public static Optional<String> fromFile(Path file) {
        try {
            return fromEnv(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code text} with every occurrence of the key replaced by "****". */
    public static String redact(String text, Optional<String> key) {
        if (text == null || key.isEmpty() || key.get().length() < 4) {
            return text;
        }
        return text.replace(key.get(), "****");
    }
}
