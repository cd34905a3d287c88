package io.qdm.eval.grpc;

import io.grpc.Status;
import io.qdm.proto.eval.v1.AddSamplesRequest;
import io.qdm.proto.eval.v1.AddSamplesResponse;
import io.qdm.proto.eval.v1.EvalService;
import io.qdm.proto.eval.v1.EvaluateRequest;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.proto.eval.v1.GetReportRequest;
import io.qdm.proto.eval.v1.ListExtractorsRequest;
import io.qdm.proto.eval.v1.ListExtractorsResponse;
import io.qdm.eval.mapping.ImageTensors;
import io.qdm.eval.mapping.ReportMapper;
import io.qdm.eval.service.RunBook;
import io.qdm.eval.stats.RunStatistics;
import io.qdm.wire.Tensors;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import io.smallrye.mutiny.Uni;

/** gRPC transport of qdm.eval.v1.EvalService: maps requests in, delegates to the service layer, maps replies out. */
@GrpcService
public class EvalGrpcService implements EvalService {

    @Inject
    RunBook runs;

    @Override
    public Uni<AddSamplesResponse> addSamples(AddSamplesRequest request) {
        return Uni.createFrom().item(() -> {
            double[] images = ImageTensors.decode28(request.getImages());
            int[] labels = request.hasLabels() ? Tensors.decodeInt32(request.getLabels(), "labels") : new int[0];
            RunStatistics run = runs.run(request.getRunId());
            run.add(images, labels, -1, -1);
            return AddSamplesResponse.newBuilder().setRunId(request.getRunId()).setSamples(run.snapshot().samples()).build();
        }).onFailure(IllegalArgumentException.class).transform(EvalGrpcService::invalid);
    }

    @Override
    public Uni<EvaluationReport> evaluate(EvaluateRequest request) {
        return Uni.createFrom().failure(notYet("Evaluate"));
    }

    @Override
    public Uni<EvaluationReport> getReport(GetReportRequest request) {
        return Uni.createFrom().item(() -> runs.find(request.getRunId())
                .map(run -> ReportMapper.toReport(run.snapshot(), System.currentTimeMillis()))
                .orElseThrow(() -> Status.NOT_FOUND.withDescription("run_id: unknown run '" + request.getRunId()
                        + "'; known runs: " + (runs.runIds().isEmpty() ? "none" : String.join(", ", runs.runIds())))
                        .asRuntimeException()));
    }

    private static RuntimeException invalid(Throwable e) {
        return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }

    @Override
    public Uni<ListExtractorsResponse> listExtractors(ListExtractorsRequest request) {
        return Uni.createFrom().failure(notYet("ListExtractors"));
    }

    private static RuntimeException notYet(String method) {
        return Status.UNIMPLEMENTED
                .withDescription("qdm.eval.v1.EvalService/" + method + " is not implemented yet (issue #6)")
                .asRuntimeException();
    }
}
