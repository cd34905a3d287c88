package io.qdm.latent.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HuberLossTest {

    @Test
    void matchesTorchHuberLossOnBothBranches() {
        try (NDManager m = NDManager.newBaseManager()) {
            var target = m.create(new float[] {0f, 0f, 0f, 1f});
            var pred = m.create(new float[] {0.5f, -2f, 3f, 1f});
            // torch.nn.HuberLoss(delta=1)(pred, target) = mean(0.125, 1.5, 2.5, 0) = 1.03125
            float l = new HuberLoss(1f).evaluate(new NDList(target), new NDList(pred)).getFloat();
            assertThat(l).isCloseTo(1.03125f, within(1e-7f));
            // delta = 2: 0.125, 2, 2*(3-1)=4, 0 -> 1.53125
            float l2 = new HuberLoss(2f).evaluate(new NDList(target), new NDList(pred)).getFloat();
            assertThat(l2).isCloseTo(1.53125f, within(1e-7f));
        }
    }
}
