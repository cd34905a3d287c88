package io.qdm.simulator.train;

import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.DenoiserBlock;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resumable training checkpoint and its JSON file format (readable with Python's {@code json.load}).
 *
 * <pre>
 * {
 *   "format": "qdm-denoiser-checkpoint", "format_version": 1, "code_version": "qdm-simulator 0.1.0-SNAPSHOT",
 *   "model": {"architecture": "reverse_bottleneck"|"bottleneck", "block": "sel"|"identity_r3",
 *             "data_qubits": 3, "label_qubits": 4, "layers": [15, 20, 15],
 *             "ancilla_mode": "measure"|"postselect", "sharing": "shared"|"per_timestep", "timesteps": 8,
 *             "parameter_count": 1110},
 *   "parameters": [ {"S1": {"shape": [L, wires, 3], "values": [...]}, "X": {...}, "S2": {...}}, ... ],
 *                   // one entry per parameter set (1 when shared, T otherwise); values row-major, i.e.
 *                   // numpy.array(values).reshape(shape) is the authors' S1params / Xparams / S2params tensor
 *   "schedule": {"timesteps": 8, "beta0": 0.004, "betaT": 0.4} | null,
 *   "training": {"lr": 5e-4, "step_size": 20, "gamma": 0.7, "weight_decay": 0.0,
 *                "pattern": "ONE_STEP_PER_TIMESTEP", "seed": "42", "data_seed": "7"},   // seeds as decimal strings
 *   "position": {"epoch": 1, "batch": 0, "timestep": 0},   // the next step to take
 *   "adam": {"step": 256, "m": [...], "v": [...]},          // flat, in the parameter-vector layout
 *   "last_loss": 0.61
 * }
 * </pre>
 * Doubles are written with {@link Double#toString}, which round-trips exactly, so a reloaded run is bit-identical.
 */
public record Checkpoint(DenoiserSpec spec, TrainingConfig config, double[] parameters, double[] adamFirstMoment,
    double[] adamSecondMoment, long adamStep, int epoch, int batch, int timestep, long dataSeed,
    NoiseSchedule schedule, double lastLoss) {

  public static final String FORMAT = "qdm-denoiser-checkpoint";
  public static final int FORMAT_VERSION = 1;
  public static final String CODE_VERSION = "qdm-simulator 0.1.0-SNAPSHOT";

  /** Writes the JSON file atomically (temp file + move). */
  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a file written by {@link #write}. */
  public static Checkpoint read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The JSON text. */
  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("code_version", CODE_VERSION);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("architecture", spec.architecture().id());
    model.put("block", spec.block().id());
    model.put("data_qubits", spec.dataQubits());
    model.put("label_qubits", spec.labelQubits());
    model.put("layers", new int[] {spec.s1Layers(), spec.middleLayers(), spec.s2Layers()});
    model.put("ancilla_mode", spec.ancillaMode().id());
    model.put("sharing", spec.sharing() == ParameterSharing.SHARED ? "shared" : "per_timestep");
    model.put("timesteps", spec.timesteps());
    model.put("parameter_count", spec.parameterCount());
    root.put("model", model);
    List<Object> sets = new ArrayList<>();
    for (int s = 0; s < spec.parameterSets(); s++) {
      Map<String, Object> set = new LinkedHashMap<>();
      for (DenoiserBlock b : DenoiserBlock.values()) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("shape", new int[] {spec.layers(b), spec.wires(b), 3});
        int off = s * spec.parametersPerSet() + spec.blockOffsetInSet(b);
        double[] values = new double[spec.blockParameterCount(b)];
        System.arraycopy(parameters, off, values, 0, values.length);
        block.put("values", values);
        set.put(b.name(), block);
      }
      sets.add(set);
    }
    root.put("parameters", sets);
    if (schedule == null) {
      root.put("schedule", null);
    } else {
      Map<String, Object> sch = new LinkedHashMap<>();
      sch.put("timesteps", schedule.timesteps());
      sch.put("beta0", schedule.beta0());
      sch.put("betaT", schedule.betaT());
      root.put("schedule", sch);
    }
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("lr", config.learningRate().initialLr());
    training.put("step_size", config.learningRate().stepSize());
    training.put("gamma", config.learningRate().gamma());
    training.put("weight_decay", config.weightDecay());
    training.put("pattern", config.pattern().name());
    training.put("seed", Long.toString(config.seed()));
    training.put("data_seed", Long.toString(dataSeed));
    root.put("training", training);
    Map<String, Object> position = new LinkedHashMap<>();
    position.put("epoch", epoch);
    position.put("batch", batch);
    position.put("timestep", timestep);
    root.put("position", position);
    Map<String, Object> adam = new LinkedHashMap<>();
    adam.put("step", adamStep);
    adam.put("m", adamFirstMoment);
    adam.put("v", adamSecondMoment);
    root.put("adam", adam);
    root.put("last_loss", Double.isFinite(lastLoss) ? lastLoss : null);
    return JsonText.write(root);
  }

  /** Parses {@link #toJson()} output; rejects other formats and versions with a message. */
  @SuppressWarnings("unchecked")
  public static Checkpoint fromJson(String json) {
    Map<String, Object> root = (Map<String, Object>) JsonText.parse(json);
    if (!FORMAT.equals(root.get("format"))) {
      throw new IllegalArgumentException("not a " + FORMAT + " file (format = " + root.get("format") + ")");
    }
    int version = ((Number) root.get("format_version")).intValue();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported checkpoint format_version " + version + "; this code reads " + FORMAT_VERSION);
    }
    Map<String, Object> model = (Map<String, Object>) root.get("model");
    int[] layers = JsonText.ints(model.get("layers"));
    DenoiserSpec spec = new DenoiserSpec(num(model, "data_qubits"), num(model, "label_qubits"),
        Architecture.fromId((String) model.get("architecture")), BlockAnsatz.fromId((String) model.get("block")),
        layers[0], layers[1], layers[2], AncillaMode.fromId((String) model.get("ancilla_mode")),
        "shared".equals(model.get("sharing")) ? ParameterSharing.SHARED : ParameterSharing.PER_TIMESTEP,
        num(model, "timesteps"));
    double[] params = new double[spec.parameterCount()];
    List<Object> sets = (List<Object>) root.get("parameters");
    if (sets.size() != spec.parameterSets()) {
      throw new IllegalArgumentException("expected " + spec.parameterSets() + " parameter sets, found " + sets.size());
    }
    for (int s = 0; s < sets.size(); s++) {
      Map<String, Object> set = (Map<String, Object>) sets.get(s);
      for (DenoiserBlock b : DenoiserBlock.values()) {
        double[] values = JsonText.doubles(((Map<String, Object>) set.get(b.name())).get("values"));
        if (values.length != spec.blockParameterCount(b)) {
          throw new IllegalArgumentException("set " + s + " block " + b + ": expected " + spec.blockParameterCount(b) + " values");
        }
        System.arraycopy(values, 0, params, s * spec.parametersPerSet() + spec.blockOffsetInSet(b), values.length);
      }
    }
    Map<String, Object> sch = (Map<String, Object>) root.get("schedule");
    NoiseSchedule schedule = sch == null ? null : new NoiseSchedule(num(sch, "timesteps"),
        ((Number) sch.get("beta0")).doubleValue(), ((Number) sch.get("betaT")).doubleValue());
    Map<String, Object> tr = (Map<String, Object>) root.get("training");
    TrainingConfig config = new TrainingConfig(new StepLrSchedule(((Number) tr.get("lr")).doubleValue(),
        num(tr, "step_size"), ((Number) tr.get("gamma")).doubleValue()), ((Number) tr.get("weight_decay")).doubleValue(),
        UpdatePattern.valueOf((String) tr.get("pattern")), Long.parseLong((String) tr.get("seed")));
    Map<String, Object> pos = (Map<String, Object>) root.get("position");
    Map<String, Object> adam = (Map<String, Object>) root.get("adam");
    Object last = root.get("last_loss");
    return new Checkpoint(spec, config, params, JsonText.doubles(adam.get("m")), JsonText.doubles(adam.get("v")),
        ((Number) adam.get("step")).longValue(), num(pos, "epoch"), num(pos, "batch"), num(pos, "timestep"),
        Long.parseLong((String) tr.get("data_seed")), schedule, last == null ? Double.NaN : ((Number) last).doubleValue());
  }

  private static int num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("checkpoint field '" + key + "' missing or not a number");
    }
    return n.intValue();
  }
}
