package io.duesflow.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.duesflow.ApplicationTest;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Tasklist's "Start process" menu is the treasurer's: it lists what a treasurer starts by hand, each with its start
 * form, and none of the processes the cycle, a run or the bank inbox start themselves (started by hand they would
 * lack the run or the bank credit they are about).
 */
@ApplicationTest
class StartProcessMenuTests {

    @Autowired
    RepositoryService repository;
    @Autowired
    FormService forms;
    @Autowired
    AuthorizationService authorizations;

    @Test
    void tasklistOffersOnlyWhatATreasurerStartsEachWithItsForm() {
        // What duesflow ships (processes/): other tests deploy little processes of their own into the shared database.
        List<ProcessDefinition> startable = repository.createProcessDefinitionQuery().latestVersion()
                .startableInTasklist().list().stream()
                .filter(definition -> definition.getResourceName().replace('\\', '/').contains("processes/")).toList();

        assertThat(startable).extracting(ProcessDefinition::getKey)
                .containsExactlyInAnyOrder("immediate-billing", "new-member-billing", "register-payment",
                        "bulk-invoice", "send-open-invoices", "collect-open-charges", "send-reminder-now");
        assertThat(startable).allSatisfy(definition -> assertThat(forms.getStartFormData(definition.getId())
                .getCamundaFormRef()).as(definition.getKey() + "'s start form").isNotNull());
    }

    @Test
    void aTreasurerMayStartEveryProcessOfTheMenuAndASupervisorNone() {
        List<String> startable = repository.createProcessDefinitionQuery().latestVersion().startableInTasklist().list()
                .stream().filter(definition -> definition.getResourceName().replace('\\', '/').contains("processes/"))
                .map(ProcessDefinition::getKey).toList();

        assertThat(startable).isNotEmpty().allSatisfy(key -> {
            assertThat(authorizations.isUserAuthorized("any-treasurer", List.of(Roles.TREASURER),
                    ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, key))
                    .as("a treasurer may start " + key).isTrue();
            assertThat(authorizations.isUserAuthorized("any-supervisor", List.of(Roles.SUPERVISOR),
                    ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, key))
                    .as("a supervisor may not start " + key).isFalse();
        });
    }

    @Test
    void whatTheCycleRunsAndTheBankInboxStartAreNotInTheMenu() {
        List<String> notStartable = repository.createProcessDefinitionQuery().latestVersion()
                .notStartableInTasklist().list().stream().map(ProcessDefinition::getKey).toList();

        assertThat(notStartable).contains("billing-cycle", "billing-run", "run-mail", "unmatched-payment");
    }
}
