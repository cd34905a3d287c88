package io.qdm.cli;

import io.qdm.proto.generation.v1.Backend;
import io.qdm.proto.generation.v1.GenerateRequest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class QpuBackendOptionsTest {

    private static GenerateRequest parsed(String... args) {
        GenerateCommand command = new GenerateCommand();
        new CommandLine(command).parseArgs(args);
        return command.backend.applyTo(GenerateRequest.newBuilder().setCount(1)).build();
    }

    @Test
    void qpuSelectsTheGatewayWithProviderAndDeviceAndItsAbsenceKeepsTheLocalSimulator() {
        GenerateRequest ibm = parsed("--qpu", "ibm", "--qpu-device", "ibm_fez");
        assertThat(ibm.getBackend()).isEqualTo(Backend.BACKEND_QPU_GATEWAY);
        assertThat(ibm.getQpuProvider()).isEqualTo("ibm");
        assertThat(ibm.getQpuDevice()).isEqualTo("ibm_fez");
        GenerateRequest shots = parsed("--qpu=shots");
        assertThat(shots.getBackend()).isEqualTo(Backend.BACKEND_QPU_GATEWAY);
        assertThat(shots.getQpuDevice()).isEmpty();
        GenerateRequest local = parsed("--n", "4");
        assertThat(local.getBackend()).isEqualTo(Backend.BACKEND_UNSPECIFIED);
        assertThat(local.getQpuProvider()).isEmpty();
    }
}
