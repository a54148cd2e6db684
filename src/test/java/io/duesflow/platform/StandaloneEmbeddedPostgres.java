package io.duesflow.platform;

import java.nio.file.Path;

/**
 * A JVM that starts the embedded server on a folder as the application does, says so on stdout and then waits to be
 * killed: what {@link EmbeddedPostgresAfterACrashTests} kills with SIGKILL, at a fraction of the application's start-up.
 */
final class StandaloneEmbeddedPostgres {

    static final String READY = "embedded postgres ready on port ";

    private StandaloneEmbeddedPostgres() {
    }

    public static void main(String[] arguments) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.acquire(Path.of(arguments[0]), false);
        System.out.println(READY + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
