package io.duesflow.platform;

import static org.springframework.security.config.Customizer.withDefaults;

import java.util.Arrays;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two doors. The machine door ({@code /api}, {@code /engine-rest}, actuator, OpenAPI) takes HTTP Basic checked
 * against Camunda's users; only health is open. The people door (Tasklist, Cockpit, Admin under
 * {@code /camunda}) is guarded by the Camunda webapps' own login, CSRF and security headers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain machineDoor(HttpSecurity http) throws Exception {
        return http
                .securityMatcher(paths("/api/**", "/engine-rest/**", "/actuator/**", "/v3/api-docs/**",
                        "/swagger-ui/**", "/swagger-ui.html"))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(paths("/actuator/health", "/actuator/health/**")).permitAll()
                        // Supervisors read; only treasurers and administrators change the books.
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/**"))
                        .authenticated()
                        .requestMatchers(paths("/api/**"))
                        .hasAnyAuthority("GROUP_" + Roles.TREASURER, "GROUP_" + Roles.ADMIN)
                        .anyRequest().authenticated())
                .httpBasic(withDefaults())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain peopleDoor(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
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
}
