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
    void bankingShowsItsFileReaderAsTheNamedInterfaceStatements() {
        var banking = modules.getModuleByName("banking").orElseThrow();

        assertThat(banking.getNamedInterfaces().getByName("statements")).hasValueSatisfying(statements -> {
            assertThat(statements.contains(io.duesflow.banking.statements.BankFileReader.class)).isTrue();
            assertThat(statements.contains(io.duesflow.banking.statements.ReasonCode.class)).isTrue();
        });
        assertThat(banking.getNamedInterfaces().getUnnamedInterface()
                .contains(io.duesflow.banking.BankOutbox.class)).isTrue();
    }

    @Test
    void platformAndTheFeatureRoomsWithCodeAreDetectedAsModules() {
        assertThat(modules.stream().map(module -> module.getBasePackage().getName()))
                .contains("io.duesflow.platform", "io.duesflow.mail", "io.duesflow.banking");
    }
}
