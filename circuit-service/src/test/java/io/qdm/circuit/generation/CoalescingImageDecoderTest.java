package io.qdm.circuit.generation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoalescingImageDecoderTest {

    /** A fake decoder: image i of a call is [row's first amplitude, number of rows in the call]; records calls. */
    static final class RecordingDecoder implements ImageDecoder {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch firstCallEntered = new CountDownLatch(1);
        final CountDownLatch releaseFirstCall;
        volatile String failOn;

        RecordingDecoder(boolean holdFirstCall) {
            releaseFirstCall = new CountDownLatch(holdFirstCall ? 1 : 0);
        }

        @Override
        public DecodedImages decode(String autoencoder, double[][] states) {
            calls.add(autoencoder + ":" + states.length);
            if (calls.size() == 1) {
                firstCallEntered.countDown();
                try {
                    releaseFirstCall.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (autoencoder.equals(failOn)) {
                throw new IllegalArgumentException("latents: boom");
            }
            float[] px = new float[2 * states.length];
            for (int i = 0; i < states.length; i++) {
                px[2 * i] = (float) states[i][0];
                px[2 * i + 1] = states.length;
            }
            return new DecodedImages(states.length, 1, 2, px);
        }
    }

    static double[][] rows(int first, int n) {
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            r[i] = new double[] {first + i, 0};
        }
        return r;
    }

    @Test
    void aLoneRequestGoesStraightThrough() {
        RecordingDecoder fake = new RecordingDecoder(false);
        DecodedImages out = new CoalescingImageDecoder(fake, 64).decode("ae:1", rows(5, 3));
        assertThat(fake.calls).containsExactly("ae:1:3");
        assertThat(out.pixels()).containsExactly(5, 3, 6, 3, 7, 3);
    }

    @Test
    void requestsArrivingDuringACallTravelTogetherAndGetTheirOwnRows() throws Exception {
        RecordingDecoder fake = new RecordingDecoder(true);
        CoalescingImageDecoder decoder = new CoalescingImageDecoder(fake, 64);
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try {
            Future<DecodedImages> first = pool.submit(() -> decoder.decode("ae:1", rows(100, 1)));
            assertThat(fake.firstCallEntered.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<DecodedImages>> waiting = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                int base = 10 * k;
                waiting.add(pool.submit(() -> decoder.decode("ae:1", rows(base, 2))));
            }
            Thread.sleep(300); // let all ten queue up behind the held call
            fake.releaseFirstCall.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).pixels()).containsExactly(100, 1);
            for (int k = 0; k < 10; k++) {
                float[] px = waiting.get(k).get(10, TimeUnit.SECONDS).pixels();
                assertThat(px[0]).isEqualTo(10f * k);
                assertThat(px[2]).isEqualTo(10f * k + 1);
                assertThat(px[1]).as("merged call size").isEqualTo(20f);
            }
            assertThat(fake.calls).containsExactly("ae:1:1", "ae:1:20");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mergedCallsStayWithinMaxRowsAndNeverMixAutoencoders() throws Exception {
        RecordingDecoder fake = new RecordingDecoder(true);
        CoalescingImageDecoder decoder = new CoalescingImageDecoder(fake, 8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<DecodedImages> first = pool.submit(() -> decoder.decode("ae:1", rows(0, 1)));
            assertThat(fake.firstCallEntered.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<DecodedImages>> waiting = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                String ae = k % 2 == 0 ? "ae:1" : "ae:2";
                waiting.add(pool.submit(() -> decoder.decode(ae, rows(0, 3))));
            }
            Thread.sleep(300);
            fake.releaseFirstCall.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (Future<DecodedImages> f : waiting) {
                assertThat(f.get(10, TimeUnit.SECONDS).count()).isEqualTo(3);
            }
            // three ae:1 and three ae:2 requests of 3 rows under a cap of 8: calls of 6 and 3 rows each
            assertThat(fake.calls.subList(1, fake.calls.size()))
                    .containsExactlyInAnyOrder("ae:1:6", "ae:1:3", "ae:2:6", "ae:2:3");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedCallFailsItsRequestsAndTheDecoderKeepsWorking() {
        RecordingDecoder fake = new RecordingDecoder(false);
        fake.failOn = "bad:1";
        CoalescingImageDecoder decoder = new CoalescingImageDecoder(fake, 64);
        assertThatThrownBy(() -> decoder.decode("bad:1", rows(0, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("latents: boom");
        assertThat(decoder.decode("ae:1", rows(4, 1)).pixels()).containsExactly(4, 1);
        assertThatThrownBy(() -> new CoalescingImageDecoder(fake, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
