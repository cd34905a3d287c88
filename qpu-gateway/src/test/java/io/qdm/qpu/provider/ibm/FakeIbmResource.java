package io.qdm.qpu.provider.ibm;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts {@link FakeIbmQuantum} for a {@code @QuarkusTest} and points the gateway's ibm provider at it; the API key
 * reaches the app the way production mounts a Kubernetes Secret: as a file ({@code qdm.qpu.ibm.api-key-file}).
 */
public class FakeIbmResource implements QuarkusTestResourceLifecycleManager {

    static FakeIbmQuantum fake;

    @Override
    public Map<String, String> start() {
        fake = new FakeIbmQuantum();
        try {
            Path secret = Files.createTempDirectory("qdm-ibm-secret").resolve("api-key");
            Files.writeString(secret, FakeIbmQuantum.API_KEY + "\n");
            return Map.of(
                    "qdm.qpu.ibm.base-url", fake.baseUrl(),
                    "qdm.qpu.ibm.iam-url", fake.iamUrl(),
                    "qdm.qpu.ibm.service-crn", FakeIbmQuantum.CRN,
                    "qdm.qpu.ibm.api-key-file", secret.toString(),
                    "qdm.qpu.ibm.devices", "ibm_fake",
                    "qdm.qpu.ibm.poll-interval", "0.02s",
                    "qdm.qpu.ibm.backoff", "0.005s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        fake.close();
    }
}
