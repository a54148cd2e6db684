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
    void everyProcessAndFormInTheProjectIsSound() {
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
