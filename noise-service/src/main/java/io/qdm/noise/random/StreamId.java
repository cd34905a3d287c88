package io.qdm.noise.random;

/**
 * Independent random streams of one request. The numeric {@link #code()} is part of every {@link DrawKey} hash:
 * codes are fixed forever (changing one changes every output of that stream); add new streams with new codes.
 */
public enum StreamId {
    /** ε of x_t ~ q(x_t | x0): the Noise call, and the target of the authors' one-step pairs (notes §2.1). */
    MARGINAL_NOISE(1),
    /** ε of the one further forward step that makes the input of a one-step pair (notes §2.1). */
    STEP_NOISE(2),
    /** x_T of sampling (InitialNoise). */
    INITIAL_NOISE(3),
    /** Which samples form a random subset of a dataset (the authors' DATA_LENGTH). */
    SUBSET(4),
    /** The per-epoch shuffle of the training set. */
    SHUFFLE(5);

    private final int code;

    StreamId(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
