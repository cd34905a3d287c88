package io.qdm.cli.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.eval.v1.EvalServiceGrpc;
import io.qdm.proto.eval.v1.EvaluateRequest;
import io.qdm.proto.eval.v1.EvaluationReport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks eval-service for the report of a run it accumulates from {@code qdm.generation.results} (run id = job id),
 * once it has seen every sample: the first evaluation of a fresh eval-service also computes its reference features
 * and baselines, hence the long per-call deadline.
 */
public final class RunEvaluation {

    private RunEvaluation() {
    }

    public static EvaluationReport await(String evalAddress, String runId, int expectedSamples, Duration timeout)
            throws InterruptedException {
        try (ServiceChannels ch = ServiceChannels.open(evalAddress)) {
            var stub = EvalServiceGrpc.newBlockingStub(ch.channel());
            long deadline = System.nanoTime() + timeout.toNanos();
            long seen = 0;
            while (System.nanoTime() < deadline) {
                try {
                    EvaluationReport report = stub.withDeadlineAfter(300, TimeUnit.SECONDS).evaluate(
                            EvaluateRequest.newBuilder()
                                    .setMeta(RequestMeta.newBuilder().setRequestId("eval-" + runId))
                                    .setRunId(runId).setReference("mnist-test").build());
                    seen = report.getProvenance().getSampleCount();
                    if (seen >= expectedSamples) {
                        return report;
                    }
                } catch (StatusRuntimeException e) {
                    // NOT_FOUND: eval-service has not consumed the run's first batch yet; INVALID_ARGUMENT: too few
                    // samples for a covariance so far
                    if (e.getStatus().getCode() != Status.Code.NOT_FOUND
                            && e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
                        throw e;
                    }
                }
                Thread.sleep(2000);
            }
            throw new IllegalStateException("eval-service saw " + seen + " of " + expectedSamples + " samples of run "
                    + runId + " within " + timeout.toSeconds() + " s");
        }
    }
}
