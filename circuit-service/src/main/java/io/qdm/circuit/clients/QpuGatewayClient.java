package io.qdm.circuit.clients;

import io.grpc.Status;
import io.qdm.circuit.config.CircuitConfig;
import io.qdm.circuit.generation.ReverseSteps;
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

    @GrpcClient("qpu")
    QpuGatewayGrpc.QpuGatewayBlockingStub qpu;

    @Inject
    CircuitConfig config;

    /** The reverse steps on a provider/device; {@code jobKey} makes retried submissions idempotent. */
    public ReverseSteps on(String provider, String device, String jobKey) {
        return (model, states, labels, t, steps, seed, first) -> {
            int dimension = model.spec().dataDimension();
            SubmitQpuJobRequest.Builder request = SubmitQpuJobRequest.newBuilder()
                    .setMeta(RequestMeta.newBuilder().setRequestId(jobKey + "-t" + t)
                            .setIdempotencyKey(jobKey + "-t" + t + "-s" + steps))
                    .setProvider(provider).setDevice(device)
                    .setModel(ModelRef.newBuilder().setName(model.name()).setVersion(model.version()))
                    .setStates(Tensors.complexRows(states, dimension))
                    .setTimestep(t).setSteps(steps).setMode(ExecutionMode.EXECUTION_MODE_STEP_BY_STEP).setSeed(seed);
            for (int label : labels) {
                request.addLabels(label);
            }
            QpuJob job = qpu.withDeadlineAfter(config.peerTimeoutSeconds(), TimeUnit.SECONDS).submitJob(request.build());
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
            if (job.getResultStates().getDtype() == DType.DTYPE_COMPLEX128) {
                return Tensors.decodeComplexRows(job.getResultStates(), "result_states", dimension);
            }
            double[] moduli = Tensors.decodeReal(job.getResultStates(), "result_states");
            double[][] rows = new double[states.length][2 * dimension];
            for (int i = 0; i < states.length; i++) {
                for (int k = 0; k < dimension; k++) {
                    rows[i][2 * k] = moduli[i * dimension + k];
                }
            }
            return rows;
        };
    }
}
