package io.qdm.qpu.provider.ibm;

import com.fasterxml.jackson.databind.JsonNode;
import io.qdm.qpu.circuit.DenoiserCircuits;
import io.qdm.qpu.circuit.DenoiserCircuitsTest;
import io.qdm.qpu.circuit.DenoiserProgram;
import io.qdm.qpu.circuit.ProgramReadout;
import io.qdm.qpu.emulator.NoiseParameters;
import io.qdm.qpu.provider.CircuitResult;
import io.qdm.qpu.provider.ExecutionBatch;
import io.qdm.qpu.provider.ProviderException;
import io.qdm.qpu.transpile.BackendTarget;
import io.qdm.qpu.transpile.IsaCircuit;
import io.qdm.qpu.transpile.Transpiler;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.qdm.simulator.state.ComplexVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The IBM adapter against a loopback fake of IAM + Qiskit Runtime REST that runs the submitted circuits. */
class IbmQuantumProviderTest {

    private static final DenoiserSpec SPEC = new DenoiserSpec(3, 0, Architecture.REVERSE_BOTTLENECK,
            BlockAnsatz.STRONGLY_ENTANGLING, 1, 2, 1, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 2);
    private static final double[] PARAMS = DenoiserCircuitsTest.randomParameters(SPEC, 8);
    private static final ComplexVector X = DenoiserCircuitsTest.randomState(8, 12);

    private FakeIbmQuantum fake;
    private final List<IbmQuantumProvider> providers = new ArrayList<>();

    @BeforeEach
    void start() {
        fake = new FakeIbmQuantum();
    }

    @AfterEach
    void stop() {
        providers.forEach(IbmQuantumProvider::close);
        fake.close();
    }

    private IbmQuantumProvider provider(String key, int jobsPerMinute, int breakerThreshold) {
        IbmSettings s = new IbmSettings(fake.baseUrl(), fake.iamUrl(), FakeIbmQuantum.VERSION,
                Optional.of(FakeIbmQuantum.CRN), () -> Optional.of(key), List.of("ibm_fake"), Duration.ofMillis(20),
                jobsPerMinute, 3, Duration.ofMillis(5), breakerThreshold, Duration.ofSeconds(60),
                Duration.ofSeconds(300), Duration.ofSeconds(5), Duration.ofMinutes(15));
        IbmQuantumProvider p = new IbmQuantumProvider(s, System::currentTimeMillis);
        providers.add(p);
        return p;
    }

    private IbmQuantumProvider provider() {
        return provider(FakeIbmQuantum.API_KEY, 5, 3);
    }

    private record Prepared(DenoiserProgram program, IsaCircuit isa) {
    }

    private static Prepared prepare(BackendTarget target) {
        DenoiserProgram program = DenoiserCircuits.build(SPEC, PARAMS, X.re(), X.im(), 0, new int[] {1});
        return new Prepared(program, Transpiler.transpile(program.program(), target));
    }

    private static ExecutionBatch batch(IsaCircuit isa, int shots) {
        return new ExecutionBatch("qpu-test", 0, List.of(isa), shots, 1, NoiseParameters.NONE, 0, 0);
    }

    @Test
    void runsASamplerJobEndToEndAndTheDecodedSamplesEstimateTheExactOutput() throws Exception {
        IbmQuantumProvider ibm = provider();
        BackendTarget target = ibm.target("ibm_fake");
        assertThat(target.numQubits()).isEqualTo(6);
        assertThat(target.calibrationTime()).isEqualTo("2026-11-26T06:00:00Z");
        assertThat(target.couplingMap()).hasSize(10);
        assertThat(target.twoQubitGate()).isEqualTo("cz");
        Prepared p = prepare(target);
        List<String> vendorIds = new CopyOnWriteArrayList<>();
        List<CircuitResult> results = ibm.execute(batch(p.isa, 20000), vendorIds::add).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(vendorIds).containsExactly("fake-job-1");
        JsonNode body = fake.createdJobs.get(0);
        assertThat(body.path("program_id").asText()).isEqualTo("sampler");
        assertThat(body.path("backend").asText()).isEqualTo("ibm_fake");
        assertThat(body.path("params").path("pubs").get(0).get(0).asText()).isEqualTo(p.isa.toQasm3());
        assertThat(body.path("params").path("options").path("default_shots").asInt()).isEqualTo(20000);
        assertThat(body.path("tags").toString()).isEqualTo("[\"qdm\",\"qpu-test\",\"step-0\"]");
        assertThat(fake.iamExchanges.get()).as("one cached token for every call").isEqualTo(1);
        long[] samples = results.get(0).samples();
        assertThat(samples).hasSize(20000);
        ProgramReadout.Estimate est = ProgramReadout.fromSamples(samples, p.program, 0, AncillaMode.POSTSELECT_ZERO, null);
        ComplexVector exact;
        try (Denoiser d = new Denoiser(SPEC)) {
            exact = d.forward(PARAMS, List.of(X), new int[] {0}, new int[] {1}, null).outputs().get(0);
        }
        double overlap = 0;
        for (int j = 0; j < 8; j++) {
            overlap += est.moduli()[j] * Math.hypot(exact.re(j), exact.im(j));
        }
        assertThat(overlap * overlap).isGreaterThan(0.995);
    }

    @Test
    void hexSamplesAreLittleEndianRegisterBits() {
        // x $0; c[0] = measure $0 → "0x1"; bit i of the integer is c[i] = logical wire i
        JsonNode doc = read("{\"results\":[{\"data\":{\"c\":{\"samples\":[\"0x1\",\"0x2\",\"0x3\",\"0x0\"],\"num_bits\":2}},"
                + "\"metadata\":{}}],\"metadata\":{}}");
        assertThat(SamplerResults.decode("j", doc, 1, 2).get(0)).containsExactly(1L, 2L, 3L, 0L);
        assertThatThrownBy(() -> SamplerResults.decode("j", doc, 2, 2)).isInstanceOf(ProviderException.class)
                .hasMessage("ibm job j: malformed result: expected 2 PUB results, got 1");
        assertThatThrownBy(() -> SamplerResults.decode("j", read("{\"results\":[{\"data\":{\"c\":{\"samples\":[\"0x4\"],"
                + "\"num_bits\":2}}}]}"), 1, 2)).hasMessage("ibm job j: malformed result: results[0] sample 0 has more than 2 bits");
    }

    private static JsonNode read(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAnd429And5xxAreRetriedWithBackOff() throws Exception {
        IbmQuantumProvider ibm = provider();
        Prepared p = prepare(ibm.target("ibm_fake"));
        assertThat(fake.iamExchanges.get()).isEqualTo(1);
        fake.validTokens.clear();                          // the cached token expired on IBM's side
        fake.fault(429, "{\"errors\":[{\"message\":\"Too many requests\",\"code\":\"3429\"}]}", "0");
        fake.fault(503, "{\"errors\":[{\"message\":\"Service unavailable\"}]}", null);
        List<CircuitResult> r = ibm.execute(batch(p.isa, 100), id -> { }).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(r.get(0).samples()).hasSize(100);
        assertThat(fake.iamExchanges.get()).as("401 → exactly one new token").isEqualTo(2);
        assertThat(fake.createdJobs).hasSize(1);
        assertThat(ibm.client().breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aFailedJobFailsWithIbmsReasonAndAMalformedResultIsDataLoss() throws Exception {
        IbmQuantumProvider ibm = provider();
        Prepared p = prepare(ibm.target("ibm_fake"));
        fake.jobOutcome = "Failed";
        ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                () -> ibm.execute(batch(p.isa, 10), id -> { }).toCompletableFuture().get(30, TimeUnit.SECONDS));
        ProviderException e = (ProviderException) failed.getCause();
        assertThat(e.code()).isEqualTo("ABORTED");
        assertThat(e.getMessage()).isEqualTo("ibm job fake-job-1 failed: Circuits do not match the target definition "
                + "(non-ISA circuits) (code 1517)");
        fake.jobOutcome = "Malformed";
        ExecutionException malformed = catchThrowableOfType(ExecutionException.class,
                () -> ibm.execute(batch(p.isa, 10), id -> { }).toCompletableFuture().get(30, TimeUnit.SECONDS));
        ProviderException m = (ProviderException) malformed.getCause();
        assertThat(m.code()).isEqualTo("DATA_LOSS");
        assertThat(m.getMessage()).isEqualTo("ibm job fake-job-2: malformed result: results[0] sample 1 is not a hex string: \"zz\"");
    }

    @Test
    void theCircuitBreakerOpensAfterRepeatedFailuresAndThenFailsWithoutCallingIbm() {
        IbmQuantumProvider ibm = provider(FakeIbmQuantum.API_KEY, 5, 2);
        for (int i = 0; i < 6; i++) {
            fake.fault(503, "{}", null);
        }
        for (int call = 0; call < 2; call++) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> ibm.client().backendTarget("ibm_fake"));
            assertThat(e.code()).isEqualTo("UNAVAILABLE");
            assertThat(e.getMessage()).isEqualTo("ibm: GET /backends/ibm_fake/configuration failed after 3 attempts: HTTP 503");
        }
        assertThat(fake.apiRequests.get()).isEqualTo(6);
        assertThat(ibm.client().breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        ProviderException open = catchThrowableOfType(ProviderException.class, () -> ibm.client().backendTarget("ibm_fake"));
        assertThat(open.getMessage()).isEqualTo("ibm: circuit breaker open after repeated failures; GET "
                + "/backends/ibm_fake/configuration not attempted");
        assertThat(fake.apiRequests.get()).as("no request while open").isEqualTo(6);
        // ListBackends still answers: the device is listed offline
        assertThat(ibm.backends()).singleElement().satisfies(b -> assertThat(b.online()).isFalse());
    }

    @Test
    void circuitBreakerHalfOpensAfterItsOpenTimeAndClosesOnSuccess() {
        AtomicLong now = new AtomicLong(1_000);
        CircuitBreaker b = new CircuitBreaker(2, 60_000, now::get);
        b.recordFailure();
        assertThat(b.allowRequest()).isTrue();
        b.recordFailure();
        assertThat(b.allowRequest()).isFalse();
        now.addAndGet(60_000);
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(b.allowRequest()).isTrue();
        assertThat(b.allowRequest()).as("one trial at a time").isFalse();
        b.recordSuccess();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void jobCreationIsLimitedPerSlidingMinute() throws Exception {
        AtomicLong now = new AtomicLong(0);
        JobCreationLimiter limiter = new JobCreationLimiter(5, now::get);
        for (int i = 0; i < 5; i++) {
            now.addAndGet(1000);
            assertThat(limiter.tryAcquire()).isZero();
        }
        assertThat(limiter.tryAcquire()).isEqualTo(56_000);   // first creation at 1 s frees at 61 s; now is 5 s
        now.set(61_000);
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isEqualTo(1000);
        // through the provider: with 2 per minute the third batch waits (no third POST /jobs, not completed)
        IbmQuantumProvider ibm = provider(FakeIbmQuantum.API_KEY, 2, 3);
        Prepared p = prepare(ibm.target("ibm_fake"));
        List<CompletableFuture<List<CircuitResult>>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(ibm.execute(batch(p.isa, 10), id -> { }).toCompletableFuture());
        }
        futures.get(0).get(30, TimeUnit.SECONDS);
        futures.get(1).get(30, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertThat(fake.createdJobs).hasSize(2);
        assertThat(futures.get(2)).isNotDone();
    }

    @Test
    void cancellingAQueuedJobCancelsItAtIbm() throws Exception {
        IbmQuantumProvider ibm = provider();
        Prepared p = prepare(ibm.target("ibm_fake"));
        fake.jobOutcome = "Queued";
        CompletableFuture<String> vendor = new CompletableFuture<>();
        CompletableFuture<List<CircuitResult>> f = ibm.execute(batch(p.isa, 10), vendor::complete).toCompletableFuture();
        String id = vendor.get(30, TimeUnit.SECONDS);
        Thread.sleep(100);
        assertThat(f).isNotDone();
        ibm.cancel(id);
        ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        assertThat(((ProviderException) e.getCause()).code()).isEqualTo("CANCELLED");
        assertThat(fake.cancelled).containsExactly(id);
    }

    @Test
    void theApiKeyNeverAppearsInLogsOrErrorMessages() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder s = new StringBuilder(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object o : r.getParameters()) {
                        s.append(' ').append(o);
                    }
                }
                if (r.getThrown() != null) {
                    java.io.StringWriter w = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(w));
                    s.append(' ').append(w);
                }
                logged.add(s.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        List<String> errors = new ArrayList<>();
        String wrongKey = "wrong-SECRET-key-0d1e2f3a4b";
        try {
            IbmQuantumProvider ibm = provider();
            Prepared p = prepare(ibm.target("ibm_fake"));
            fake.fault(503, "{\"errors\":[{\"message\":\"upstream said apikey=" + FakeIbmQuantum.API_KEY + "\"}]}", "0");
            ibm.execute(batch(p.isa, 10), id -> { }).toCompletableFuture().get(30, TimeUnit.SECONDS);
            fake.fault(400, "{\"errors\":[{\"message\":\"bad request for key " + FakeIbmQuantum.API_KEY + "\",\"code\":\"1400\"}]}", null);
            errors.add(catchThrowableOfType(ProviderException.class, () -> ibm.client().jobStatus("fake-job-1")).getMessage());
            IbmQuantumProvider wrong = provider(wrongKey, 5, 3);
            errors.add(catchThrowableOfType(ProviderException.class, () -> wrong.target("ibm_fake")).getMessage());
        } finally {
            root.removeHandler(capture);
        }
        assertThat(errors).containsExactly(
                "ibm: GET /jobs/fake-job-1 answered HTTP 400: bad request for key **** (code 1400)",
                "ibm: IAM token exchange answered HTTP 400");
        assertThat(logged).anyMatch(l -> l.contains("submitted as fake-job-1"));
        assertThat(logged).anyMatch(l -> l.contains("upstream said apikey=****"));
        assertThat(logged).noneMatch(l -> l.contains(FakeIbmQuantum.API_KEY));
        assertThat(logged).noneMatch(l -> l.contains(wrongKey));
    }
}
