package io.duesflow.platform;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.PasswordPolicyRule;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camunda's REST API (and the webapps' copy of it) refuses a password its policy forbids with a bare "Password does
 * not match policy" and a 500.
 * This checks a new password first, against the same policy with the same user data, and answers 400 with a
 * problem detail naming the field and every rule the password breaks; a good password passes on untouched.
 */
class PasswordPolicyCheck extends OncePerRequestFilter {

    /** The engine's REST API, and the same API as the webapps (Camunda Admin) call it under their own path. */
    private static final String ENGINE_API = "(?:/engine-rest(?:/engine/[^/]+)?|/.+/api/engine/engine/[^/]+)";
    private static final Pattern CREATE = Pattern.compile(ENGINE_API + "/user/create");
    private static final Pattern CREDENTIALS = Pattern.compile(ENGINE_API + "/user/([^/]+)/credentials");

    private final ObjectProvider<IdentityService> identities;
    private final ObjectMapper json;

    PasswordPolicyCheck(ObjectProvider<IdentityService> identities, ObjectMapper json) {
        this.identities = identities;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher credentials = CREDENTIALS.matcher(path);
        boolean create = "POST".equals(request.getMethod()) && CREATE.matcher(path).matches();
        boolean change = "PUT".equals(request.getMethod()) && credentials.matches();
        if (!create && !change) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        JsonNode sent;
        try {
            sent = json.readTree(body);
        } catch (JacksonException e) {
            sent = null;
        }
        JsonNode password = sent == null ? null : sent.at(create ? "/credentials/password" : "/password");
        if (password != null && password.isTextual()) {
            IdentityService identity = identities.getObject();
            User user = create ? user(identity, sent.path("profile")) : storedUser(identity, credentials.group(1));
            PasswordPolicyResult result = identity.checkPasswordAgainstPolicy(password.asText(), user);
            if (!result.isValid()) {
                refuse(response, request.getRequestURI(), create ? "credentials.password" : "password",
                        result.getViolatedRules());
                return;
            }
        }
        // Whatever this cannot judge (no JSON, no password) Camunda answers as it always has.
        chain.doFilter(new ReadAgainRequest(request, body), response);
    }

    private static User user(IdentityService identity, JsonNode profile) {
        User user = identity.newUser(profile.path("id").asText(""));
        user.setFirstName(profile.path("firstName").asText(null));
        user.setLastName(profile.path("lastName").asText(null));
        user.setEmail(profile.path("email").asText(null));
        return user;
    }

    /** The user as stored, for the rule that the password must not contain their names; just the id if not visible. */
    private static User storedUser(IdentityService identity, String id) {
        User user = identity.createUserQuery().userId(id).singleResult();
        return user != null ? user : identity.newUser(id);
    }

    private void refuse(HttpServletResponse response, String instance, String field, List<PasswordPolicyRule> broken)
            throws IOException {
        List<String> needs = new ArrayList<>();
        boolean userData = false;
        for (PasswordPolicyRule rule : broken) {
            switch (rule.getPlaceholder()) {
                case "PASSWORD_POLICY_USER_DATA" -> userData = true;
                case "PASSWORD_POLICY_LENGTH" -> needs.add("at least " + count(rule) + " characters");
                case "PASSWORD_POLICY_LOWERCASE" -> needs.add(some(rule, "lower case letter"));
                case "PASSWORD_POLICY_UPPERCASE" -> needs.add(some(rule, "upper case letter"));
                case "PASSWORD_POLICY_DIGIT" -> needs.add(some(rule, "digit"));
                case "PASSWORD_POLICY_SPECIAL" -> needs.add(some(rule, "special character"));
                default -> needs.add("to keep the rule " + rule.getPlaceholder() + " " + rule.getParameters());
            }
        }
        String detail = "The password does not match the password policy: "
                + (needs.isEmpty() ? "it must" : "it needs " + listed(needs) + (userData ? ", and must" : ""))
                + (userData ? " not contain the user's id, first name, last name or email" : "");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid input");
        problem.setType(URI.create("about:blank"));
        problem.setInstance(URI.create(instance));
        problem.setProperty("field", field);
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", detail);
        problem.setProperty("errors", List.of(error));
        problem.setProperty("violatedRules", broken.stream().map(PasswordPolicyRule::getPlaceholder).toList());
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getOutputStream(), problem);
    }

    private static String count(PasswordPolicyRule rule) {
        return rule.getParameters() == null || rule.getParameters().isEmpty() ? "1"
                : rule.getParameters().values().iterator().next();
    }

    private static String some(PasswordPolicyRule rule, String what) {
        String count = count(rule);
        return "1".equals(count) ? ("aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ") + what
                : "at least " + count + " " + what + "s";
    }

    /** "a, b and c". */
    private static String listed(List<String> items) {
        return items.size() == 1 ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
