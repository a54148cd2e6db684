package io.duesflow.platform;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every cookie duesflow sets over TLS is {@code Secure}, so the browser never sends it over plain HTTP. The web
 * server marks its session cookie so by itself; the webapps' anti-CSRF cookie is set by Camunda, which only knows
 * a fixed setting, so it is marked here. "Over TLS" is what the request says, and behind a TLS proxy what the proxy's
 * {@code X-Forwarded-Proto} says (trusted from the proxies {@code server.tomcat.remoteip.internal-proxies} names).
 * Over plain HTTP (a laptop, a test) cookies stay as they are, or nobody could log in.
 */
final class SecureCookiesBehindTls extends OncePerRequestFilter {

    private static final Pattern SECURE = Pattern.compile(";\\s*secure\\s*(;|$)");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, request.isSecure() ? new SecureCookies(response) : response);
    }

    private static final class SecureCookies extends HttpServletResponseWrapper {

        SecureCookies(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addCookie(Cookie cookie) {
            cookie.setSecure(true);
            super.addCookie(cookie);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, secured(name, value));
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, secured(name, value));
        }

        private static String secured(String name, String value) {
            if (value == null || !"set-cookie".equalsIgnoreCase(name)
                    || SECURE.matcher(value.toLowerCase(Locale.ROOT)).find()) {
                return value;
            }
            return value + "; Secure";
        }
    }
}
