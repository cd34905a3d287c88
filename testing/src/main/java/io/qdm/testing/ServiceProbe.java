package io.qdm.testing;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Probes a running service the way a load balancer or Kubernetes would: gRPC health and HTTP endpoints. */
public final class ServiceProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ServiceProbe() {
    }

    /** A plaintext channel to a gRPC server on localhost (Quarkus serves gRPC on the HTTP port). */
    public static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    /** {@code grpc.health.v1.Health/Check} for a service name ("" = the whole server). */
    public static HealthCheckResponse.ServingStatus grpcHealth(int port, String service) {
        ManagedChannel channel = channel(port);
        try {
            return HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build())
                    .getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    /** GETs a URL until it answers 200 or the timeout passes; returns the last response. */
    public static HttpResponse<String> awaitHttp200(String url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = httpGet(url);
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            response = httpGet(url);
        }
        return response;
    }

    /** GET an HTTP URL; returns status code and body. */
    public static HttpResponse<String> httpGet(String url) {
        try {
            return HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + url, e);
        }
    }
}
