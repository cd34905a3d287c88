package io.qdm.eval.service;

import io.qdm.eval.config.DjlConfig;
import io.qdm.eval.config.EvalConfig;
import io.qdm.eval.extractor.FeatureExtractor;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature extractors this service offers ({@code qdm.eval.extractors}, shipped under
 * {@code extractors/<id>} on the classpath), loaded and SHA-256 verified at startup so that a missing or modified
 * weights file stops the service instead of failing the first request. The first is the default. Owns their native
 * memory.
 */
@ApplicationScoped
public class ExtractorRegistry {

    @Inject
    EvalConfig config;

    @Inject
    DjlConfig djl;

    private final Map<String, FeatureExtractor> extractors = new LinkedHashMap<>();

    void onStart(@Observes StartupEvent event) {
        all();
    }

    /** All extractors, default first. */
    public synchronized List<FeatureExtractor> all() {
        if (extractors.isEmpty()) {
            DjlRuntime.apply(djl);
            for (String id : config.extractors()) {
                try {
                    FeatureExtractor e = FeatureExtractor.loadResource("extractors/" + id);
                    extractors.put(id, e);
                    Log.infof("feature extractor %s v%s loaded (weights SHA-256 %s, %d-d features)", id,
                            e.manifest().version(), e.manifest().weights().sha256(), e.featureDim());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot load feature extractor " + id + ": " + e.getMessage(), e);
                }
            }
        }
        return new ArrayList<>(extractors.values());
    }

    public FeatureExtractor defaultExtractor() {
        return all().get(0);
    }

    /**
     * The extractor named by a request; empty name = the default, empty version = the shipped one.
     *
     * @throws IllegalArgumentException naming {@code extractor.name} or {@code extractor.version}
     */
    public FeatureExtractor resolve(String name, String version) {
        List<FeatureExtractor> all = all();
        if (name == null || name.isBlank()) {
            return all.get(0);
        }
        FeatureExtractor e = extractors.get(name);
        if (e == null) {
            String hint = name.startsWith("inception") ? " (Inception-v3 needs user-supplied weights, which this "
                    + "deployment does not have)" : "";
            throw new IllegalArgumentException("extractor.name: unknown extractor '" + name + "'" + hint
                    + "; available: " + String.join(", ", extractors.keySet()));
        }
        if (version != null && !version.isBlank() && !version.equals(e.manifest().version())) {
            throw new IllegalArgumentException("extractor.version: " + name + " has version "
                    + e.manifest().version() + ", not '" + version + "'");
        }
        return e;
    }

    @PreDestroy
    synchronized void close() {
        extractors.values().forEach(FeatureExtractor::close);
        extractors.clear();
    }
}
