-- Why a mail last failed, so that retrying a run's mail incident tries again exactly the mails that failed on their
-- template or data, and not those the mail server refused (the outbox route keeps retrying those on its own).
alter table mail_outbox
    add column failure text check (failure in ('TEMPLATE', 'DOCUMENT', 'DELIVERY'));
-- A template or data failure is reported once, as an incident on the run's mail process; retrying that incident
-- puts the reported mails back in the queue.
alter table mail_outbox
    add column failure_reported boolean not null default false;

update mail_outbox set failure = case when last_error like 'template %' then 'TEMPLATE' else 'DOCUMENT' end
where status = 'FAILED' and attempts = 0;
update mail_outbox set failure = 'DELIVERY' where failure is null and attempts > 0 and last_error is not null;

-- A Message-ID is made of the mail's kind, its document and the second it was queued, and (kind, document) is
-- unique already: a second unique index only made queuing a large run slower.
alter table mail_outbox drop constraint mail_outbox_message_id_key;
