package io.qdm.noise.preprocess;

import static io.qdm.noise.Tolerances.F64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qdm.noise.ReferenceJson;
import io.qdm.noise.noise.Amplitudes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Against torch.nn.functional.interpolate(mode='bilinear', align_corners=False), float64 (resize.json). */
class BilinearResizeTest {
    @SuppressWarnings("unchecked")
    private static final Map<String, Object> REF = ReferenceJson.load("resize.json");

    @Test
    @SuppressWarnings("unchecked")
    void mnistSizedImagesMatchTorchAt16And8() {
        List<Map<String, Object>> images = (List<Map<String, Object>>) REF.get("images");
        assertThat(images).hasSize(3);
        int compared = 0;
        for (Map<String, Object> img : images) {
            double[] px = ReferenceJson.doubles(img.get("pixels"));
            double[] scaled = new double[784];
            for (int k = 0; k < 784; k++) {
                scaled[k] = px[k] / 255.0;
            }
            for (int side : new int[] {16, 8}) {
                double[] expected = ReferenceJson.doubles(img.get("resize" + side));
                double[] got = BilinearResize.resize(scaled, 28, 28, side, side);
                assertThat(got).hasSize(side * side);
                for (int k = 0; k < got.length; k++) {
                    assertThat(got[k]).as("%s %dx%d [%d]", img.get("name"), side, side, k)
                            .isCloseTo(expected[k], within(F64));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(3 * (256 + 64));
    }

    @Test
    @SuppressWarnings("unchecked")
    void generalShapesIncludingUpsamplingMatchTorch() {
        List<Map<String, Object>> cases = (List<Map<String, Object>>) REF.get("generic");
        assertThat(cases).hasSize(5);
        for (Map<String, Object> c : cases) {
            int ih = ReferenceJson.integer(c.get("in_h")), iw = ReferenceJson.integer(c.get("in_w"));
            int oh = ReferenceJson.integer(c.get("out_h")), ow = ReferenceJson.integer(c.get("out_w"));
            double[] got = BilinearResize.resize(ReferenceJson.doubles(c.get("input")), ih, iw, oh, ow);
            double[] expected = ReferenceJson.doubles(c.get("output"));
            assertThat(got).hasSize(expected.length);
            for (int k = 0; k < got.length; k++) {
                assertThat(got[k]).as("%dx%d->%dx%d [%d]", ih, iw, oh, ow, k).isCloseTo(expected[k], within(F64));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void fullPixelPipelineMatchesTheFollowUpLoaderAndTrainer() {
        List<Map<String, Object>> images = (List<Map<String, Object>>) REF.get("images");
        byte[] pixels = new byte[images.size() * 784];
        byte[] labels = new byte[images.size()];
        for (int i = 0; i < images.size(); i++) {
            double[] px = ReferenceJson.doubles(images.get(i).get("pixels"));
            for (int k = 0; k < 784; k++) {
                pixels[i * 784 + k] = (byte) px[k];
            }
            labels[i] = (byte) (i + 1);
        }
        for (int side : new int[] {16, 8}) {
            EncodedDataset d = ImageEncoding.encode("ref", pixels, labels, images.size(), 28, 28, side, Set.of());
            assertThat(d.dimension()).isEqualTo(side * side);
            assertThat(d.name()).isEqualTo("ref/" + side + "x" + side);
            for (int i = 0; i < images.size(); i++) {
                double[] expected = ReferenceJson.doubles(images.get(i).get("pipeline" + side));
                double[] row = d.row(i);
                for (int k = 0; k < row.length; k++) {
                    assertThat(row[k]).isCloseTo(expected[k], within(F64));
                }
                assertThat(Amplitudes.norm(row)).isCloseTo(1, within(F64));
                assertThat(d.label(i)).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void digitSubsetKeepsOnlyRequestedLabelsInOrder() {
        byte[] pixels = new byte[5 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i + 1);
        }
        byte[] labels = {0, 1, 2, 1, 0};
        EncodedDataset d = ImageEncoding.encode("tiny", pixels, labels, 5, 2, 2, 2, Set.of(0, 1));
        assertThat(d.labels()).containsExactly(0, 1, 1, 0);
        double n = Math.sqrt(13 * 13 + 14 * 14 + 15 * 15 + 16 * 16);
        assertThat(d.row(2)).containsExactly(new double[] {13 / n, 14 / n, 15 / n, 16 / n}, within(F64));
        assertThatThrownBy(() -> ImageEncoding.encode("tiny", pixels, labels, 5, 2, 2, 2, Set.of(7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("labels: no image of tiny has a label in [7]");
        assertThatThrownBy(() -> ImageEncoding.encode("tiny", pixels, labels, 5, 2, 2, 2, Set.of(12)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("labels: 12 is not a class label (expected 0..9)");
        assertThatThrownBy(() -> ImageEncoding.encode("tiny", pixels, labels, 5, 2, 2, 3, Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("resolution: 3 must be in [1, 2]");
    }

    @Test
    void badSizesNameTheField() {
        assertThatThrownBy(() -> BilinearResize.resize(new double[10], 28, 28, 16, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("image: 10 pixels, expected 28x28");
        assertThatThrownBy(() -> BilinearResize.resize(new double[4], 2, 2, 0, 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("resolution:");
    }
}
