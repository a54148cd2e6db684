package io.duesflow.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * The document templates and their {@code messages/documents} bundle, in an engine of their own: the application's
 * Thymeleaf engine and Spring Boot's message source stay as they are, and a document template cannot pick up a
 * message key meant for a screen. Parsed templates are cached for the life of the application.
 * <p>
 * An association may keep its own versions of templates in a folder ({@code duesflow.mail.templates.dir}, e.g.
 * {@code invoice/mail.html}): a file there is used instead of the built-in template of the same name. Those are
 * looked at again every {@code check-interval}, so a fixed template is picked up without a restart.
 * <p>
 * The built-in PDF of a member document is drawn by {@link LetterPdf}; its templates ({@code document/letter.html}
 * and the document's own, e.g. {@code invoice/invoice.html}) are used only when the association has its own version
 * of one of them ({@link #ownPdfTemplate}).
 */
@Component
class DocumentTemplates {

    static final String FOLDER = "templates/";
    static final String BUNDLE = "messages/documents";
    /** The page every member document's PDF template builds on. */
    static final String LETTER = "document/letter";
    /** The mail every member document's mail template builds on. */
    static final String MAIL = "document/mail";

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    private final Path ownTemplates;

    @Autowired
    DocumentTemplates(MailProperties properties) {
        this(properties.templates().dir(), properties.templates().checkInterval());
    }

    /** The built-in templates only. */
    DocumentTemplates() {
        this(null, null);
    }

    /**
     * The built-in templates and, where it has them, the association's own in {@code ownTemplates}, each looked at
     * again after {@code checkInterval}.
     */
    DocumentTemplates(Path ownTemplates, Duration checkInterval) {
        this.ownTemplates = ownTemplates;
        messages.setBasename(BUNDLE);
        messages.setDefaultEncoding("UTF-8");
        // Every language has its own complete file; never fall back to the server's language.
        messages.setFallbackToSystemLocale(false);
        // Texts with and without arguments are read the same way, so an apostrophe means the same in both.
        messages.setAlwaysUseMessageFormat(true);

        ClassLoaderTemplateResolver builtIn = new ClassLoaderTemplateResolver(DocumentTemplates.class.getClassLoader());
        configure(builtIn, FOLDER, 2);
        if (ownTemplates != null) {
            FileTemplateResolver own = new FileTemplateResolver();
            configure(own, ownTemplates.toAbsolutePath() + "/", 1);
            // Only a file that exists there replaces a built-in template.
            own.setCheckExistence(true);
            // A cached built-in template would hide an own one added later, so both are looked at again.
            own.setCacheTTLMs(checkInterval.toMillis());
            builtIn.setCacheTTLMs(checkInterval.toMillis());
            engine.addTemplateResolver(own);
        }
        engine.addTemplateResolver(builtIn);
        engine.setTemplateEngineMessageSource(messages);
        engine.setEnableSpringELCompiler(true);
    }

    private static void configure(AbstractConfigurableTemplateResolver resolver, String prefix, int order) {
        resolver.setPrefix(prefix);
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        resolver.setOrder(order);
    }

    /**
     * Whether the association has its own version of the PDF template of this kind or of the letter it builds on:
     * then its PDF is printed from the templates rather than drawn. Asked of the folder itself every time, so an
     * own template added or removed counts from the next document on.
     */
    boolean ownPdfTemplate(DocumentKind kind) {
        return ownTemplates != null && (Files.isRegularFile(ownTemplates.resolve(kind.template() + ".html"))
                || Files.isRegularFile(ownTemplates.resolve(LETTER + ".html")));
    }

    /**
     * Whether the association has its own version of the mail template of this kind or of the mail it builds on
     * ({@code document/mail.html}): then the mail's body is made from the templates rather than written by
     * {@link MailBody}. Asked of the folder itself every time, as {@link #ownPdfTemplate} is.
     */
    boolean ownMailTemplate(DocumentKind kind) {
        return ownTemplates != null && (Files.isRegularFile(ownTemplates.resolve(kind.mailTemplate() + ".html"))
                || Files.isRegularFile(ownTemplates.resolve(MAIL + ".html")));
    }

    String process(String template, Language language, Map<String, Object> variables) {
        try {
            return engine.process(template, new Context(language.locale(), variables));
        } catch (TemplateProcessingException e) {
            String where = e.getTemplateName() != null ? e.getTemplateName() : template;
            int line = e.getLine() != null ? e.getLine() : -1;
            throw new TemplateFailed(where, line, rootMessage(e), e);
        }
    }

    String message(String key, Language language, Object... arguments) {
        return messages.getMessage(key, arguments, language.locale());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
