package io.qdm.qpu.provider;

import io.qdm.qpu.transpile.BackendTarget;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One way of running ISA circuits: a local emulator or a vendor's hardware. Chosen per request by name
 * ({@link #id()}); vendor types (HTTP, JSON shapes, tokens) stay inside the implementation. Braket and IonQ would be
 * further implementations.
 */
public interface QpuProvider {

    /** "statevector", "shots", "noisy", "ibm". */
    String id();

    /** True when results are samples (shots); false for the exact provider. */
    boolean sampling();

    /** The devices offered now; may ask the vendor (short HTTP calls, never a job queue). */
    List<BackendTarget> backends();

    /**
     * Checks a device name without I/O (inside SubmitJob). Empty means the provider's default device.
     *
     * @throws IllegalArgumentException "device: …" when unknown
     */
    String checkDevice(String device);

    /**
     * Qubits a program may use on this device when known without I/O (the emulators), else
     * {@link Integer#MAX_VALUE} (hardware: checked against the fetched configuration before submission).
     */
    int maxQubits(String device);

    /** The device's target (basis, coupling map, calibration); may do I/O, so it is called on a worker thread. */
    BackendTarget target(String device);

    /**
     * Runs the circuits, one result per circuit in order. Returns at once; the stage completes when results exist
     * (hours later on hardware). Completes exceptionally with {@link ProviderException} on vendor failures.
     *
     * @param vendorJobIds receives each vendor job id as soon as it exists
     */
    CompletionStage<List<CircuitResult>> execute(ExecutionBatch batch, Consumer<String> vendorJobIds);

    /** Asks the vendor to cancel a job (best effort, asynchronous). */
    default void cancel(String vendorJobId) {
    }
}
