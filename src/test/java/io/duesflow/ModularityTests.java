package io.duesflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(DuesflowApplication.class);

    @Test
    void featureRoomsOnlyUseEachOthersFrontDoorsAlongTheAllowedArrows() {
        modules.verify();
    }

    @Test
    void platformAndTheFeatureRoomsWithCodeAreDetectedAsModules() {
        assertThat(modules.stream().map(module -> module.getBasePackage().getName()))
                .contains("io.duesflow.platform", "io.duesflow.mail", "io.duesflow.banking");
    }
}
