package io.qdm.eval;

import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceBootContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class EvalServiceBootTest extends ServiceBootContract {

    @Override
    protected List<String> grpcServices() {
        return List.of("qdm.eval.v1.EvalService");
    }
}
