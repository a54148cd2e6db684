-- The charge as one aggregate with one life cycle (billing/Charge.java): a version for optimistic locking, the
-- statuses IN_COLLECTION and CARRIED, why and by whom its status last changed, and who collects it.
alter table charge add column version int not null default 0;
alter table charge add column status_reason text;
alter table charge add column status_changed_by text;
alter table charge drop constraint charge_status_check;
alter table charge add constraint charge_status_check
    check (status in ('DRAFT', 'OPEN', 'IN_COLLECTION', 'PARTLY_PAID', 'PAID', 'CANCELLED', 'CREDITED', 'CARRIED'));

-- Who collects the charge, decided once at approval and read by the bank file and the member's invoice alike:
-- SEPA_DIRECT_DEBIT or BETALINGSSERVICE; null when the member pays (invoice, card, by hand). collection_note says why
-- a member on direct debit is invoiced instead.
alter table charge add column collected_by text check (collected_by in ('SEPA_DIRECT_DEBIT', 'BETALINGSSERVICE'));
alter table charge add column collection_note text;
update charge c set collected_by = 'SEPA_DIRECT_DEBIT'
where c.collection_method = 'SEPA_DIRECT_DEBIT' and not c.invoiced_instead and c.status <> 'DRAFT' and c.kind = 'INVOICE';
update charge c set status = 'IN_COLLECTION'
where c.status = 'OPEN' and exists (select 1 from sepa_collection s where s.charge_id = c.id);

-- Arrears: the older charge is CARRIED (or CANCELLED by the "add and cancel" rule) and the arrears line knows which
-- charge it carries, so cancelling or crediting the carrier gives exactly that debt back.
alter table charge_line add column carried_charge_id bigint references charge (id);
update charge_line l set carried_charge_id = c.id
from charge c
where l.kind = 'ARREARS' and c.carried_into_charge_id = l.charge_id and l.text = 'Arrears ' || c.number;
update charge set status = 'CARRIED' where carried_into_charge_id is not null and status in ('OPEN', 'PARTLY_PAID');

-- An approval's ledger account replaces only the accounts a line did not choose itself (a group's account wins).
alter table charge_line add column default_account boolean not null default false;

-- Every change of a charge's status, whichever path made it: the aggregate's save or a set-based statement over a
-- whole run. Statement-level triggers with transition tables keep a run of 100 000 charges at one insert.
create table charge_status_change
(
    charge_id   bigint      not null references charge (id) on delete cascade,
    changed_at  timestamptz not null,
    from_status text        not null,
    to_status   text        not null,
    reason      text,
    changed_by  text        not null
);
create index charge_status_change_idx on charge_status_change (charge_id, changed_at);

create function record_charge_status_change() returns trigger
    language plpgsql as
$$
begin
    insert into duesflow.charge_status_change (charge_id, changed_at, from_status, to_status, reason, changed_by)
    select n.id, clock_timestamp(), o.status, n.status, n.status_reason, coalesce(n.status_changed_by, 'system')
    from new_rows n
             join old_rows o on o.id = n.id
    where o.status is distinct from n.status;
    return null;
end
$$;
create trigger charge_status_changed
    after update on charge
    referencing old table as old_rows new table as new_rows
    for each statement
execute function record_charge_status_change();

-- One occurrence of a billing line (line, member, due date) is billed by one run only. A second run over an
-- overlapping period leaves it out ("already billed in run N"); two runs generated at once meet this key.
-- Rejecting or expiring a run deletes its drafts and so frees their occurrences.
create table billed_occurrence
(
    billing_line_id bigint not null,
    member_number   bigint not null,
    due_date        date   not null,
    run_id          bigint not null,
    charge_id       bigint not null references charge (id) on delete cascade,
    primary key (billing_line_id, member_number, due_date)
);
create index billed_occurrence_charge_idx on billed_occurrence (charge_id);
insert into billed_occurrence (billing_line_id, member_number, due_date, run_id, charge_id)
select distinct on (l.billing_line_id, c.member_number, c.due_date) l.billing_line_id, c.member_number, c.due_date,
                                                                    c.run_id, c.id
from charge_line l
         join charge c on c.id = l.charge_id
where l.billing_line_id is not null and c.run_id is not null and c.kind = 'INVOICE'
order by l.billing_line_id, c.member_number, c.due_date, c.id;

-- Generation resumes by member, not by slice: the highest member number whose charges a chunk committed.
alter table billing_run add column generated_through_member bigint;

-- A run's collection after approval: pending until its files are recorded, failed with the reason (retried, and
-- a treasurer can retry it), done.
alter table billing_run add column collection_state text not null default 'NONE'
    check (collection_state in ('NONE', 'PENDING', 'DONE', 'FAILED'));
alter table billing_run add column collection_error text;
alter table billing_run add column collection_attempts int not null default 0;
alter table billing_run add column collection_next_attempt_at timestamptz;

-- A run being generated is GENERATING, so a start-up after a crash knows which runs to finish.
alter table billing_run drop constraint billing_run_state_check;
alter table billing_run add constraint billing_run_state_check
    check (state in ('DRAFT', 'GENERATING', 'GENERATED', 'APPROVED', 'SENT', 'REJECTED', 'EXPIRED'));
update billing_run set state = 'GENERATING' where state = 'DRAFT' and chunks_total > 0;

-- The member's language when billed: billing's own line texts (arrears, suspension fee, discount) are in it.
alter table charge add column language text;
-- A credit note's line names the position it credits, so a line is never credited beyond its amount.
alter table charge_line add column credited_position int;

-- Deleting a run's drafts checks every deleted charge against the lines that carry it: without this index that is a
-- scan of all charge lines per deleted charge.
create index charge_line_carried_idx on charge_line (carried_charge_id) where carried_charge_id is not null;

-- A split line's shares (fordeling) depend on every member it selects, not on one chunk: they are made once, over
-- the whole register, when a run's generation starts, and each chunk prices its members from them.
create table run_split_share
(
    run_id          bigint         not null references billing_run (id) on delete cascade,
    billing_line_id bigint         not null,
    member_number   bigint         not null,
    due_date        date           not null,
    amount          numeric(14, 2) not null,
    primary key (run_id, member_number, billing_line_id, due_date)
);
