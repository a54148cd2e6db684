package io.duesflow.platform;

import java.util.List;
import java.util.function.Supplier;

import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is acting now, for audit columns and change logs: the logged-in user, or {@code system}. */
public final class CurrentUser {

    public static final String SYSTEM = "system";

    private CurrentUser() {
    }

    public static String name() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            // A treasurer completing a task in Tasklist is known to the engine, not to Spring Security.
            CommandContext command = Context.getCommandContext();
            String engineUser = command == null ? null : command.getAuthenticatedUserId();
            return engineUser != null ? engineUser : SYSTEM;
        }
        return authentication.getName();
    }

    /**
     * Does the work as {@code user}: a Tasklist user completing a task reaches the engine through the webapps' own
     * login, not through Spring Security, so the rooms' audit columns would otherwise say {@code system}.
     */
    public static <T> T as(String user, Supplier<T> work) {
        if (user == null || user.equals(name())) {
            return work.get();
        }
        SecurityContext before = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(user, null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(before);
        }
    }
}
