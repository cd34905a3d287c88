package io.qdm.qpu.provider.ibm;

import io.qdm.qpu.config.QpuConfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The IBM adapter's settings, separate from the config interface so tests can point it at a loopback fake.
 *
 * @param apiKey where the API key comes from (env or a mounted Secret file; read when a token is needed)
 */
public record IbmSettings(String baseUrl, String iamUrl, String apiVersion, Optional<String> serviceCrn,
                          Supplier<Optional<String>> apiKey, List<String> devices, Duration pollInterval,
                          int jobsPerMinute, int maxAttempts, Duration backoff, int breakerFailureThreshold,
                          Duration breakerOpenDuration, Duration tokenRefreshMargin, Duration requestTimeout,
                          Duration configurationTtl) {

    /** The environment variable holding the API key when no key file is configured. */
    public static final String API_KEY_ENV = "QDM_IBM_API_KEY";

    public static IbmSettings from(QpuConfig.Ibm c) {
        Optional<String> file = c.apiKeyFile();
        Supplier<Optional<String>> key = file.isPresent()
                ? () -> ApiKeys.fromFile(java.nio.file.Path.of(file.get()))
                : () -> ApiKeys.fromEnv(System.getenv(API_KEY_ENV));
        return new IbmSettings(c.baseUrl(), c.iamUrl(), c.apiVersion(), c.serviceCrn(), key, c.devices(),
                c.pollInterval(), c.jobsPerMinute(), c.maxAttempts(), c.backoff(), c.breakerFailureThreshold(),
                c.breakerOpenDuration(), c.tokenRefreshMargin(), c.requestTimeout(), c.configurationTtl());
    }
}
