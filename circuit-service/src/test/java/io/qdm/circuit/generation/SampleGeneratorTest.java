package io.qdm.circuit.generation;

import io.qdm.circuit.TestModels;
import io.qdm.circuit.registry.RegisteredModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.qdm.circuit.TestModels.randomStates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stops are checked before every downstream call, not only between steps: nothing is sent after a stop. */
class SampleGeneratorTest {

    static RegisteredModel withDecoder(RegisteredModel m) {
        return new RegisteredModel(m.name(), m.version(), m.kind(), m.spec(), m.parameters(), m.classes(), m.schedule(),
                "ae:1", m.imageSize(), m.metrics(), m.provenance(), m.createdAtMs(), m.sha256());
    }

    /** A control that stops once the generator has made {@code calls} downstream calls of the kind counted. */
    static GenerationControl stopAfter(List<String> log, String kind, int calls) {
        return new GenerationControl() {
            @Override
            public void stepCompleted(int step, int totalSteps) {
                log.add("step " + step);
            }

            @Override
            public String stopReason() {
                return log.stream().filter(e -> e.startsWith(kind)).count() >= calls ? "deadline exceeded" : null;
            }
        };
    }

    @Test
    void aStopDuringDecodingSendsNoFurtherDecodeCall() {
        RegisteredModel model = withDecoder(TestModels.unconditioned());
        List<String> log = new ArrayList<>();
        InitialStates noise = (count, dim, seed, first) -> {
            log.add("noise " + first);
            return randomStates(count, dim, seed + first);
        };
        ImageDecoder decoder = (ae, states) -> {
            log.add("decode " + states.length);
            return new DecodedImages(states.length, 1, 1, new float[states.length]);
        };
        SampleGenerator generator = new SampleGenerator(null, noise, decoder);
        GenerationPlan plan = new GenerationPlan("job", "req", model.name(), model.version(), 8, 1000, new int[0], 1000,
                1, 7);
        ReverseSteps identity = (m, states, labels, t, steps, seed, first) -> states;
        assertThatThrownBy(() -> generator.generate(plan, model, true, stopAfter(log, "decode", 2), identity))
                .isInstanceOf(GenerationStoppedException.class)
                .hasMessage("deadline exceeded (before decoding samples 512..767)");
        // 1000 samples: four x_T calls of <= 256 rows, every reverse step, then two decode calls and the stop
        assertThat(log).containsExactly("noise 0", "noise 256", "noise 512", "noise 768", "step 1", "step 2", "step 3",
                "step 4", "decode 256", "decode 256");

        log.clear();
        assertThatThrownBy(() -> generator.generate(plan, model, true, stopAfter(log, "noise", 1), identity))
                .hasMessage("deadline exceeded (before drawing x_T of samples 256..511)");
        assertThat(log).containsExactly("noise 0");
    }
}
