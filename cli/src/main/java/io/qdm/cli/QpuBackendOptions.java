package io.qdm.cli;

import io.qdm.proto.generation.v1.Backend;
import io.qdm.proto.generation.v1.GenerateRequest;
import picocli.CommandLine.Option;

/**
 * {@code --qpu PROVIDER [--qpu-device DEVICE]}: run the reverse steps on qpu-gateway instead of the local simulator
 * (shared by {@code qdm generate} and {@code qdm jobs submit}).
 */
public final class QpuBackendOptions {

    @Option(names = "--qpu", paramLabel = "PROVIDER", description = "Run the reverse steps on qpu-gateway with this"
            + " provider: statevector (exact), shots, noisy, ibm (default: the local simulator).")
    String provider;

    @Option(names = "--qpu-device", paramLabel = "DEVICE", defaultValue = "",
            description = "The provider's device (default: the provider's default, e.g. ibm_torino for ibm).")
    String device;

    /** Sets the backend fields of a request; leaves it on the local simulator without {@code --qpu}. */
    GenerateRequest.Builder applyTo(GenerateRequest.Builder request) {
        if (provider == null || provider.isEmpty()) {
            return request;
        }
        return request.setBackend(Backend.BACKEND_QPU_GATEWAY).setQpuProvider(provider).setQpuDevice(device);
    }
}
