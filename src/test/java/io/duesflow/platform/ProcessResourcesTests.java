package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.duesflow.ApplicationTest;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** A BPMN, DMN or form that would not open in Modeler or not deploy fails the build, not the first treasurer. */
@ApplicationTest
class ProcessResourcesTests {

    static final Path PROCESSES = Path.of("processes");
    static final Path FORMS = Path.of("forms");

    @Autowired
    RepositoryService repository;

    @Test
    void everyProcessAndFormInTheProjectIsSound() throws Exception {
        // Run from the project's folder, so the check is not passed by finding nothing to check.
        assertThat(filesIn(PROCESSES)).as("the BPMN files checked").filteredOn(f -> f.toString().endsWith(".bpmn"))
                .extracting(f -> f.getFileName().toString())
                .contains("billing-cycle.bpmn", "billing-run.bpmn", "immediate-billing.bpmn", "new-member-billing.bpmn",
                        "run-mail.bpmn");
        assertThat(ProcessResourceCheck.problems(PROCESSES, FORMS)).isEmpty();
    }

    @Test
    void everyProcessDecisionAndFormFileIsDeployed() throws Exception {
        List<String> deployed = repository.createDeploymentQuery().list().stream()
                .flatMap(deployment -> repository.getDeploymentResourceNames(deployment.getId()).stream())
                .toList();
        for (Path file : filesIn(PROCESSES, FORMS)) {
            assertThat(deployed).as("deployed resources").anyMatch(name -> name.endsWith(file.getFileName().toString()));
        }
    }

    /** The starter's own pattern skips Camunda Forms; ours must not (a test form lives in src/test/resources/forms). */
    @Test
    void camundaFormsOnTheClasspathAreDeployedWithTheProcesses() {
        assertThat(repository.createDeploymentQuery().list().stream()
                .flatMap(deployment -> repository.getDeploymentResourceNames(deployment.getId()).stream()))
                .anyMatch(name -> name.endsWith("forms/deployment-check.form"))
                .anyMatch(name -> name.endsWith("processes/membership-fee.dmn"));
    }

    @Test
    void theCheckFindsABrokenDiagramAFormWithoutIdAndADanglingFormReference(@TempDir Path dir) throws Exception {
        Path processes = Files.createDirectories(dir.resolve("processes"));
        Path forms = Files.createDirectories(dir.resolve("forms"));
        Files.writeString(processes.resolve("broken.bpmn"), "<definitions><process id='x'>");
        Files.writeString(processes.resolve("no-diagram.bpmn"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                             targetNamespace="https://duesflow.io/test" id="defs">
                  <process id="approve" name="Approve" isExecutable="true">
                    <startEvent id="start" />
                    <userTask id="task" name="Approve run" camunda:formRef="approve-run" />
                  </process>
                </definitions>
                """);
        Files.writeString(forms.resolve("nameless.form"), "{\"components\": []}");

        assertThat(ProcessResourceCheck.problems(processes, forms)).anyMatch(p -> p.startsWith("broken.bpmn"))
                .anyMatch(p -> p.contains("no-diagram.bpmn") && p.contains("no diagram"))
                .anyMatch(p -> p.contains("no-diagram.bpmn") && p.contains("start") && p.contains("no name"))
                .anyMatch(p -> p.contains("approve-run") && p.contains("no form"))
                .anyMatch(p -> p.contains("nameless.form") && p.contains("id"));
    }

    @Test
    void theCheckWantsDocumentationOnEveryTaskAndANameOnEveryWayOutOfADecision(@TempDir Path dir) throws Exception {
        Path processes = Files.createDirectories(dir.resolve("processes"));
        Files.writeString(processes.resolve("pay.bpmn"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             targetNamespace="https://duesflow.io/test" id="defs">
                  <process id="pay" name="Pay" isExecutable="true">
                    <startEvent id="Start" name="Paid" />
                    <serviceTask id="Book" name="Book the payment" />
                    <userTask id="Look" name="Look at the payment">
                      <documentation>A treasurer checks the payment.</documentation>
                    </userTask>
                    <exclusiveGateway id="Fine" name="Fine?" />
                    <callActivity id="Mail" name="Mail the receipt" calledElement="run-mail">
                      <documentation>  </documentation>
                    </callActivity>
                    <endEvent id="Done" name="Booked" />
                    <endEvent id="Dropped" name="Dropped" />
                    <sequenceFlow id="ToBook" sourceRef="Start" targetRef="Book" />
                    <sequenceFlow id="ToLook" sourceRef="Book" targetRef="Look" />
                    <sequenceFlow id="ToFine" sourceRef="Look" targetRef="Fine" />
                    <sequenceFlow id="Yes" name="yes" sourceRef="Fine" targetRef="Mail" />
                    <sequenceFlow id="No" sourceRef="Fine" targetRef="Dropped" />
                    <sequenceFlow id="ToDone" sourceRef="Mail" targetRef="Done">
                      <conditionExpression>${true}</conditionExpression>
                    </sequenceFlow>
                  </process>
                </definitions>
                """);

        List<String> problems = ProcessResourceCheck.problems(processes, dir.resolve("forms"));

        assertThat(problems).contains(
                "pay.bpmn: task Book (Book the payment) has no documentation saying what it does",
                "pay.bpmn: task Mail (Mail the receipt) has no documentation saying what it does",
                "pay.bpmn: the way No out of Fine has no name",
                "pay.bpmn: the way ToDone out of Mail has no name");
        assertThat(problems).noneMatch(p -> p.contains("Look") || p.contains(" Yes ") || p.contains("ToBook")
                || p.contains("ToLook") || p.contains("ToFine"));
    }

    @Test
    void theCheckFindsTwoNamesWhoseLabelsLieOverEachOther(@TempDir Path dir) throws Exception {
        Path processes = Files.createDirectories(dir.resolve("processes"));
        Files.writeString(processes.resolve("crowded.bpmn"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                             xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
                             targetNamespace="https://duesflow.io/test" id="defs">
                  <process id="crowded" name="Crowded" isExecutable="true">
                    <startEvent id="Start" name="Started" />
                    <exclusiveGateway id="Which" name="Which way?" />
                    <endEvent id="Done" name="Done" />
                    <sequenceFlow id="ToWhich" sourceRef="Start" targetRef="Which" />
                    <sequenceFlow id="ToDone" sourceRef="Which" targetRef="Done" />
                  </process>
                  <bpmndi:BPMNDiagram id="diagram">
                    <bpmndi:BPMNPlane id="plane" bpmnElement="crowded">
                      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start">
                        <dc:Bounds x="100" y="100" width="36" height="36" />
                        <bpmndi:BPMNLabel><dc:Bounds x="80" y="142" width="80" height="14" /></bpmndi:BPMNLabel>
                      </bpmndi:BPMNShape>
                      <bpmndi:BPMNShape id="Which_di" bpmnElement="Which">
                        <dc:Bounds x="160" y="93" width="50" height="50" />
                        <bpmndi:BPMNLabel><dc:Bounds x="140" y="150" width="90" height="14" /></bpmndi:BPMNLabel>
                      </bpmndi:BPMNShape>
                      <bpmndi:BPMNShape id="Done_di" bpmnElement="Done">
                        <dc:Bounds x="300" y="100" width="36" height="36" />
                        <bpmndi:BPMNLabel><dc:Bounds x="290" y="142" width="56" height="14" /></bpmndi:BPMNLabel>
                      </bpmndi:BPMNShape>
                    </bpmndi:BPMNPlane>
                  </bpmndi:BPMNDiagram>
                </definitions>
                """);

        assertThat(ProcessResourceCheck.problems(processes, dir.resolve("forms"))).containsExactly(
                "crowded.bpmn: the label of Start (Started) lies over the label of Which (Which way?)");
    }

    private static List<Path> filesIn(Path... folders) throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> walk = Files.walk(folder)) {
                    walk.filter(Files::isRegularFile)
                            .filter(f -> f.toString().matches(".*\\.(bpmn|dmn|form)$"))
                            .forEach(files::add);
                }
            }
        }
        return files;
    }
}
