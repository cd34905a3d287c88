package io.qdm.qpu.circuit;

/**
 * A denoiser run as one hardware program, with the roles of its wires (all wires are measured at the end).
 *
 * @param program      the bound logical circuit
 * @param dataWires    the data register after the last step (wires[0] = most significant data bit)
 * @param ancillaWires per step, the wire that the step reduces (measured, post-selected or branch-selected)
 * @param labelWires   per step, the label register to post-select on the label (empty arrays when unconditioned)
 */
public record DenoiserProgram(QuantumProgram program, int[] dataWires, int[] ancillaWires, int[][] labelWires) {

    public int steps() {
        return ancillaWires.length;
    }
}
