package io.qdm.qpu.provider.ibm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qdm.qpu.provider.ProviderException;
import io.qdm.qpu.transpile.BackendTarget;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The Qiskit Runtime REST API as documented (ecosystem notes §1.1; Qiskit/documentation sampler-rest-api.mdx):
 * API key → IAM bearer token (cached, refreshed {@code tokenRefreshMargin} before expiry and after a 401), then
 * calls with {@code Authorization: Bearer}, {@code Service-CRN} and the pinned {@code IBM-API-Version}.
 *
 * <p>Every call: at most {@code maxAttempts} attempts, retrying 429, 5xx and connection errors after
 * {@code backoff·2^(attempt−1)} (a longer {@code Retry-After} wins); a 401 drops the token and retries once with a
 * fresh one; a call that still fails counts against the {@link CircuitBreaker}, and an open breaker fails calls at
 * once with UNAVAILABLE. Retries sleep on the calling IBM worker thread, never on a gRPC or Kafka thread.
 * The API key is sent only to the IAM endpoint, in the form body, and is scrubbed from every error text.
 */
public final class IbmRestClient {

    private static final Logger LOG = Logger.getLogger(IbmRestClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IbmSettings settings;
    private final HttpClient http;
    private final LongSupplier clockMs;
    private final CircuitBreaker breaker;
    private String token;
    private long tokenExpiresAtMs;
    private int tokenExchanges;

    public IbmRestClient(IbmSettings settings, LongSupplier clockMs) {
        this.settings = settings;
        this.clockMs = clockMs;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        this.breaker = new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration().toMillis(),
                clockMs);
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** IAM exchanges done so far (tests: the token is cached). */
    public synchronized int tokenExchanges() {
        return tokenExchanges;
    }

    public boolean hasApiKey() {
        return settings.apiKey().get().isPresent();
    }

    /** The backend's ISA target: configuration (n_qubits, basis_gates, coupling_map) + properties (last_update_date). */
    public BackendTarget backendTarget(String device) {
        JsonNode config = call("GET", "/backends/" + device + "/configuration", null);
        int n = config.path("n_qubits").asInt(0);
        Set<String> basis = new HashSet<>();
        config.path("basis_gates").forEach(g -> basis.add(g.asText()));
        List<int[]> edges = new ArrayList<>();
        config.path("coupling_map").forEach(e -> edges.add(new int[] {e.get(0).asInt(), e.get(1).asInt()}));
        if (n <= 0 || basis.isEmpty()) {
            throw new ProviderException("DATA_LOSS", "ibm: malformed configuration of " + device
                    + " (n_qubits " + n + ", basis_gates " + basis + ")");
        }
        basis.add("measure");
        String calibration = "";
        try {
            calibration = call("GET", "/backends/" + device + "/properties", null).path("last_update_date").asText("");
        } catch (ProviderException e) {
            LOG.warnf("ibm: no properties for %s (%s); calibration time unknown", device, e.getMessage());
        }
        return new BackendTarget("ibm", device, n, basis, edges, calibration, true);
    }

    /**
     * Creates a Sampler V2 job with one PUB {@code [qasm]} per circuit and {@code options.default_shots}.
     *
     * @return IBM's job id
     */
    public String createSamplerJob(String device, List<String> qasm, int shots, List<String> tags) {
        ObjectNode body = JSON.createObjectNode();
        body.put("program_id", "sampler");
        body.put("backend", device);
        ArrayNode t = body.putArray("tags");
        tags.forEach(t::add);
        ObjectNode params = body.putObject("params");
        ArrayNode pubs = params.putArray("pubs");
        for (String q : qasm) {
            pubs.addArray().add(q);
        }
        params.putObject("options").put("default_shots", shots);
        params.put("version", 2);
        JsonNode reply = call("POST", "/jobs", body);
        String id = reply.path("id").asText("");
        if (id.isEmpty()) {
            throw new ProviderException("DATA_LOSS", "ibm: job creation answered without an id");
        }
        return id;
    }

    /** {@code state.status} (Queued, Running, Completed, Failed, Cancelled) and {@code state.reason}. */
    public record JobStatus(String status, String reason, String reasonCode) {
    }

    public JobStatus jobStatus(String jobId) {
        JsonNode reply = call("GET", "/jobs/" + jobId, null);
        JsonNode state = reply.path("state");
        String status = state.path("status").asText(reply.path("status").asText(""));
        return new JobStatus(status, state.path("reason").asText(""), state.path("reason_code").asText(""));
    }

    /** The results document ({@link SamplerResults} decodes it). */
    public JsonNode jobResults(String jobId) {
        return call("GET", "/jobs/" + jobId + "/results", null);
    }

    public void cancelJob(String jobId) {
        call("POST", "/jobs/" + jobId + "/cancel", JSON.createObjectNode());
    }

    /** One API call with token, retries, back-off and the circuit breaker. */
    JsonNode call(String method, String path, JsonNode body) {
        if (!breaker.allowRequest()) {
            throw new ProviderException("UNAVAILABLE", "ibm: circuit breaker open after repeated failures; "
                    + method + " " + path + " not attempted");
        }
        int attempts = Math.max(1, settings.maxAttempts());
        boolean reauthenticated = false;
        String lastProblem = "";
        String lastCode = "UNAVAILABLE";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            HttpResponse<String> response;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                        .timeout(settings.requestTimeout())
                        .header("Authorization", "Bearer " + token())
                        .header("IBM-API-Version", settings.apiVersion())
                        .header("Accept", "application/json")
                        .header("Content-Type", "application/json");
                settings.serviceCrn().ifPresent(crn -> b.header("Service-CRN", crn));
                b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastProblem = "connection failed (" + e.getClass().getSimpleName() + ")";
                sleepBackoff(attempt, attempts, -1);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("CANCELLED", "ibm: interrupted during " + method + " " + path);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                breaker.recordSuccess();
                try {
                    String text = response.body();
                    return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
                } catch (IOException e) {
                    throw new ProviderException("DATA_LOSS", "ibm: " + method + " " + path + " answered malformed JSON");
                }
            }
            if (status == 401 && !reauthenticated) {
                reauthenticated = true;
                invalidateToken();
                attempt--;   // a fresh token is not a retry
                continue;
            }
            String detail = redact(errorText(response.body()));
            if (status == 429 || status / 100 == 5) {
                lastProblem = "HTTP " + status + (detail.isEmpty() ? "" : " " + detail);
                lastCode = status == 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE";
                LOG.warnf("ibm: %s %s answered %s (attempt %d of %d)", method, path, lastProblem, attempt, attempts);
                sleepBackoff(attempt, attempts, retryAfterMs(response));
                continue;
            }
            // Other 4xx: the request is wrong; retrying cannot help and the service is healthy.
            breaker.recordSuccess();
            String code = switch (status) {
                case 401 -> "UNAUTHENTICATED";
                case 403 -> "PERMISSION_DENIED";
                case 404 -> "NOT_FOUND";
                case 409 -> "RESOURCE_EXHAUSTED";
                default -> "INVALID_ARGUMENT";
            };
            throw new ProviderException(code, "ibm: " + method + " " + path + " answered HTTP " + status
                    + (detail.isEmpty() ? "" : ": " + detail));
        }
        breaker.recordFailure();
        throw new ProviderException(lastCode, "ibm: " + method + " " + path + " failed after " + attempts
                + " attempts: " + lastProblem);
    }

    private void sleepBackoff(int attempt, int attempts, long retryAfterMs) {
        if (attempt >= attempts) {
            return;
        }
        long wait = settings.backoff().toMillis() << (attempt - 1);
        wait = Math.max(wait, retryAfterMs);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("CANCELLED", "ibm: interrupted while backing off");
        }
    }

    private static long retryAfterMs(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Long.parseLong(v.trim()) * 1000;
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
    }

    /** IBM error bodies: {"errors":[{"message":..,"code":..}]} or {"message":..}; at most 300 characters. */
    private static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode n = JSON.readTree(body);
            String m = n.path("errors").path(0).path("message").asText(n.path("message").asText(""));
            String code = n.path("errors").path(0).path("code").asText("");
            String text = m + (code.isEmpty() ? "" : " (code " + code + ")");
            return text.length() > 300 ? text.substring(0, 300) : text;
        } catch (IOException e) {
            return "";
        }
    }

    private String redact(String text) {
        return ApiKeys.redact(text, settings.apiKey().get());
    }

    synchronized void invalidateToken() {
        token = null;
    }

    /** The cached bearer token, exchanged anew when missing or within the refresh margin of its expiry. */
    synchronized String token() throws IOException, InterruptedException {
        long now = clockMs.getAsLong();
        if (token != null && now < tokenExpiresAtMs - settings.tokenRefreshMargin().toMillis()) {
            return token;
        }
        Optional<String> key = settings.apiKey().get();
        if (key.isEmpty()) {
            throw new ProviderException("FAILED_PRECONDITION", "ibm: no API key (set " + IbmSettings.API_KEY_ENV
                    + " or qdm.qpu.ibm.api-key-file)");
        }
        String form = "grant_type=" + URLEncoder.encode("urn:ibm:params:oauth:grant-type:apikey", StandardCharsets.UTF_8)
                + "&apikey=" + URLEncoder.encode(key.get(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.iamUrl()))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        tokenExchanges++;
        if (response.statusCode() / 100 != 2) {
            String code = response.statusCode() == 400 || response.statusCode() == 401 ? "UNAUTHENTICATED" : "UNAVAILABLE";
            throw new ProviderException(code, "ibm: IAM token exchange answered HTTP " + response.statusCode());
        }
        JsonNode reply = JSON.readTree(response.body());
        String access = reply.path("access_token").asText("");
        long expiresIn = reply.path("expires_in").asLong(3600);
        if (access.isEmpty()) {
            throw new ProviderException("UNAUTHENTICATED", "ibm: IAM token exchange answered without access_token");
        }
        token = access;
        tokenExpiresAtMs = now + expiresIn * 1000;
        return token;
    }
}
