package io.duesflow.platform;

import static org.springframework.security.config.Customizer.withDefaults;

import java.util.Arrays;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two doors. The machine door ({@code /api}, {@code /engine-rest}, actuator, OpenAPI) takes HTTP Basic checked
 * against Camunda's users; only health and the card provider's signed webhook are open; a change a browser sends from
 * another site is refused ({@link CrossSiteWrites}). The people door (Tasklist, Cockpit, Admin under {@code /camunda})
 * is guarded by the Camunda webapps' own login, CSRF token and Content-Security-Policy. Both send the usual headers:
 * no content sniffing, no framing by other sites, no referrer to other sites, and HSTS over TLS.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Nothing but data: no script, style or frame, and no page of another site may frame it. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** Swagger UI's page: its own scripts and styles (it sets style attributes), images inline. */
    static final String SWAGGER_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Bean
    @Order(1)
    SecurityFilterChain machineDoor(HttpSecurity http, ObjectMapper json) throws Exception {
        return http
                .securityMatcher(paths("/api/**", "/engine-rest/**", "/actuator/**", "/v3/api-docs/**",
                        "/swagger-ui/**", "/swagger-ui.html"))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(paths("/actuator/health", "/actuator/health/**")).permitAll()
                        // The card provider signs its calls (HMAC); the payments room checks the signature.
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST,
                                "/api/webhooks/card")).permitAll()
                        // Supervisors read; only treasurers and administrators change the books.
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/**"))
                        .authenticated()
                        .requestMatchers(paths("/api/**"))
                        .hasAnyAuthority("GROUP_" + Roles.TREASURER, "GROUP_" + Roles.ADMIN)
                        .anyRequest().authenticated())
                .httpBasic(withDefaults())
                .addFilterBefore(new CrossSiteWrites(json), BasicAuthenticationFilter.class)
                .addFilterBefore(new WebappSessionReads(), BasicAuthenticationFilter.class)
                // No session, so no CSRF token: a cross-site change is refused by CrossSiteWrites instead.
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(new ContentPolicyByPath()))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain peopleDoor(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                // The webapps have their own CSRF token (Camunda's CsrfPreventionFilter on /camunda/api).
                .csrf(AbstractHttpConfigurer::disable)
                .headers(headers -> headers
                        // Camunda sets its own X-XSS-Protection; the static files of the webapps may be cached.
                        .xssProtection(xss -> xss.disable())
                        .cacheControl(cache -> cache.disable())
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        // The webapps send Camunda's Content-Security-Policy (with a nonce per page); everything else
                        // served here (the start page's redirect, error pages) gets the strict one.
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(paths("/camunda/**")),
                                new StaticHeadersWriter("Content-Security-Policy", API_POLICY))))
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }

    /**
     * The API's policy, Swagger UI's for its page; a PDF (the simulation, a debtor list) only forbids framing: the
     * browsers' PDF viewers are pages of their own that a strict policy would leave blank.
     */
    private static final class ContentPolicyByPath implements HeaderWriter {
        private final RequestMatcher swagger = paths("/swagger-ui/**", "/swagger-ui.html");

        @Override
        public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
            if (response.containsHeader("Content-Security-Policy")) {
                return;
            }
            String type = response.getContentType();
            String policy = swagger.matches(request) ? SWAGGER_POLICY
                    : type != null && type.startsWith("application/pdf") ? "frame-ancestors 'none'" : API_POLICY;
            response.setHeader("Content-Security-Policy", policy);
        }
    }

    /**
     * Plain path patterns: {@code /engine-rest} is served by Jersey, not Spring MVC, so MVC-aware matchers
     * would never match it and the engine REST API would fall through to the open door.
     */
    private static RequestMatcher paths(String... patterns) {
        PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(Arrays.stream(patterns).<RequestMatcher>map(builder::matcher).toList());
    }

    /**
     * Tells the engine who is calling {@code /engine-rest}, with the user's groups, so Camunda authorizations
     * apply to REST calls exactly as they do in the webapps.
     */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        var registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.addUrlPatterns("/engine-rest/*");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                SpringSecurityEngineAuthentication.class.getName());
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /** Request bodies within {@link HttpLimits}, before anything reads them. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(HttpLimits limits, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimit(limits, json));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Outside every other filter, so it sees every cookie set, the webapps' own included. */
    @Bean
    FilterRegistrationBean<SecureCookiesBehindTls> secureCookiesBehindTls() {
        var registration = new FilterRegistrationBean<>(new SecureCookiesBehindTls());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** After the login, so it knows an administrator; on the engine's REST API and the webapps' copy of it. */
    @Bean
    FilterRegistrationBean<TaskVariablesFromForms> taskVariablesFromForms(ObjectProvider<ProcessEngine> engines,
                                                                          ObjectMapper json, CamundaBpmProperties camunda) {
        var registration = new FilterRegistrationBean<>(new TaskVariablesFromForms(engines, json));
        registration.addUrlPatterns("/engine-rest/*", camunda.getWebapp().getApplicationPath() + "/api/engine/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 3);
        return registration;
    }

    /**
     * A client that asks before sending a large body ({@code Expect: 100-continue}) is told to go on only once
     * duesflow reads it, so one that is too large is refused before it is sent.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnRead() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.setProperty("continueResponseTiming", "onRead"));
    }

    /**
     * After the login: only a caller Camunda knows learns what the password policy wants. The engine is looked up on
     * the first request, so the web server's filters do not wait for it at start-up.
     */
    @Bean
    FilterRegistrationBean<PasswordPolicyCheck> passwordPolicyCheck(ObjectProvider<IdentityService> identity,
                                                                    ObjectMapper json, CamundaBpmProperties camunda) {
        var registration = new FilterRegistrationBean<>(new PasswordPolicyCheck(identity, json));
        registration.addUrlPatterns("/engine-rest/*", camunda.getWebapp().getApplicationPath() + "/api/engine/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 2);
        return registration;
    }
}
