package io.qdm.qpu.service;

import io.qdm.qpu.circuit.DenoiserCircuits;
import io.qdm.qpu.circuit.DenoiserProgram;
import io.qdm.qpu.circuit.ProgramReadout;
import io.qdm.qpu.emulator.NoiseParameters;
import io.qdm.qpu.model.DenoiserModel;
import io.qdm.qpu.provider.CircuitResult;
import io.qdm.qpu.provider.ExecutionBatch;
import io.qdm.qpu.provider.ProviderException;
import io.qdm.qpu.provider.QpuProvider;
import io.qdm.qpu.transpile.BackendTarget;
import io.qdm.qpu.transpile.IsaCircuit;
import io.qdm.qpu.transpile.Transpiler;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserEvaluation;
import io.qdm.simulator.state.ComplexVector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Runs one job to its end without ever blocking a caller: each step is a chain of asynchronous stages (build and
 * transpile on the job executor, execute on the provider, read out, next step).
 *
 * <p>Step-by-step (notes §8): step s prepares its input (step 0: the request's complex x_t; later steps: the moduli
 * estimated by step s−1, phases lost), runs the denoiser for timestep index t−1−s, and estimates the output moduli
 * as √(counts/kept). Whole-chain: one program per row with all steps, fresh ancillas, deferred post-selection.
 * The {@code statevector} provider returns the exact chain of the simulator library's {@code Denoiser} (complex,
 * phases kept between steps, identical to circuit-service's Denoise); its circuits are still built, transpiled and
 * run exactly to report the exact post-selection probability.
 *
 * <p>Reported: post-selection success rate = kept / total over every executed circuit (shots; probability mass for
 * the exact provider); effective shots = Σ over rows of the shots kept by the row's last circuit.
 */
final class JobExecution {

    private final JobStore store;
    private final QpuProvider provider;
    private final DenoiserModel model;
    private final SubmitCommand command;
    private final String jobId;
    private final Executor executor;
    private final int[] timestepIndices;
    private final int[] labels;
    private volatile boolean cancelled;
    private volatile CompletableFuture<List<CircuitResult>> inFlight;
    private double keptWeight;
    private double totalWeight;

    JobExecution(JobStore store, QpuProvider provider, DenoiserModel model, SubmitCommand command, String jobId,
                 Executor executor) {
        this.store = store;
        this.provider = provider;
        this.model = model;
        this.command = command;
        this.jobId = jobId;
        this.executor = executor;
        int steps = Math.max(1, command.steps());
        this.timestepIndices = new int[steps];
        for (int s = 0; s < steps; s++) {
            timestepIndices[s] = command.timestep() - 1 - s;
        }
        this.labels = command.labels().length == 0 ? new int[command.states().length] : command.labels();
    }

    /** Starts the job; the returned stage completes when the job reached a terminal state. */
    CompletableFuture<Void> start() {
        return CompletableFuture.supplyAsync(this::prepare, executor)
                .thenCompose(this::runSteps)
                .handle((ok, failure) -> {
                    if (failure != null) {
                        fail(failure);
                    }
                    return null;
                });
    }

    void cancel() {
        cancelled = true;
        CompletableFuture<List<CircuitResult>> f = inFlight;
        if (f != null) {
            f.cancel(false);
        }
        for (String vendorId : store.require(jobId).vendorJobIds) {
            provider.cancel(vendorId);
        }
    }

    private record Plan(BackendTarget target, List<ComplexVector> exactChain) {
    }

    private Plan prepare() {
        store.update(jobId, j -> j.state = JobState.RUNNING);
        BackendTarget target = provider.target(command.device());
        store.update(jobId, j -> j.calibrationTime = target.calibrationTime());
        List<ComplexVector> exact = null;
        if (!provider.sampling()) {
            exact = exactChain();
        }
        return new Plan(target, exact);
    }

    /** The exact chain through the simulator library, with circuit-service's ancilla uniforms. */
    private List<ComplexVector> exactChain() {
        int rows = command.states().length;
        List<ComplexVector> current = inputs();
        try (Denoiser denoiser = new Denoiser(model.spec())) {
            for (int t : timestepIndices) {
                int[] ts = new int[rows];
                double[] u = new double[rows];
                for (int i = 0; i < rows; i++) {
                    ts[i] = t;
                    u[i] = AncillaUniforms.uniform(command.seed(), command.firstSampleIndex() + i, t);
                }
                DenoiserEvaluation e = denoiser.forward(model.parameters(), current, labels, ts, u);
                current = e.outputs();
            }
        }
        return current;
    }

    private List<ComplexVector> inputs() {
        List<ComplexVector> out = new ArrayList<>();
        for (double[] row : command.states()) {
            int dim = row.length / 2;
            double[] re = new double[dim];
            double[] im = new double[dim];
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                re[j] = row[2 * j];
                im[j] = row[2 * j + 1];
                norm += re[j] * re[j] + im[j] * im[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < dim; j++) {
                re[j] /= norm;
                im[j] /= norm;
            }
            out.add(new ComplexVector(re, im));
        }
        return out;
    }

    private CompletionStage<Void> runSteps(Plan plan) {
        List<ComplexVector> in = inputs();
        if (command.mode() == ExecutionMode.WHOLE_CHAIN) {
            return runStage(plan, 0, timestepIndices, in).thenAccept(out -> complete(plan, out));
        }
        CompletionStage<List<ComplexVector>> chain = CompletableFuture.completedFuture(in);
        for (int s = 0; s < timestepIndices.length; s++) {
            final int step = s;
            chain = chain.thenCompose(current -> runStage(plan, step, new int[] {timestepIndices[step]}, current));
        }
        return chain.thenAccept(out -> complete(plan, out));
    }

    /** Builds, transpiles, persists and executes one circuit per row; completes with each row's estimated moduli. */
    private CompletionStage<List<ComplexVector>> runStage(Plan plan, int step, int[] ts, List<ComplexVector> inputs) {
        return CompletableFuture.supplyAsync(() -> {
            checkNotCancelled();
            List<DenoiserProgram> programs = new ArrayList<>();
            List<IsaCircuit> circuits = new ArrayList<>();
            List<JobRecord.CircuitFile> files = new ArrayList<>();
            for (int row = 0; row < inputs.size(); row++) {
                ComplexVector x = inputs.get(row);
                DenoiserProgram program = DenoiserCircuits.build(model.spec(), model.parameters(), x.re(), x.im(),
                        labels[row], ts);
                IsaCircuit isa = Transpiler.transpile(program.program(), plan.target());
                programs.add(program);
                circuits.add(isa);
                String file = store.writeCircuit(jobId, step, row, isa.toQasm3());
                files.add(new JobRecord.CircuitFile(step, row, file, isa.initialLayout(), isa.finalLayout(), isa.swaps()));
            }
            store.update(jobId, j -> {
                if (j.isaQasm.isEmpty()) {
                    j.isaQasm = circuits.get(0).toQasm3();
                    j.layout = circuits.get(0).initialLayout();
                }
                j.circuits.addAll(files);
            });
            return new Stage(programs, circuits);
        }, executor).thenCompose(stage -> {
            checkNotCancelled();
            ExecutionBatch batch = new ExecutionBatch(jobId, step, stage.circuits, command.shots(), command.seed(),
                    command.noise() == null ? NoiseParameters.NONE : command.noise(), ts[0],
                    command.firstSampleIndex());
            CompletableFuture<List<CircuitResult>> f = provider.execute(batch,
                    vendorId -> store.update(jobId, j -> j.vendorJobIds.add(vendorId))).toCompletableFuture();
            inFlight = f;
            return f.thenApplyAsync(results -> readOut(step, ts, stage, results, inputs), executor);
        });
    }

    private record Stage(List<DenoiserProgram> programs, List<IsaCircuit> circuits) {
    }

    private List<ComplexVector> readOut(int step, int[] ts, Stage stage, List<CircuitResult> results,
                                        List<ComplexVector> inputs) {
        checkNotCancelled();
        if (results.size() != stage.programs.size()) {
            throw new ProviderException("DATA_LOSS", "provider " + provider.id() + " returned " + results.size()
                    + " results for " + stage.programs.size() + " circuits");
        }
        List<ComplexVector> out = new ArrayList<>();
        long effective = 0;
        for (int row = 0; row < results.size(); row++) {
            double[] u = new double[ts.length];
            for (int s = 0; s < ts.length; s++) {
                u[s] = AncillaUniforms.uniform(command.seed(), command.firstSampleIndex() + row, ts[s]);
            }
            CircuitResult r = results.get(row);
            DenoiserProgram program = stage.programs.get(row);
            ProgramReadout.Estimate e = r.samples() != null
                    ? ProgramReadout.fromSamples(r.samples(), program, labels[row], model.spec().ancillaMode(), u)
                    : ProgramReadout.fromProbabilities(r.probabilities(), program, labels[row], model.spec().ancillaMode(), u);
            if (r.samples() != null && e.kept() == 0) {
                throw new ProviderException("FAILED_PRECONDITION", "step " + step + ", row " + row
                        + ": no shot survived post-selection (" + r.samples().length + " shots); raise shots");
            }
            keptWeight += e.kept();
            totalWeight += e.total();
            effective += (long) e.kept();
            out.add(new ComplexVector(e.moduli(), new double[e.moduli().length]));
        }
        final long eff = effective;
        final double rate = totalWeight > 0 ? keptWeight / totalWeight : 0;
        store.update(jobId, j -> {
            j.postselectionSuccessRate = rate;
            j.effectiveShots = provider.sampling() ? eff : 0;
        });
        return out;
    }

    private void complete(Plan plan, List<ComplexVector> estimated) {
        checkNotCancelled();
        boolean exact = plan.exactChain() != null;
        List<ComplexVector> rows = exact ? plan.exactChain() : estimated;
        double[][] result = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            ComplexVector v = rows.get(i);
            if (exact) {
                result[i] = new double[2 * v.length()];
                for (int j = 0; j < v.length(); j++) {
                    result[i][2 * j] = v.re(j);
                    result[i][2 * j + 1] = v.im(j);
                }
            } else {
                result[i] = v.re().clone();
            }
        }
        store.update(jobId, j -> {
            j.result = result;
            j.complexResult = exact;
            j.state = JobState.COMPLETED;
        });
    }

    private void checkNotCancelled() {
        if (cancelled) {
            throw new java.util.concurrent.CancellationException("job " + jobId + " was cancelled");
        }
    }

    private void fail(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.util.concurrent.CancellationException || cancelled) {
            return;   // CancelJob already recorded CANCELLED
        }
        final Throwable c = cause;
        store.update(jobId, j -> {
            j.state = JobState.FAILED;
            if (c instanceof ProviderException p) {
                j.errorCode = p.code();
                j.errorMessage = p.getMessage();
            } else if (c instanceof IllegalArgumentException bad) {
                j.errorCode = "INVALID_ARGUMENT";
                j.errorMessage = bad.getMessage();
                j.errorField = io.qdm.wire.GrpcStatuses.fieldOf(bad.getMessage());
            } else {
                j.errorCode = "INTERNAL";
                j.errorMessage = "internal error: " + c.getClass().getSimpleName();
                org.jboss.logging.Logger.getLogger(JobExecution.class).errorf(c, "job %s failed", jobId);
            }
        });
    }
}
