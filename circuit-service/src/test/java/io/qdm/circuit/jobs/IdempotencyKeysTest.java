package io.qdm.circuit.jobs;

import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.generation.v1.GenerateRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyKeysTest {

    private static GenerateRequest request(String requestId, String key, int count) {
        return GenerateRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId(requestId).setIdempotencyKey(key))
                .setModel(ModelRef.newBuilder().setName("m")).setCount(count).setSeed(5).build();
    }

    @Test
    void theSameKeyNamesTheSameJobAndIgnoresTheRequestId() {
        assertThat(JobIds.forRequest(request("a", "k", 3))).isEqualTo(JobIds.forRequest(request("b", "k", 3)))
                .startsWith("job-").hasSize(36);
        assertThat(JobIds.forRequest(request("a", "", 3))).isNotEqualTo(JobIds.forRequest(request("a", "", 3)));
        assertThat(JobIds.fingerprint(request("a", "k", 3))).isEqualTo(JobIds.fingerprint(request("b", "k2", 3)))
                .isNotEqualTo(JobIds.fingerprint(request("a", "k", 4)));
    }

    @Test
    void aKeyIsClaimedOnceReusedForTheSameRequestAndRefusedForAnother() {
        IdempotencyKeys keys = new IdempotencyKeys(10, 1_000);
        assertThat(keys.claim("k", "f1", "job-1", 0)).isTrue();
        assertThat(keys.claim("k", "f1", "job-1", 10)).as("a retry").isFalse();
        assertThatThrownBy(() -> keys.claim("k", "f2", "job-2", 20))
                .isInstanceOf(IdempotencyKeys.KeyReusedException.class)
                .hasMessage("meta.idempotency_key: 'k' was already used for a different request (job job-1)");
        assertThat(keys.claim("k", "f2", "job-2", 2_000)).as("after the retention the key is free again").isTrue();
        keys.release("k");
        assertThat(keys.claim("k", "f3", "job-3", 2_001)).as("released after a failed publication").isTrue();
    }
}
