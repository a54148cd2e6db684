-- What a treasurer is shown before approving a run: members the generation flagged. Written with each chunk, so the
-- approval form can list them however large the run; a rejected run's flags go with its drafts.
create table run_flag
(
    run_id        bigint not null references billing_run (id) on delete cascade,
    member_number bigint not null,
    kind          text   not null check (kind in ('SKIPPED', 'INVOICED_INSTEAD', 'NO_MAIL_ADDRESS')),
    line_name     text,
    reason        text,
    primary key (run_id, member_number, kind, line_name)
);
