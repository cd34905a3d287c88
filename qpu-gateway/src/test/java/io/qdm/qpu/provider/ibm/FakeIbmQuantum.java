package io.qdm.qpu.provider.ibm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.qdm.qpu.circuit.Op;
import io.qdm.qpu.emulator.IsaEmulator;
import io.qdm.qpu.emulator.StateVector;
import io.qdm.simulator.gate.GateKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for IBM Cloud IAM and the Qiskit Runtime REST API, following the documented request and
 * response shapes (ecosystem notes §1.1): form-encoded API-key exchange, bearer tokens, required headers, Sampler V2
 * job bodies with OpenQASM 3 PUBs, {@code state.status} polling, per-shot hex samples under register {@code c}.
 * It really runs the submitted ISA circuits (parsing the gateway's QASM subset and sampling them), and replays
 * scripted faults: 401 for an expired token, 429, 5xx, a Failed job, a malformed result.
 */
final class FakeIbmQuantum implements AutoCloseable {

    static final String API_KEY = "ibm-test-KEY-5f2c9a7e13d84b60";
    static final String CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/test:inst::";
    static final String VERSION = "2025-05-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    final AtomicInteger iamExchanges = new AtomicInteger();
    final AtomicInteger apiRequests = new AtomicInteger();
    final List<JsonNode> createdJobs = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    /** Scripted responses (status, body, Retry-After or null) consumed by the next API requests (not IAM). */
    final Deque<Object[]> faults = new ArrayDeque<>();
    /** Tokens the API accepts; cleared to simulate expiry. */
    final List<String> validTokens = new CopyOnWriteArrayList<>();
    volatile String jobOutcome = "Completed";   // or "Failed", "Malformed", "Queued" (stays queued)
    volatile int pollsBeforeDone = 2;
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger nextJob = new AtomicInteger();

    FakeIbmQuantum() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/identity/token", this::iam);
        server.createContext("/api/v1/", this::api);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    String iamUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/identity/token";
    }

    synchronized void fault(int status, String body, String retryAfter) {
        faults.add(new Object[] {status, body, retryAfter});
    }

    private void iam(HttpExchange ex) throws IOException {
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new java.util.HashMap<>();
        for (String kv : form.split("&")) {
            String[] p = kv.split("=", 2);
            params.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
        }
        iamExchanges.incrementAndGet();
        if (!"POST".equals(ex.getRequestMethod())
                || !"application/x-www-form-urlencoded".equals(ex.getRequestHeaders().getFirst("Content-Type"))
                || !"urn:ibm:params:oauth:grant-type:apikey".equals(params.get("grant_type"))) {
            send(ex, 400, "{\"errorCode\":\"BXNIM0109E\",\"errorMessage\":\"malformed token request\"}", null);
            return;
        }
        if (!API_KEY.equals(params.get("apikey"))) {
            // IAM echoes nothing secret, but the gateway must not print bodies anyway: this one echoes the key.
            send(ex, 400, "{\"errorCode\":\"BXNIM0415E\",\"errorMessage\":\"Provided API key could not be found: "
                    + params.get("apikey") + "\"}", null);
            return;
        }
        String token = "tok-" + iamExchanges.get();
        validTokens.add(token);
        send(ex, 200, "{\"access_token\":\"" + token + "\",\"refresh_token\":\"not-used\",\"token_type\":\"Bearer\","
                + "\"expires_in\":3600,\"expiration\":" + (System.currentTimeMillis() / 1000 + 3600) + "}", null);
    }

    private void api(HttpExchange ex) throws IOException {
        apiRequests.incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7))) {
            send(ex, 401, "{\"errors\":[{\"code\":\"1201\",\"message\":\"Invalid or expired token\"}]}", null);
            return;
        }
        if (!VERSION.equals(ex.getRequestHeaders().getFirst("IBM-API-Version"))
                || !CRN.equals(ex.getRequestHeaders().getFirst("Service-CRN"))) {
            send(ex, 400, "{\"errors\":[{\"message\":\"missing IBM-API-Version or Service-CRN\",\"code\":\"1234\"}]}", null);
            return;
        }
        Object[] fault;
        synchronized (this) {
            fault = faults.poll();
        }
        if (fault != null) {
            send(ex, (Integer) fault[0], (String) fault[1], (String) fault[2]);
            return;
        }
        String path = ex.getRequestURI().getPath().substring("/api/v1".length());
        String method = ex.getRequestMethod();
        if (method.equals("GET") && path.matches("/backends/[^/]+/configuration")) {
            ObjectNode c = JSON.createObjectNode();
            c.put("backend_name", path.split("/")[2]);
            c.put("n_qubits", 6);
            c.putArray("basis_gates").add("cz").add("id").add("rz").add("sx").add("x").add("reset").add("delay");
            ArrayNode cm = c.putArray("coupling_map");
            for (int i = 0; i < 5; i++) {
                cm.addArray().add(i).add(i + 1);
                cm.addArray().add(i + 1).add(i);
            }
            c.put("processor_type", "heron");
            send(ex, 200, c.toString(), null);
        } else if (method.equals("GET") && path.matches("/backends/[^/]+/properties")) {
            send(ex, 200, "{\"backend_name\":\"fake\",\"last_update_date\":\"2026-11-26T06:00:00Z\",\"qubits\":[]}", null);
        } else if (method.equals("POST") && path.equals("/jobs")) {
            JsonNode body = JSON.readTree(ex.getRequestBody());
            if (!"sampler".equals(body.path("program_id").asText()) || body.path("params").path("version").asInt() != 2
                    || !body.path("params").path("pubs").isArray()) {
                send(ex, 400, "{\"errors\":[{\"message\":\"not a Sampler V2 job\",\"code\":\"1400\"}]}", null);
                return;
            }
            String id = "fake-job-" + nextJob.incrementAndGet();
            createdJobs.add(body);
            jobs.put(id, body);
            polls.put(id, new AtomicInteger());
            send(ex, 200, "{\"id\":\"" + id + "\",\"backend\":\"" + body.path("backend").asText() + "\"}", null);
        } else if (method.equals("GET") && path.matches("/jobs/[^/]+")) {
            String id = path.split("/")[2];
            int n = polls.get(id).incrementAndGet();
            String status = n <= pollsBeforeDone || jobOutcome.equals("Queued") ? (n == 1 ? "Queued" : "Running")
                    : jobOutcome.equals("Malformed") ? "Completed" : jobOutcome;
            if (cancelled.contains(id)) {
                status = "Cancelled";
            }
            String reason = status.equals("Failed")
                    ? ",\"reason\":\"Circuits do not match the target definition (non-ISA circuits)\",\"reason_code\":1517" : "";
            send(ex, 200, "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"state\":{\"status\":\"" + status + "\"" + reason + "}}", null);
        } else if (method.equals("GET") && path.matches("/jobs/[^/]+/results")) {
            String id = path.split("/")[2];
            if (jobOutcome.equals("Malformed")) {
                send(ex, 200, "{\"results\":[{\"data\":{\"c\":{\"samples\":[\"0x1\",\"zz\"],\"num_bits\":4}}}]}", null);
                return;
            }
            send(ex, 200, results(jobs.get(id)).toString(), null);
        } else if (method.equals("POST") && path.matches("/jobs/[^/]+/cancel")) {
            cancelled.add(path.split("/")[2]);
            send(ex, 204, "", null);
        } else {
            send(ex, 404, "{\"errors\":[{\"message\":\"no route " + method + " " + path + "\"}]}", null);
        }
    }

    /** Runs every PUB's QASM on the emulator and returns per-shot hex samples. */
    private static JsonNode results(JsonNode job) {
        int shots = job.path("params").path("options").path("default_shots").asInt(1024);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode results = root.putArray("results");
        SplittableRandom rng = new SplittableRandom(123);
        for (JsonNode pub : job.path("params").path("pubs")) {
            Parsed p = parse(pub.get(0).asText());
            StateVector psi = new StateVector(p.qubits).apply(p.ops);
            double[] phys = psi.probabilities();
            // marginal over the measured qubits, clbit i ← qubit measure[i]
            int n = p.measure.length;
            double[] logical = new double[1 << n];
            for (int a = 0; a < phys.length; a++) {
                int idx = 0;
                for (int i = 0; i < n; i++) {
                    idx = (idx << 1) | ((a >> (p.qubits - 1 - p.measure[i])) & 1);
                }
                logical[idx] += phys[a];
            }
            long[] samples = IsaEmulator.sample(logical, n, shots, rng);
            ObjectNode entry = results.addObject();
            ObjectNode c = entry.putObject("data").putObject("c");
            ArrayNode s = c.putArray("samples");
            for (long v : samples) {
                s.add("0x" + Long.toHexString(v));
            }
            c.put("num_bits", n);
            entry.putObject("metadata");
        }
        root.putObject("metadata");
        return root;
    }

    record Parsed(int qubits, List<Op> ops, int[] measure) {
    }

    /** The gateway's QASM subset: rz(θ) $q; sx $q; x $q; cz $a, $b; ecr $a, $b; c[i] = measure $q. */
    static Parsed parse(String qasm) {
        List<Op> ops = new ArrayList<>();
        Map<Integer, Integer> measure = new java.util.TreeMap<>();
        int max = 0;
        for (String line : qasm.split("\n")) {
            line = line.trim();
            if (line.isEmpty() || line.startsWith("OPENQASM") || line.startsWith("include") || line.startsWith("bit[")) {
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("c\\[(\\d+)] = measure \\$(\\d+);").matcher(line);
            if (m.matches()) {
                measure.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                max = Math.max(max, Integer.parseInt(m.group(2)));
                continue;
            }
            m = java.util.regex.Pattern.compile("(\\w+)(?:\\(([^)]*)\\))? \\$(\\d+)(?:, \\$(\\d+))?;").matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("fake IBM cannot parse: " + line);
            }
            GateKind kind = GateKind.parse(m.group(1));
            double[] params = m.group(2) == null ? new double[0] : new double[] {Double.parseDouble(m.group(2))};
            int a = Integer.parseInt(m.group(3));
            max = Math.max(max, a);
            if (m.group(4) != null) {
                int b = Integer.parseInt(m.group(4));
                max = Math.max(max, b);
                ops.add(new Op(kind, new int[] {a, b}, params));
            } else {
                ops.add(new Op(kind, new int[] {a}, params));
            }
        }
        return new Parsed(max + 1, ops, measure.values().stream().mapToInt(Integer::intValue).toArray());
    }

    private static void send(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
