package io.qdm.circuit.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.qdm.circuit.TestModels;
import io.qdm.circuit.mapping.TrainRequestMapper;
import io.qdm.circuit.registry.ModelRegistry;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.circuit.training.TrainingRunner;
import io.qdm.proto.circuit.v1.AncillaMode;
import io.qdm.proto.circuit.v1.AnsatzSpec;
import io.qdm.proto.circuit.v1.CircuitServiceGrpc;
import io.qdm.proto.circuit.v1.TrainProgress;
import io.qdm.proto.circuit.v1.TrainRequest;
import io.qdm.proto.circuit.v1.TrainingConfig;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.noise.v1.DatasetSpec;
import io.qdm.proto.noise.v1.NoiseSchedule;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
@QuarkusTestResource(TestModels.class)
class TrainGrpcTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    ModelRegistry registry;

    @Inject
    TrainingRunner runner;

    /** A small unconditioned post-selection model: 2 data qubits, SEL [1, 2, 1], T = 2. */
    private static TrainRequest request(String name, int epochs, int datasetSize) {
        return TrainRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("train-" + name))
                .setModelName(name)
                .setAnsatz(AnsatzSpec.newBuilder().setDataQubits(2).setLabelQubits(0)
                        .addLayers(1).addLayers(2).addLayers(1).setAncillaMode(AncillaMode.ANCILLA_MODE_POSTSELECT))
                .setSchedule(NoiseSchedule.newBuilder().setTimesteps(2))
                .setDataset(DatasetSpec.newBuilder().setLimit(datasetSize))
                .setConfig(TrainingConfig.newBuilder().setEpochs(epochs).setBatchSize(4).setLearningRate(0.05).setSeed(5))
                .build();
    }

    @Test
    void trainingStreamsProgressAndPublishesTheSameParametersAsADirectRun(@TempDir Path dir) {
        ManagedChannel channel = ServiceProbe.channel(root.getPort());
        List<TrainProgress> messages = new ArrayList<>();
        try {
            CircuitServiceGrpc.newBlockingStub(channel).train(request("tiny-trained", 3, 8)).forEachRemaining(messages::add);
        } finally {
            channel.shutdownNow();
        }
        TrainProgress last = messages.get(messages.size() - 1);
        assertThat(last.hasPublished()).isTrue();
        assertThat(last.getPublished().getModel().getName()).isEqualTo("tiny-trained");
        assertThat(last.getPublished().getModel().getVersion()).isEqualTo("1");
        assertThat(last.getStepsTotal()).isEqualTo(3 * 2 * 2); // epochs x batches x timesteps
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.getRequestId()).isEqualTo("train-tiny-trained");
            assertThat(m.getEpochs()).isEqualTo(3);
            assertThat(m.getLoss()).isBetween(0.0, 1.0);
        });

        RegisteredModel published = registry.require("tiny-trained", "1");
        RegisteredModel direct = new TrainingRunner(new ModelRegistry(), dir, 1, Long.MAX_VALUE, plan -> start -> {
                    throw new AssertionError("a synthetic plan never opens a pair stream");
                })
                .run(TrainRequestMapper.toPlan(request("tiny-trained", 3, 8)), p -> { }, () -> false);
        assertThat(published.parameters()).containsExactly(direct.parameters());
        assertThat(published.metrics().get("final_loss")).isEqualTo(direct.metrics().get("final_loss"));
    }

    @Test
    void cancellingTheCallStopsTrainingAndPublishesNothing() throws InterruptedException {
        ManagedChannel channel = ServiceProbe.channel(root.getPort());
        CountDownLatch firstMessage = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try {
            CircuitServiceGrpc.newStub(channel).train(request("never-finishes", 10_000, 4096),
                    new ClientResponseObserver<TrainRequest, TrainProgress>() {
                        private ClientCallStreamObserver<TrainRequest> call;

                        @Override
                        public void beforeStart(ClientCallStreamObserver<TrainRequest> requestStream) {
                            call = requestStream;
                        }

                        @Override
                        public void onNext(TrainProgress value) {
                            firstMessage.countDown();
                            call.cancel("client cancels", null);
                        }

                        @Override
                        public void onError(Throwable t) {
                            closed.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            closed.countDown();
                        }
                    });
            assertThat(firstMessage.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (runner.activeRuns() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(runner.activeRuns()).isZero();
            assertThat(registry.find("never-finishes", "")).isEmpty();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void badTrainingRequestsAnswerInvalidArgument() {
        ManagedChannel channel = ServiceProbe.channel(root.getPort());
        try {
            CircuitServiceGrpc.CircuitServiceBlockingStub stub = CircuitServiceGrpc.newBlockingStub(channel);
            assertThatThrownBy(() -> stub.train(request("Bad Name", 1, 8)).next())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo("model_name: must be lower-case letters, digits and '-', got 'Bad Name'");
                    });
            TrainRequest mnist = request("x", 1, 8).toBuilder().setDataset(DatasetSpec.newBuilder().setName("mnist")).build();
            assertThatThrownBy(() -> stub.train(mnist).next())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                            assertThat(e.getStatus().getDescription()).isEqualTo("dataset: 'mnist' samples have 784"
                                    + " amplitudes, the circuit's 2 data qubits hold 4 (pixel datasets: resolution 8 for"
                                    + " 6 data qubits, 16 for 8)"));
            TrainRequest unknown = request("x", 1, 8).toBuilder().setDataset(DatasetSpec.newBuilder().setName("cifar"))
                    .build();
            assertThatThrownBy(() -> stub.train(unknown).next())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                            .isEqualTo("dataset.name: unknown dataset 'cifar' (expected latent, mnist, fashion-mnist or"
                                    + " synthetic-latent)"));
            TrainRequest odd = request("x", 1, 8).toBuilder().setAnsatz(AnsatzSpec.newBuilder().setDataQubits(2)
                    .setBlock(io.qdm.proto.circuit.v1.BlockKind.BLOCK_KIND_IDENTITY_R3)
                    .addLayers(1).addLayers(2).addLayers(2)).build();
            assertThatThrownBy(() -> stub.train(odd).next())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).startsWith("ansatz: identity_r3 blocks need even layer counts");
                    });
        } finally {
            channel.shutdownNow();
        }
    }
}
