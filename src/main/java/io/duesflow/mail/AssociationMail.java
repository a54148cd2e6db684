package io.duesflow.mail;

import java.util.List;

import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import org.springframework.stereotype.Service;

/**
 * The front door to mail for the association itself: a notice (a run waits for approval, a run expired, a reminder
 * round is ready) rendered in the association's language and sent to its mail address at once. A process step sends
 * it, so the step's retries are the mail's; the caller gives the Message-ID, the same on every try, so a notice sent
 * again after a crash is recognisably the same mail.
 */
@Service
public class AssociationMail {

    /** A file to attach, such as the simulation PDF of a draft run. */
    public record Attachment(String fileName, String contentType, byte[] content) {
    }

    private final DocumentRenderer renderer;
    private final MailTransport transport;
    private final MemberRegister register;

    AssociationMail(DocumentRenderer renderer, MailTransport transport, MemberRegister register) {
        this.renderer = renderer;
        this.transport = transport;
        this.register = register;
    }

    /** The association's language for notices: the first of the languages it chose. */
    public Language language() {
        String languages = register.association().languages();
        return Language.of(languages == null || languages.isBlank() ? "en" : languages.split(",")[0]);
    }

    /**
     * Sends the notice; answers false, sending nothing, when the association has no mail address (its settings say
     * where notices go).
     */
    public boolean send(DocumentKind kind, AssociationNotice notice, String messageId, List<Attachment> attachments) {
        Association association = register.association();
        if (association.email() == null || association.email().isBlank()) {
            return false;
        }
        RenderedDocument document = renderer.render(kind, notice);
        transport.deliver(new OutgoingMail(messageId, association.email().trim(), document.subject(), document.text(),
                document.html(), attachments.stream()
                .map(a -> new OutgoingMail.Attachment(a.fileName(), a.contentType(), a.content())).toList(), null));
        return true;
    }
}
