package io.qdm.latent.model;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutoencoderNetworkTest {

    @Test
    void parameterCountsMatchTheAuthorsEncoderAndDecoder() {
        Engine.getInstance().setRandomSeed(1);
        try (AutoencoderModel m = AutoencoderModel.create(AutoencoderConfig.defaults())) {
            var children = m.djlModel().getBlock().getChildren();
            // Encoder: paper notes §5 hand count 665,992 (same layers as the authors).
            assertThat(AutoencoderModel.countParameters(children.get(AutoencoderNetwork.ENCODER).getValue(), true))
                    .isEqualTo(665_992L);
            // Decoder: paper notes §5 hand count 668,161 (the authors' three ConvTranspose2d(k=3, s=2) exactly).
            assertThat(AutoencoderModel.countParameters(children.get(AutoencoderNetwork.DECODER).getValue(), true))
                    .isEqualTo(668_161L);
            assertThat(m.trainableParameterCount()).isEqualTo(665_992L + 668_161L);
        }
    }
}
