package io.qdm.qpu.provider.ibm;

import io.grpc.ManagedChannel;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.qpu.v1.Backend;
import io.qdm.proto.qpu.v1.GetQpuJobRequest;
import io.qdm.proto.qpu.v1.ListBackendsRequest;
import io.qdm.proto.qpu.v1.QpuGatewayGrpc;
import io.qdm.proto.qpu.v1.QpuJob;
import io.qdm.proto.qpu.v1.SubmitQpuJobRequest;
import io.qdm.qpu.TestModels;
import io.qdm.qpu.circuit.DenoiserCircuitsTest;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.qdm.simulator.state.ComplexVector;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceProbe;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job on provider "ibm" through the whole gateway (gRPC → job → IBM REST fake → result), with the API key mounted
 * as a Secret file; logs and /q/metrics are scanned for the key.
 */
@QuarkusTest
@TestProfile(IbmJobThroughGatewayTest.Profile.class)
@QuarkusTestResource(RealKafkaBroker.class)
@QuarkusTestResource(value = FakeIbmResource.class, restrictToAnnotatedClass = true)
class IbmJobThroughGatewayTest {

    /** A separate profile: this class gets its own application start with the fake IBM configuration. */
    public static class Profile implements QuarkusTestProfile {
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void aStepByStepJobOnIbmRunsAsTwoSamplerJobsAndRecordsVendorIdsCalibrationAndLayout() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                        + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(capture);
        DenoiserSpec spec = new DenoiserSpec(2, 1, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
                1, 1, 1, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 2);
        TestModels.write(Path.of("target/test-models"), "ibm-test", "1", spec, DenoiserCircuitsTest.randomParameters(spec, 2));
        ManagedChannel channel = ServiceProbe.channel(root.getPort());
        try {
            var stub = QpuGatewayGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
            List<Backend> backends = stub.listBackends(ListBackendsRequest.getDefaultInstance()).getBackendsList();
            Backend ibm = backends.stream().filter(b -> b.getProvider().equals("ibm")).findFirst().orElseThrow();
            assertThat(ibm.getDevice()).isEqualTo("ibm_fake");
            assertThat(ibm.getOnline()).isTrue();
            assertThat(ibm.getNumQubits()).isEqualTo(6);
            assertThat(ibm.getCalibrationTime()).isEqualTo("2026-11-26T06:00:00Z");
            assertThat(ibm.getCouplingMapCount()).isEqualTo(20);
            ComplexVector x = DenoiserCircuitsTest.randomState(4, 3);
            double[][] rows = {{x.re(0), x.im(0), x.re(1), x.im(1), x.re(2), x.im(2), x.re(3), x.im(3)}};
            QpuJob accepted = stub.submitJob(SubmitQpuJobRequest.newBuilder()
                    .setMeta(RequestMeta.newBuilder().setRequestId("ibm-1"))
                    .setProvider("ibm").setModel(ModelRef.newBuilder().setName("ibm-test"))
                    .setStates(Tensors.complexRows(rows, 4)).addLabels(1)
                    .setTimestep(2).setSteps(2).setShots(3000).setSeed(5).build());
            assertThat(accepted.getState()).isEqualTo(JobState.JOB_STATE_ACCEPTED);
            assertThat(accepted.getDevice()).isEqualTo("ibm_fake");
            List<QpuJob> states = new ArrayList<>();
            stub.watchJob(GetQpuJobRequest.newBuilder().setJobId(accepted.getJobId()).build()).forEachRemaining(states::add);
            QpuJob done = states.get(states.size() - 1);
            assertThat(done.getState()).as(done.getError().getMessage()).isEqualTo(JobState.JOB_STATE_COMPLETED);
            assertThat(done.getVendorJobId()).isEqualTo("fake-job-1,fake-job-2");
            assertThat(done.getCalibrationTime()).isEqualTo("2026-11-26T06:00:00Z");
            assertThat(done.getLayoutCount()).isEqualTo(4);
            assertThat(done.getIsaQasm()).contains("bit[4] c;").contains("cz $");
            assertThat(done.getShots()).isEqualTo(3000);
            assertThat(done.getEffectiveShots()).isPositive().isLessThanOrEqualTo(3000);
            assertThat(Tensors.decodeReal(done.getResultStates(), "result_states")).hasSize(4);
            // the submitted PUB is the persisted ISA circuit of step 0
            assertThat(FakeIbmResource.fake.createdJobs.get(0).path("params").path("pubs").get(0).get(0).asText())
                    .isEqualTo(done.getIsaQasm());
            String jobFile = Files.readString(Path.of("target/test-jobs").resolve(done.getJobId() + ".json"));
            assertThat(jobFile).contains("\"vendor_job_ids\" : [ \"fake-job-1\", \"fake-job-2\" ]")
                    .contains("\"calibration_time\" : \"2026-11-26T06:00:00Z\"");
            String metrics = ServiceProbe.httpGet("http://127.0.0.1:" + root.getPort() + "/q/metrics").body();
            assertThat(metrics).contains("jvm_").doesNotContain(FakeIbmQuantum.API_KEY);
            assertThat(jobFile).doesNotContain(FakeIbmQuantum.API_KEY);
        } finally {
            channel.shutdownNow();
            java.util.logging.Logger.getLogger("").removeHandler(capture);
        }
        assertThat(logged).anyMatch(l -> l.contains("fake-job-1"));
        assertThat(logged).noneMatch(l -> l.contains(FakeIbmQuantum.API_KEY));
    }

    @Test
    void submitReturnsWhileTheIbmJobIsQueuedAndCancelJobCancelsItAtIbm() {
        DenoiserSpec spec = new DenoiserSpec(2, 0, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
                1, 1, 1, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 2);
        TestModels.write(Path.of("target/test-models"), "ibm-queued", "1", spec, DenoiserCircuitsTest.randomParameters(spec, 6));
        FakeIbmResource.fake.jobOutcome = "Queued";
        ManagedChannel channel = ServiceProbe.channel(root.getPort());
        try {
            var stub = QpuGatewayGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
            double[][] rows = {{1, 0, 0, 0, 0, 0, 0, 0}};
            QpuJob accepted = stub.submitJob(SubmitQpuJobRequest.newBuilder()
                    .setMeta(RequestMeta.newBuilder().setRequestId("ibm-q"))
                    .setProvider("ibm").setModel(ModelRef.newBuilder().setName("ibm-queued"))
                    .setStates(Tensors.complexRows(rows, 4)).setTimestep(1).setShots(100).build());
            assertThat(accepted.getState()).isEqualTo(JobState.JOB_STATE_ACCEPTED);
            GetQpuJobRequest get = GetQpuJobRequest.newBuilder().setJobId(accepted.getJobId()).build();
            long deadline = System.currentTimeMillis() + 30_000;
            QpuJob running = stub.getJob(get);
            while (running.getVendorJobId().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
                running = stub.getJob(get);
            }
            assertThat(running.getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
            String vendorId = running.getVendorJobId();
            assertThat(vendorId).startsWith("fake-job-");
            QpuJob cancelled = stub.cancelJob(get);
            assertThat(cancelled.getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
            assertThat(cancelled.getError().getCode()).isEqualTo("CANCELLED");
            long until = System.currentTimeMillis() + 10_000;
            while (!FakeIbmResource.fake.cancelled.contains(vendorId) && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            assertThat(FakeIbmResource.fake.cancelled).contains(vendorId);
            // terminal states never change
            assertThat(stub.getJob(get).getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            FakeIbmResource.fake.jobOutcome = "Completed";
            channel.shutdownNow();
        }
    }
}
