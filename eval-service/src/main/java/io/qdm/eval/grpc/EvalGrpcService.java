package io.qdm.eval.grpc;

import io.grpc.Status;
import io.qdm.eval.mapping.ImageTensors;
import io.qdm.eval.mapping.ReportMapper;
import io.qdm.eval.service.EvaluationService;
import io.qdm.eval.service.RunBook;
import io.qdm.eval.service.UnknownRunException;
import io.qdm.eval.stats.RunStatistics;
import io.qdm.proto.eval.v1.AddSamplesRequest;
import io.qdm.proto.eval.v1.AddSamplesResponse;
import io.qdm.proto.eval.v1.EvalService;
import io.qdm.proto.eval.v1.EvaluateRequest;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.proto.eval.v1.GetReportRequest;
import io.qdm.proto.eval.v1.ListExtractorsRequest;
import io.qdm.proto.eval.v1.ListExtractorsResponse;
import io.qdm.wire.GrpcStatuses;
import io.qdm.wire.Tensors;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.util.LinkedHashSet;

/** gRPC transport of qdm.eval.v1.EvalService: maps requests in, delegates to the service layer, maps replies out. */
@GrpcService
public class EvalGrpcService implements EvalService {

    @Inject
    EvaluationService evaluation;

    @Inject
    RunBook runs;

    /** Blocking: feature extraction runs native inference. */
    @Override
    @Blocking
    public Uni<AddSamplesResponse> addSamples(AddSamplesRequest request) {
        return Uni.createFrom().item(() -> {
            double[] images = ImageTensors.decode28(request.getImages());
            int[] labels = request.hasLabels() ? Tensors.decodeInt32(request.getLabels(), "labels") : new int[0];
            evaluation.add(request.getRunId(), images, labels, -1, -1);
            return AddSamplesResponse.newBuilder().setRunId(request.getRunId())
                    .setSamples(runs.run(request.getRunId()).snapshot().samples()).build();
        }).onFailure().transform(EvalGrpcService::status);
    }

    /** Blocking: the first evaluation against a reference extracts its features (seconds). */
    @Override
    @Blocking
    public Uni<EvaluationReport> evaluate(EvaluateRequest request) {
        return Uni.createFrom().item(() -> {
            var report = evaluation.evaluate(request.getRunId(), request.getReference(),
                    request.getExtractor().getName(), request.getExtractor().getVersion(),
                    new LinkedHashSet<>(request.getMetricsList()));
            return ReportMapper.toReport(report, runs.run(request.getRunId()).snapshot());
        }).onFailure().transform(EvalGrpcService::status);
    }

    /** The last evaluation of the run, or its statistics when it has not been evaluated yet. */
    @Override
    public Uni<EvaluationReport> getReport(GetReportRequest request) {
        return Uni.createFrom().item(() -> {
            RunStatistics run = runs.find(request.getRunId())
                    .orElseThrow(() -> new UnknownRunException(request.getRunId(), runs.runIds()));
            return runs.report(request.getRunId())
                    .map(r -> ReportMapper.toReport(r, run.snapshot()))
                    .orElseGet(() -> ReportMapper.toReport(run.snapshot(), System.currentTimeMillis()));
        }).onFailure().transform(EvalGrpcService::status);
    }

    @Override
    public Uni<ListExtractorsResponse> listExtractors(ListExtractorsRequest request) {
        return Uni.createFrom().item(() -> {
            ListExtractorsResponse.Builder b = ListExtractorsResponse.newBuilder();
            evaluation.extractors().all().forEach(e -> b.addExtractors(ReportMapper.toInfo(e)));
            return b.build();
        }).onFailure().transform(EvalGrpcService::status);
    }

    private static Throwable status(Throwable failure) {
        if (failure instanceof UnknownRunException unknown) {
            return Status.NOT_FOUND.withDescription(unknown.getMessage()).asRuntimeException();
        }
        return GrpcStatuses.toStatus(failure);
    }
}
