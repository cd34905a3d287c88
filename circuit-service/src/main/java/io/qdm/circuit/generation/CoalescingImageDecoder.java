package io.qdm.circuit.generation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Merges decode calls that arrive while another is in flight into one call of the underlying decoder (group commit,
 * no timer): a lone request goes straight through, and under concurrency — 16 clients each asking for one image —
 * the waiting requests travel together in the next call instead of one latent-service call (and one padded decoder
 * forward) each. The decoder's output for a row does not depend on its batch (latent-service's
 * DecodeBatchDeterminismTest), so merging never changes the bytes a client gets.
 *
 * <p>The calling threads do the work: a thread whose request is still queued and finds no call in flight becomes
 * the leader for one call — the queue's head plus every later request for the same autoencoder that fits within
 * {@code maxRows} rows — hands each request its slice, and steps down, waking the others. So nobody serves more
 * than one call per turn. A failed merged call fails every request in it with the same exception.
 */
public final class CoalescingImageDecoder implements ImageDecoder {

    private final ImageDecoder delegate;
    private final int maxRows;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private boolean leaderActive;

    /**
     * @param maxRows most rows merged into one call (a single larger request still goes alone, whole)
     */
    public CoalescingImageDecoder(ImageDecoder delegate, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        }
        this.delegate = delegate;
        this.maxRows = maxRows;
    }

    private record Pending(String autoencoder, double[][] states, CompletableFuture<DecodedImages> result) {}

    @Override
    public DecodedImages decode(String autoencoder, double[][] states) {
        Pending mine = new Pending(autoencoder, states, new CompletableFuture<>());
        synchronized (this) {
            queue.addLast(mine);
        }
        while (!mine.result().isDone()) {
            List<Pending> group;
            synchronized (this) {
                while (leaderActive && !mine.result().isDone()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the decoder", e);
                    }
                }
                if (mine.result().isDone()) {
                    break;
                }
                leaderActive = true;
                group = nextGroup();
            }
            try {
                send(group);
            } finally {
                synchronized (this) {
                    leaderActive = false;
                    notifyAll();
                }
            }
        }
        try {
            return mine.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the decoder", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The queue's head and every later request for the same autoencoder that fits within {@code maxRows}, in
     * arrival order (called with the lock held; the queue is never empty here: the caller's own request is in it).
     */
    private List<Pending> nextGroup() {
        List<Pending> group = new ArrayList<>();
        Pending first = queue.pollFirst();
        group.add(first);
        int rows = first.states().length;
        for (var it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.autoencoder().equals(first.autoencoder()) && rows + p.states().length <= maxRows) {
                group.add(p);
                rows += p.states().length;
                it.remove();
            }
        }
        return group;
    }

    private void send(List<Pending> group) {
        try {
            if (group.size() == 1) {
                group.get(0).result().complete(delegate.decode(group.get(0).autoencoder(), group.get(0).states()));
                return;
            }
            int total = group.stream().mapToInt(p -> p.states().length).sum();
            double[][] merged = new double[total][];
            int at = 0;
            for (Pending p : group) {
                System.arraycopy(p.states(), 0, merged, at, p.states().length);
                at += p.states().length;
            }
            DecodedImages all = delegate.decode(group.get(0).autoencoder(), merged);
            int pixelsPerImage = all.height() * all.width();
            at = 0;
            for (Pending p : group) {
                int n = p.states().length;
                float[] slice = Arrays.copyOfRange(all.pixels(), at * pixelsPerImage, (at + n) * pixelsPerImage);
                p.result().complete(new DecodedImages(n, all.height(), all.width(), slice));
                at += n;
            }
        } catch (RuntimeException e) {
            group.forEach(p -> p.result().completeExceptionally(e));
        }
    }
}
