package io.duesflow.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first administrator, from {@code DUESFLOW_ADMIN_USER} and {@code DUESFLOW_ADMIN_PASSWORD}.
 * With no password, the first start generates one and logs it once.
 */
@ConfigurationProperties("duesflow.admin")
public record AdminProperties(@DefaultValue("admin") String user, String password) {
}
