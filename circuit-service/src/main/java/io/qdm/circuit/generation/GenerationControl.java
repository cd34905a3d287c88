package io.qdm.circuit.generation;

/** What a running generation reports to, and asks, its caller between steps. */
public interface GenerationControl {

    /** Called after every reverse step (1..totalSteps) and never from two threads at once. */
    void stepCompleted(int step, int totalSteps);

    /**
     * Checked before each step and before every downstream call (x_T and decoding, 256 rows each); a non-null reason
     * stops the work there (nothing further is
     * computed or sent downstream) and is thrown as {@link GenerationStoppedException}.
     */
    String stopReason();

    GenerationControl NONE = new GenerationControl() {
        @Override
        public void stepCompleted(int step, int totalSteps) {
        }

        @Override
        public String stopReason() {
            return null;
        }
    };
}
