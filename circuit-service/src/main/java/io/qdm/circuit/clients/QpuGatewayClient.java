package io.qdm.circuit.clients;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdm.circuit.config.CircuitConfig;
import io.qdm.circuit.generation.ReverseSteps;
import io.qdm.circuit.mapping.ModelInfoMapper;
import io.qdm.proto.common.v1.DType;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.qpu.v1.ExecutionMode;
import io.qdm.proto.qpu.v1.GetQpuJobRequest;
import io.qdm.proto.qpu.v1.QpuGatewayGrpc;
import io.qdm.proto.qpu.v1.QpuJob;
import io.qdm.proto.qpu.v1.SubmitQpuJobRequest;
import io.qdm.wire.Tensors;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * qpu-gateway over gRPC (client "qpu": {@code QDM_QPU_HOST} / {@code QDM_QPU_PORT}) as a backend of the reverse
 * steps: one step-by-step job per call, followed with WatchJob until it ends. Results are the exact states
 * (provider {@code statevector}) or estimated amplitude moduli with zero phase (shots, noisy, hardware: the
 * authors' decoding uses moduli only).
 */
@ApplicationScoped
public class QpuGatewayClient {

    static final int SUBMIT_RETRIES = 4;

    @GrpcClient("qpu")
    QpuGatewayGrpc.QpuGatewayBlockingStub qpu;

    @Inject
    CircuitConfig config;

    /** The reverse steps on a provider/device; {@code jobKey} makes retried submissions idempotent. */
    public ReverseSteps on(String provider, String device, String jobKey) {
        return (model, states, labels, t, steps, seed, first) -> {
            int dimension = model.spec().dataDimension();
            SubmitQpuJobRequest request = stepRequest(provider, device, jobKey + "-t" + t + "-s" + steps,
                    jobKey + "-t" + t, ModelInfoMapper.ref(model), states, dimension, labels, t, steps, seed, first, ByteString.EMPTY);
            QpuJob job = submit(request);
            Iterator<QpuJob> updates = qpu.withDeadlineAfter(config.peerTimeoutSeconds(), TimeUnit.SECONDS)
                    .watchJob(GetQpuJobRequest.newBuilder().setJobId(job.getJobId()).build());
            while (updates.hasNext()) {
                job = updates.next();
            }
            if (job.getState() != JobState.JOB_STATE_COMPLETED) {
                throw Status.UNAVAILABLE.withDescription("qpu-gateway job " + job.getJobId() + " ended "
                        + job.getState() + (job.hasError() ? ": " + job.getError().getMessage() : ""))
                        .asRuntimeException();
            }
            return resultRows(job, dimension);
        };
    }

    /**
     * Submits a job and returns it as accepted (the gateway answers at once; the work runs there). UNAVAILABLE (the
     * gateway restarting) is retried {@value #SUBMIT_RETRIES} times, 0.5 s doubling: 7.5 s in all, so a Kafka record
     * waiting on it stays far below SmallRye's 60 s limit. Safe because every caller sends an idempotency key.
     */
    public QpuJob submit(SubmitQpuJobRequest request) {
        long backoffMs = 500;
        for (int attempt = 0; ; attempt++) {
            try {
                return qpu.withDeadlineAfter(config.peerTimeoutSeconds(), TimeUnit.SECONDS).submitJob(request);
            } catch (StatusRuntimeException e) {
                if (attempt >= SUBMIT_RETRIES || e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw e;
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs *= 2;
            }
        }
    }

    /** Asks the gateway to cancel a job (a finished job stays as it is). */
    public QpuJob cancel(String jobId) {
        return qpu.withDeadlineAfter(config.peerTimeoutSeconds(), TimeUnit.SECONDS)
                .cancelJob(GetQpuJobRequest.newBuilder().setJobId(jobId).build());
    }

    /**
     * The job of {@code steps} reverse steps from x_t on rows of samples {@code first …}: the one request shape both
     * the gRPC Generate path and Kafka batches send, so the same sample makes the same draws on both.
     */
    public static SubmitQpuJobRequest stepRequest(String provider, String device, String idempotencyKey,
                                                  String requestId, ModelRef model, double[][] states, int dimension,
                                                  int[] labels, int t, int steps, long seed, long first,
                                                  ByteString clientContext) {
        SubmitQpuJobRequest.Builder request = SubmitQpuJobRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId(requestId).setIdempotencyKey(idempotencyKey))
                .setProvider(provider).setDevice(device)
                .setModel(model)
                .setStates(Tensors.complexRows(states, dimension))
                .setTimestep(t).setSteps(steps).setMode(ExecutionMode.EXECUTION_MODE_STEP_BY_STEP).setSeed(seed)
                .setFirstSampleIndex(first)
                .setClientContext(clientContext);
        for (int label : labels) {
            request.addLabels(label);
        }
        return request.build();
    }

    /**
     * A completed job's rows as interleaved (re, im): the exact states (provider {@code statevector}) or the
     * estimated moduli with zero phase.
     */
    public static double[][] resultRows(QpuJob job, int dimension) {
        if (job.getResultStates().getDtype() == DType.DTYPE_COMPLEX128) {
            return Tensors.decodeComplexRows(job.getResultStates(), "result_states", dimension);
        }
        double[] moduli = Tensors.decodeReal(job.getResultStates(), "result_states");
        if (moduli.length % dimension != 0) {
            throw new IllegalStateException("qpu-gateway job " + job.getJobId() + ": " + moduli.length
                    + " result moduli are not rows of " + dimension);
        }
        double[][] rows = new double[moduli.length / dimension][2 * dimension];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < dimension; k++) {
                rows[i][2 * k] = moduli[i * dimension + k];
            }
        }
        return rows;
    }
}
