package io.duesflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The back office an association's treasurer runs the money side with.
 * Each direct sub-package is a feature room; {@code platform} holds what every room uses.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DuesflowApplication {

    public static void main(String[] args) {
        SpringApplication.run(DuesflowApplication.class, args);
    }
}
