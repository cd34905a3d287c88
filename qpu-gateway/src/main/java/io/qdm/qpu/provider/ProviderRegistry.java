package io.qdm.qpu.provider;

import io.qdm.qpu.config.QpuConfig;
import io.qdm.qpu.provider.ibm.IbmQuantumProvider;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The providers this replica offers ({@code qdm.qpu.providers}), built once; the one place providers are chosen. */
@ApplicationScoped
public class ProviderRegistry {

    @Inject
    QpuConfig config;

    private final Map<String, QpuProvider> providers = new LinkedHashMap<>();
    private ExecutorService emulatorExecutor;

    @PostConstruct
    void build() {
        emulatorExecutor = Executors.newFixedThreadPool(Math.max(1, config.workerThreads()), r -> {
            Thread t = new Thread(r, "qdm-qpu-emulator");
            t.setDaemon(true);
            return t;
        });
        for (String id : config.providers()) {
            QpuProvider p = switch (id.trim()) {
                case "statevector" -> new EmulatorProvider(EmulatorProvider.Kind.STATEVECTOR,
                        config.emulators().maxQubits(), emulatorExecutor);
                case "shots" -> new EmulatorProvider(EmulatorProvider.Kind.SHOTS, config.emulators().maxQubits(),
                        emulatorExecutor);
                case "noisy" -> new EmulatorProvider(EmulatorProvider.Kind.NOISY, config.emulators().noisyMaxQubits(),
                        emulatorExecutor);
                case "ibm" -> IbmQuantumProvider.fromConfig(config.ibm());
                default -> throw new IllegalStateException("qdm.qpu.providers: unknown provider '" + id
                        + "'; known: statevector, shots, noisy, ibm");
            };
            providers.put(p.id(), p);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        emulatorExecutor.shutdownNow();
        providers.values().forEach(p -> {
            if (p instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
        });
    }

    public List<String> ids() {
        return new ArrayList<>(providers.keySet());
    }

    public List<QpuProvider> all() {
        return new ArrayList<>(providers.values());
    }

    /** @throws IllegalArgumentException "provider: …" when not offered */
    public QpuProvider get(String id) {
        QpuProvider p = providers.get(id);
        if (p == null) {
            throw new IllegalArgumentException("provider: unknown provider \"" + id + "\"; available: " + ids());
        }
        return p;
    }
}
