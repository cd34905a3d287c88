package io.qdm.circuit;

import io.qdm.circuit.registry.ModelFile;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Two seeded, randomly initialised models written as registry files into a fresh directory, which the application
 * under test loads (config {@code qdm.circuit.models-dir}): the paper's conditioned latent circuit (1110 parameters)
 * and a small unconditioned post-selection model. Random parameters are fine here: these tests check transport and
 * determinism, not sample quality.
 */
public class TestModels implements QuarkusTestResourceLifecycleManager {

    public static final String CONDITIONED = "conditioned-latent-test";
    public static final String UNCONDITIONED = "latent-small-test";
    private static final long SEED = 20261126L;

    public static RegisteredModel conditioned() {
        return model(CONDITIONED, "1", "conditioned-latent", DenoiserSpec.conditionedLatent(), 10);
    }

    public static RegisteredModel unconditioned() {
        DenoiserSpec spec = new DenoiserSpec(3, 0, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
                2, 2, 2, AncillaMode.POSTSELECT_ZERO, ParameterSharing.PER_TIMESTEP, 4);
        return model(UNCONDITIONED, "3", "latent", spec, 0);
    }

    private static RegisteredModel model(String name, String version, String kind, DenoiserSpec spec, int classes) {
        SplittableRandom rng = new SplittableRandom(SEED + name.hashCode());
        double[] params = new double[spec.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = 2 * Math.PI * rng.nextDouble();
        }
        return new RegisteredModel(name, version, kind, spec, params, classes,
                Map.of("kind", "linear", "beta_start", 0.004, "beta_end", 0.4, "form", "authors_code"),
                "", 28, Map.of("final_loss", 0.5), Map.of("seed", Long.toString(SEED)), 1_700_000_000_000L, "");
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("qdm-models-");
            ModelFile.write(conditioned(), dir.resolve(CONDITIONED + "-1.json"));
            ModelFile.write(unconditioned(), dir.resolve(UNCONDITIONED + "-3.json"));
            return Map.of("qdm.circuit.models-dir", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }

    /** {@code rows} random unit-norm complex vectors of dimension {@code dim}, interleaved, seeded. */
    public static double[][] randomStates(int rows, int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[rows][2 * dim];
        for (double[] row : out) {
            double n2 = 0;
            for (int k = 0; k < row.length; k++) {
                row[k] = rng.nextGaussian();
                n2 += row[k] * row[k];
            }
            double n = Math.sqrt(n2);
            for (int k = 0; k < row.length; k++) {
                row[k] /= n;
            }
        }
        return out;
    }

}
