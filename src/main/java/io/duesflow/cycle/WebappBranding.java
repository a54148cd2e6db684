package io.duesflow.cycle;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.NotFound;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tasklist, Cockpit and Admin show the association's name where they show the vendor's, and none of the vendor's
 * end-of-life banner: their own customization files ({@code scripts/config.js}, {@code styles/user-styles.css}),
 * served with what the association is called today; and Cockpit's tabs for instances that have ended.
 */
@Hidden
@RestController
class WebappBranding {

    private static final Map<String, String> APPS = Map.of("tasklist", "Tasklist", "cockpit", "Cockpit", "admin", "Admin");

    /** Tasklist's keyboard shortcuts, as its default configuration has them; a config.js of our own replaces that. */
    private static final String TASKLIST_SHORTCUTS = """
              shortcuts: {
                claimTask: {key: 'ctrl+alt+c', description: 'claims the currently selected task'},
                focusFilter: {key: 'ctrl+shift+f', description: 'set the focus to the first filter in the list'},
                focusList: {key: 'ctrl+alt+l', description: 'sets the focus to the first task in the list'},
                focusForm: {key: 'ctrl+alt+f', description: 'sets the focus to the first input field in a task form'},
                startProcess: {key: 'ctrl+alt+p', description: 'opens the start process modal dialog'}
              },
            """;

    private final MemberRegister register;
    private final ObjectMapper json;

    WebappBranding(MemberRegister register, ObjectMapper json) {
        this.register = register;
        this.json = json;
    }

    @GetMapping(value = "/camunda/app/{app}/scripts/config.js", produces = "text/javascript")
    ResponseEntity<String> config(@PathVariable String app) throws JsonProcessingException {
        String name = APPS.get(app);
        if (name == null) {
            throw new NotFound("Webapp", app);
        }
        String script = "export default {\n"
                + "  app: {name: " + json.writeValueAsString(name) + ", vendor: "
                + json.writeValueAsString(register.association().name()) + "},\n"
                + "  disableWelcomeMessage: true,\n"
                + (app.equals("tasklist") ? TASKLIST_SHORTCUTS : "")
                + (app.equals("cockpit") ? "  customScripts: ['duesflow/finished-instances'],\n" : "")
                + "};\n";
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(MediaType.parseMediaType("text/javascript; charset=UTF-8")).body(script);
    }

    /** Cockpit's tabs for ended instances and an instance's steps: the free edition has no history view. */
    @GetMapping(value = "/camunda/app/cockpit/duesflow/finished-instances.js", produces = "text/javascript")
    ResponseEntity<Resource> finishedInstances() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(MediaType.parseMediaType("text/javascript; charset=UTF-8"))
                .body(new ClassPathResource("webapp/cockpit/finished-instances.js"));
    }

    @GetMapping(value = "/camunda/app/{app}/styles/user-styles.css", produces = "text/css")
    ResponseEntity<String> styles(@PathVariable String app) {
        if (!APPS.containsKey(app)) {
            throw new NotFound("Webapp", app);
        }
        // The banner tells a Camunda customer about the Community Edition's end; a treasurer has nothing to do with it.
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/css; charset=UTF-8"))
                .body(".ce-eol-banner { display: none !important; }\n");
    }
}
