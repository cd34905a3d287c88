package io.qdm.qpu.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdm.proto.qpu.v1.GetQpuJobRequest;
import io.qdm.proto.qpu.v1.ListBackendsRequest;
import io.qdm.proto.qpu.v1.ListBackendsResponse;
import io.qdm.proto.qpu.v1.QpuGateway;
import io.qdm.proto.qpu.v1.QpuJob;
import io.qdm.proto.qpu.v1.SubmitQpuJobRequest;
import io.qdm.qpu.mapping.QpuMapper;
import io.qdm.qpu.provider.ProviderException;
import io.qdm.qpu.service.IdempotencyConflictException;
import io.qdm.qpu.service.QpuJobService;
import io.qdm.qpu.service.UnknownJobException;
import io.qdm.qpu.service.UnknownModelException;
import io.qdm.wire.GrpcStatuses;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.util.concurrent.Callable;

/**
 * gRPC transport of qdm.qpu.v1.QpuGateway: maps requests in, delegates to the service layer, maps replies out.
 * Every call returns at once (SubmitJob returns the ACCEPTED job); WatchJob streams the job's current state and every
 * change, and completes after a terminal state. {@code @Blocking}: the calls touch files (job and model directories).
 */
@GrpcService
public class QpuGatewayGrpcService implements QpuGateway {

    @Inject
    QpuJobService jobs;

    @Override
    @Blocking
    public Uni<ListBackendsResponse> listBackends(ListBackendsRequest request) {
        return call(() -> ListBackendsResponse.newBuilder()
                .addAllBackends(jobs.backends().stream().map(QpuMapper::toProto).toList()).build());
    }

    @Override
    @Blocking
    public Uni<QpuJob> submitJob(SubmitQpuJobRequest request) {
        return call(() -> QpuMapper.toProto(jobs.submit(QpuMapper.toCommand(request))));
    }

    @Override
    @Blocking
    public Uni<QpuJob> getJob(GetQpuJobRequest request) {
        return call(() -> QpuMapper.toProto(jobs.get(request.getJobId())));
    }

    @Override
    public Multi<QpuJob> watchJob(GetQpuJobRequest request) {
        return Multi.createFrom().<QpuJob>emitter(emitter -> {
            try {
                Runnable unsubscribe = jobs.watch(request.getJobId(), job -> {
                    emitter.emit(QpuMapper.toProto(job));
                    if (job.state.terminal()) {
                        emitter.complete();
                    }
                });
                emitter.onTermination(unsubscribe);
            } catch (RuntimeException e) {
                emitter.fail(toStatus(e));
            }
        });
    }

    @Override
    @Blocking
    public Uni<QpuJob> cancelJob(GetQpuJobRequest request) {
        return call(() -> QpuMapper.toProto(jobs.cancel(request.getJobId())));
    }

    private static <T> Uni<T> call(Callable<T> body) {
        try {
            return Uni.createFrom().item(body.call());
        } catch (Exception e) {
            return Uni.createFrom().failure(toStatus(e));
        }
    }

    static StatusRuntimeException toStatus(Throwable e) {
        if (e instanceof UnknownJobException || e instanceof UnknownModelException) {
            return Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof IdempotencyConflictException) {
            return Status.ALREADY_EXISTS.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof ProviderException p) {
            return Status.fromCode(Status.Code.valueOf(p.code())).withDescription(p.getMessage()).asRuntimeException();
        }
        return GrpcStatuses.toStatus(e);
    }
}
