package io.qdm.circuit.generation;

import io.qdm.circuit.clients.LatentServiceClient;
import io.qdm.circuit.clients.NoiseServiceClient;
import io.qdm.circuit.service.ReverseProcess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Wires the synchronous generator to the simulator and to the noise and latent services over gRPC. */
public class SampleGeneratorProducer {

    @Produces
    @ApplicationScoped
    SampleGenerator sampleGenerator(ReverseProcess reverseProcess, NoiseServiceClient noise, LatentServiceClient latent) {
        // concurrent single-image requests share latent-service calls (TRANSFER_ROWS bounds a merged call)
        return new SampleGenerator(reverseProcess, noise, new CoalescingImageDecoder(latent, SampleGenerator.TRANSFER_ROWS));
    }
}
