package io.duesflow.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnDiagram;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * What the before-stop hook and Modeler expect of our resources: BPMN and DMN that parse against their
 * schemas, a diagram in every BPMN (so Cockpit can draw it), a name on every process, every flow node (events,
 * tasks, gateways) and every way out of a decision (a flow leaving a gateway that has several, or one with a
 * condition), documentation on every task (service and user tasks, call activities, sub-processes: what the step
 * does, as Modeler and Cockpit show it), forms with an id and components, and every {@code camunda:formRef} pointing
 * at a form that exists. A plain arrow from one step to the next needs no name. In the diagram, no two names' labels
 * lie over each other, so Cockpit shows every name readable.
 */
final class ProcessResourceCheck {

    private ProcessResourceCheck() {
    }

    static List<String> problems(Path processes, Path forms) {
        List<String> problems = new ArrayList<>();
        Set<String> formIds = new HashSet<>();
        for (Path form : files(forms, ".form")) {
            try {
                JsonNode json = new ObjectMapper().readTree(form.toFile());
                if (!json.hasNonNull("id") || json.get("id").asText().isBlank()) {
                    problems.add(form.getFileName() + ": the form has no id");
                } else {
                    formIds.add(json.get("id").asText());
                }
                if (!json.has("components") || !json.get("components").isArray()) {
                    problems.add(form.getFileName() + ": the form has no components");
                }
            } catch (IOException e) {
                problems.add(form.getFileName() + ": not JSON: " + e.getMessage());
            }
        }
        for (Path bpmn : files(processes, ".bpmn")) {
            BpmnModelInstance model;
            try {
                model = Bpmn.readModelFromFile(bpmn.toFile());
            } catch (RuntimeException e) {
                problems.add(bpmn.getFileName() + ": does not parse: " + e.getMessage());
                continue;
            }
            if (model.getModelElementsByType(BpmnDiagram.class).isEmpty()) {
                problems.add(bpmn.getFileName() + ": has no diagram (bpmndi:BPMNDiagram), Cockpit cannot draw it");
            }
            for (Process process : model.getModelElementsByType(Process.class)) {
                if (isBlank(process.getName())) {
                    problems.add(bpmn.getFileName() + ": process " + process.getId() + " has no name");
                }
            }
            for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
                if (isBlank(node.getName())) {
                    problems.add(bpmn.getFileName() + ": element " + node.getId() + " has no name");
                }
                if (node instanceof Activity && !documented(node)) {
                    problems.add(bpmn.getFileName() + ": task " + node.getId() + " (" + node.getName()
                            + ") has no documentation saying what it does");
                }
                String formRef = node.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRef");
                if (formRef != null && !formIds.contains(formRef)) {
                    problems.add(bpmn.getFileName() + ": " + node.getId() + " refers to form '" + formRef
                            + "' but there is no form with that id in " + forms);
                }
            }
            // Counted from the flows themselves: a hand-written file need not list a gateway's <outgoing>.
            Collection<SequenceFlow> flows = model.getModelElementsByType(SequenceFlow.class);
            Map<String, Long> waysOut = flows.stream()
                    .collect(Collectors.groupingBy(flow -> flow.getSource().getId(), Collectors.counting()));
            for (SequenceFlow flow : flows) {
                boolean decision = flow.getSource() instanceof Gateway && waysOut.get(flow.getSource().getId()) > 1;
                if ((decision || flow.getConditionExpression() != null) && isBlank(flow.getName())) {
                    problems.add(bpmn.getFileName() + ": the way " + flow.getId() + " out of " + flow.getSource().getId()
                            + " has no name");
                }
            }
            problems.addAll(overlappingLabels(bpmn.getFileName().toString(), model));
        }
        for (Path dmn : files(processes, ".dmn")) {
            try {
                Dmn.readModelFromFile(dmn.toFile());
            } catch (RuntimeException e) {
                problems.add(dmn.getFileName() + ": does not parse: " + e.getMessage());
            }
        }
        return problems;
    }

    /** Labels of named elements whose boxes in the diagram overlap: Cockpit would draw one name over the other. */
    private static List<String> overlappingLabels(String file, BpmnModelInstance model) {
        record Label(String id, String name, Bounds box) {
        }
        List<Label> labels = new ArrayList<>();
        for (BpmnLabel label : model.getModelElementsByType(BpmnLabel.class)) {
            String ref = label.getParentElement().getAttributeValue("bpmnElement");
            ModelElementInstance element = ref == null ? null : model.getModelElementById(ref);
            String name = element == null ? null : element.getAttributeValue("name");
            if (!isBlank(name) && label.getBounds() != null) {
                labels.add(new Label(ref, name, label.getBounds()));
            }
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                Bounds a = labels.get(i).box();
                Bounds b = labels.get(j).box();
                if (a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
                        && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight()) {
                    problems.add(file + ": the label of " + labels.get(i).id() + " (" + labels.get(i).name()
                            + ") lies over the label of " + labels.get(j).id() + " (" + labels.get(j).name() + ")");
                }
            }
        }
        return problems;
    }

    private static boolean documented(FlowNode node) {
        return node.getDocumentations().stream().map(Documentation::getTextContent).anyMatch(text -> !isBlank(text));
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static List<Path> files(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(path -> path.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + folder, e);
        }
    }
}
