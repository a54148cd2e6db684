-- "Send again" for a member who lost the mail: a resend is a mail of its own, recorded as such, with a new
-- Message-ID and the same document. The first mail of a document is resend 0; queuing it twice still adds nothing.
alter table mail_outbox add column resend int not null default 0 check (resend >= 0);
alter table mail_outbox add column resent_by text;
alter table mail_outbox drop constraint mail_outbox_kind_document_id_key;
alter table mail_outbox add constraint mail_outbox_kind_document_resend_key unique (kind, document_id, resend);
