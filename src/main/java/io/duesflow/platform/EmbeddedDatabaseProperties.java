package io.duesflow.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL server duesflow runs for itself when no external database is configured.
 *
 * @param dataDir    where its data lives; it survives restarts
 * @param cleanStart start from an empty database each time (tests); such a throwaway database also skips
 *                   synchronous commits, which a real one never does
 */
@ConfigurationProperties("duesflow.database.embedded")
public record EmbeddedDatabaseProperties(@DefaultValue("./data/postgres") Path dataDir,
                                         @DefaultValue("false") boolean cleanStart) {
}
