package io.duesflow.mail;

import java.util.logging.Level;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * openhtmltopdf logs to java.util.logging by default, three INFO lines for every PDF ("Using fast-mode renderer.
 * Prepare to fly."), which at a hundred mails a second floods the log. This sends its messages to SLF4J under
 * {@code com.openhtmltopdf.*}, where the application's log levels apply, with its INFO chatter at DEBUG.
 */
final class PdfLogging implements XRLogger {

    private PdfLogging() {
    }

    /** Idempotent; the setting is global to openhtmltopdf, so the simulation PDF benefits too. */
    static synchronized void install() {
        if (!(XRLog.getLoggerImpl() instanceof PdfLogging)) {
            XRLog.setLoggerImpl(new PdfLogging());
        }
    }

    @Override
    public void log(String where, Level level, String message) {
        log(where, level, message, null);
    }

    @Override
    public void log(String where, Level level, String message, Throwable error) {
        Logger logger = LoggerFactory.getLogger(where);
        if (level.intValue() >= Level.SEVERE.intValue()) {
            logger.error(message, error);
        } else if (level.intValue() >= Level.WARNING.intValue()) {
            logger.warn(message, error);
        } else {
            logger.debug(message, error);
        }
    }

    @Override
    public void setLevel(String logger, Level level) {
        // Levels are the application's logging configuration's business.
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
        Logger logger = LoggerFactory.getLogger(diagnostic.getLogMessageId().getWhere());
        int level = diagnostic.getLevel().intValue();
        return level >= Level.SEVERE.intValue() ? logger.isErrorEnabled()
                : level >= Level.WARNING.intValue() ? logger.isWarnEnabled() : logger.isDebugEnabled();
    }
}
