-- Periodic invoices (the Dutch manual's "periodieke facturatie"): a scheduled billing line for named members, with
-- invoice lines of its own, its own day the invoice is made (on or before its due date: made on the 25th, due on the
-- 1st), and a switch that keeps its invoices from being mailed.
alter table billing_line drop constraint billing_line_who_check;
alter table billing_line add constraint billing_line_who_check
    check (who in ('ALL', 'GROUPS', 'EXTRA_FIELD', 'CRITERIA', 'MEMBERS'));
alter table billing_line drop constraint billing_line_price_kind_check;
alter table billing_line add constraint billing_line_price_kind_check
    check (price_kind in ('FIXED', 'GROUPS', 'EXTRA_FIELD', 'FORMULA', 'DECISION', 'LINES'));
-- Member numbers joined with |, for who = MEMBERS.
alter table billing_line add column who_members text;
-- The day the first invoice is made; later ones follow by the frequency, like the due dates.
alter table billing_line add column first_made_on date;
alter table billing_line add constraint billing_line_made_on_check
    check (first_made_on is null or (first_due_date is not null and first_made_on <= first_due_date));
-- false: the line's charges are approved and numbered but not mailed; they wait for the treasurer.
alter table billing_line add column mail boolean not null default true;

-- The invoice lines of a line priced LINES (a periodic invoice's own lines), in order.
create table billing_line_item
(
    billing_line_id bigint         not null references billing_line (id) on delete cascade,
    position        int            not null,
    text            text           not null,
    amount          numeric(14, 2) not null check (amount > 0),
    ledger_account  text,
    primary key (billing_line_id, position)
);

-- The day a charge is made (its invoice date) when a line says so; null: the day its run is approved. A mail is not
-- sent before it.
alter table charge add column made_on date;
-- false: approved and numbered but not mailed (a line's or the run's switch); mail_note says which switch. Such a
-- charge waits in the open list to be sent by hand, printed or collected.
alter table charge add column mail boolean not null default true;
alter table charge add column mail_note text;
create index charge_open_not_mailed_idx on charge (run_id) where not mail;

-- The run's switch at approval: false mails none of its charges.
alter table billing_run add column mail_invoices boolean not null default true;
