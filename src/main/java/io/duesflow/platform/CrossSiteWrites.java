package io.duesflow.platform;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cross-site request forgery on the machine door. The REST APIs keep no session, but a browser that was once asked for
 * a password by {@code /api} remembers it and sends it with every request to duesflow, including a form another site
 * posts there (a {@code text/plain} form is a valid member import). A write is therefore refused when the browser says
 * it comes from another site ({@code Sec-Fetch-Site}, sent by every current browser) or, from an older browser, when
 * its {@code Origin} is not duesflow's own. Programs (scripts, the card provider, the bank's tools) send neither and
 * pass; so does Swagger UI, which is served by duesflow itself.
 */
final class CrossSiteWrites extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final ObjectMapper json;

    CrossSiteWrites(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String foreign = SAFE.contains(request.getMethod()) ? null : foreignSite(request);
        if (foreign != null) {
            FilterProblems.refuse(request, response, json, HttpStatus.FORBIDDEN, "Cross-site request refused", null,
                    "A change sent from another site (" + foreign + ") is refused: duesflow takes changes from its own "
                            + "pages and from programs, never from a page of another site a logged-in browser opened");
            return;
        }
        chain.doFilter(request, response);
    }

    /** What gives the request away as another site's, or null when it is duesflow's own or a program's. */
    private static String foreignSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            String value = site.trim().toLowerCase(Locale.ROOT);
            return value.equals("same-origin") || value.equals("none") ? null : "Sec-Fetch-Site: " + site;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return null;
        }
        return origin.equalsIgnoreCase(ownOrigin(request)) ? null : "Origin: " + origin;
    }

    /** Scheme, host and port as the browser names them; behind a proxy, as the forwarded headers say. */
    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return URI.create(scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port)).toString();
    }
}
