package io.qdm.latent.model;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutoencoderNetworkTest {

    @Test
    void parameterCountsMatchTheAuthorsEncoderAndTheSubPixelDecoder() {
        Engine.getInstance().setRandomSeed(1);
        try (AutoencoderModel m = AutoencoderModel.create(AutoencoderConfig.defaults())) {
            var children = m.djlModel().getBlock().getChildren();
            // Encoder: paper notes §5 hand count 665,992 (same layers as the authors).
            assertThat(AutoencoderModel.countParameters(children.get(AutoencoderNetwork.ENCODER).getValue(), true))
                    .isEqualTo(665_992L);
            // Decoder: authors 668,161 with ConvTranspose2d; each 3x3 transposed kernel (9 taps) becomes 4 phases of
            // 2x2 taps (16) plus 4 biases per output channel: +229,760 +57,536 +451.
            assertThat(AutoencoderModel.countParameters(children.get(AutoencoderNetwork.DECODER).getValue(), true))
                    .isEqualTo(955_908L);
        }
    }
}
