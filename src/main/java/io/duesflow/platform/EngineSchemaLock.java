package io.duesflow.platform;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * One node at a time creates or updates the process engine's tables. Camunda checks for its tables and creates the
 * missing ones without a lock: two nodes started together on an empty database both try to create them, and the
 * slower one dies on "duplicate key value violates unique constraint pg_type_typname_nsp_index" (found by
 * {@code bench/run nodes}). The engine is therefore built while this node holds a PostgreSQL advisory lock, taken on
 * a connection of its own; the other node waits, then finds the tables there. (Flyway takes its own lock.)
 */
@Component
class EngineSchemaLock extends AbstractProcessEnginePlugin {

    static final int LOCK_CLASS = 7015;
    static final int LOCK_ID = 2;

    private final DataSource dataSource;
    private AdvisoryLock held;

    EngineSchemaLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        try {
            held = AdvisoryLock.take(dataSource, LOCK_CLASS, LOCK_ID);
        } catch (SQLException e) {
            throw new IllegalStateException("The lock for creating the process engine's tables cannot be taken: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        AdvisoryLock lock = held;
        held = null;
        if (lock != null) {
            lock.release();
        }
    }
}
