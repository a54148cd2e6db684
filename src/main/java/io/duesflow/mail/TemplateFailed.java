package io.duesflow.mail;

/**
 * A document template could not be rendered. Names the template and the line so the incident a caller raises
 * points at what to fix; a line of -1 means the template engine could not tell.
 */
public class TemplateFailed extends RuntimeException {

    private final String template;
    private final int line;

    public TemplateFailed(String template, int line, String message, Throwable cause) {
        super("Template " + template + (line > 0 ? " line " + line : "") + ": " + message, cause);
        this.template = template;
        this.line = line;
    }

    public String template() {
        return template;
    }

    public int line() {
        return line;
    }
}
