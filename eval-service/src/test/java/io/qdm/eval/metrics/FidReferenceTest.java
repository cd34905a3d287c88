package io.qdm.eval.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The numpy/scipy cross-check: {@code bench/peers/fid_reference.py} wrote {@code fid-reference.json} from the same
 * seeded feature sets this test regenerates bit for bit (its 64-bit LCG + Box-Muller); FID, moments, KID and
 * precision/recall must agree to 1e-6 relative.
 */
class FidReferenceTest {

    static final double RELATIVE = 1e-6;

    /** fid_reference.py's generator, exactly. */
    static final class Lcg {
        long state;

        Lcg(long seed) {
            state = seed;
        }

        double uniform() {
            state = state * 6364136223846793005L + 1442695040888963407L;
            return (state >>> 11) * 0x1.0p-53;
        }

        double gaussian() {
            double u1 = uniform();
            double u2 = uniform();
            return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
        }
    }

    /** n×d row-major: G·L·scale + shift, G then L drawn row-major (as the script). */
    static double[] featureSet(JsonObject spec) {
        long seed = spec.get("seed").getAsLong();
        int n = spec.get("n").getAsInt();
        int d = spec.get("d").getAsInt();
        double scale = spec.get("scale").getAsDouble();
        double shift = spec.get("shift").getAsDouble();
        Lcg rng = new Lcg(seed);
        double[] g = new double[n * d];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.gaussian();
        }
        double[] mix = new double[d * d];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = rng.gaussian();
        }
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += g[i * d + k] * mix[k * d + j];
                }
                x[i * d + j] = s * scale + shift;
            }
        }
        return x;
    }

    static List<JsonObject> cases() {
        JsonObject root;
        try (InputStreamReader r = new InputStreamReader(FidReferenceTest.class.getResourceAsStream(
                "/fid-reference.json"), StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r).getAsJsonObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("cases")) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    static MomentAccumulator moments(double[] x, int d) {
        MomentAccumulator m = new MomentAccumulator(d);
        m.add(x, x.length / d);
        return m;
    }

    static void assertRelative(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(RELATIVE * Math.max(1.0, Math.abs(expected))));
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    @Test
    void fidMomentsKidAndPrecisionRecallAgreeWithNumpyScipy() {
        int fidCases = 0;
        int kidCases = 0;
        int prCases = 0;
        for (JsonObject c : cases()) {
            String name = c.get("name").getAsString();
            JsonObject a = c.getAsJsonObject("a");
            JsonObject b = c.getAsJsonObject("b");
            int d = a.get("d").getAsInt();
            double[] x = featureSet(a);
            double[] y = featureSet(b);
            if (c.has("fid_eigh")) {
                MomentAccumulator ma = moments(x, d);
                MomentAccumulator mb = moments(y, d);
                JsonArray mean4 = c.getAsJsonArray("mean_a_first4");
                for (int j = 0; j < 4; j++) {
                    assertRelative(ma.mean()[j], mean4.get(j).getAsDouble(), name + " mean[" + j + "]");
                }
                double[] cov = ma.covariance();
                double trace = 0;
                for (int j = 0; j < d; j++) {
                    trace += cov[j * d + j];
                }
                assertRelative(trace, c.get("cov_a_trace").getAsDouble(), name + " trace");
                JsonArray entries = c.getAsJsonArray("cov_a_00_01_11");
                assertRelative(cov[0], entries.get(0).getAsDouble(), name + " cov[0][0]");
                assertRelative(cov[1], entries.get(1).getAsDouble(), name + " cov[0][1]");
                assertRelative(cov[d + 1], entries.get(2).getAsDouble(), name + " cov[1][1]");
                double fid = SampleMetrics.fid(ma, mb, 0).fid();
                assertRelative(fid, c.get("fid_eigh").getAsDouble(), name + " fid vs eigh");
                if (c.has("fid_sqrtm")) {
                    assertRelative(fid, c.get("fid_sqrtm").getAsDouble(), name + " fid vs sqrtm");
                }
                assertThat(SampleMetrics.fid(ma, ma, 0).fid()).as(name + " self").isCloseTo(0.0,
                        within(1e-7 * trace)); // sqrt of round-off-level eigenvalues: ~1e-8 of the trace when N < d
                fidCases++;
            }
            if (c.has("kid_all_rows")) {
                int n = a.get("n").getAsInt();
                double kid = KernelInceptionDistance.unbiasedMmd2(x, y, n, d);
                assertRelative(kid, c.get("kid_all_rows").getAsDouble(), name + " kid");
                kidCases++;
            }
            if (c.has("precision_a_real_b_generated")) {
                int na = a.get("n").getAsInt();
                int nb = b.get("n").getAsInt();
                // float features as the service stores them: the sets are well separated from any radius boundary
                PrecisionRecall.Result pr = PrecisionRecall.compute(toFloat(x), na, toFloat(y), nb, d, 3, 100_000, 0);
                assertThat(pr.precision()).as(name + " precision")
                        .isEqualTo(c.get("precision_a_real_b_generated").getAsDouble());
                assertThat(pr.recall()).as(name + " recall")
                        .isEqualTo(c.get("recall_a_real_b_generated").getAsDouble());
                prCases++;
            }
        }
        assertThat(fidCases).isEqualTo(4);
        assertThat(kidCases).isEqualTo(1);
        assertThat(prCases).isEqualTo(3);
    }
}
