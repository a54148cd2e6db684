-- Two-stage dunning. What a charge knows of its reminders lives with the charge (billing): its level (reminder_level,
-- V4), the day of its last reminder, a treasurer's "no reminders" stop flag, and one row per reminder it was sent.
alter table charge add column last_reminded_on date;
alter table charge add column reminders_stopped boolean not null default false;
alter table charge add column reminders_stopped_reason text;
alter table charge add column reminders_stopped_by text;
alter table charge add column reminders_stopped_at timestamptz;

-- One row per reminder a charge was sent: which round, its level, the day it was sent and the day it asks payment by,
-- the fee it added (a FEE line at fee_position on the charge) and the round's message. The primary key is the rule
-- that a round reminds a charge, and adds its fee, once; (charge, level) that a charge gets each level once.
-- round_id is dunning's round (no foreign key into another room's table).
create table charge_reminder
(
    charge_id    bigint         not null references charge (id) on delete cascade,
    round_id     bigint         not null,
    level        int            not null check (level in (1, 2)),
    reminded_on  date           not null,
    pay_by       date           not null,
    fee          numeric(14, 2) not null default 0 check (fee >= 0),
    fee_position int,
    message      text,
    primary key (charge_id, round_id),
    unique (charge_id, level)
);
create index charge_reminder_round_idx on charge_reminder (round_id);

-- Dunning's rounds: one per reminder date reached (or "send a reminder now"), of one sent run. The round keeps what
-- it collected, what the treasurer decided (who, when, the fee, the pay-by date, the message) and what was sent.
create table reminder_round
(
    id              bigint generated always as identity primary key,
    run_id          bigint      not null,
    kind            text        not null check (kind in ('SCHEDULED', 'NOW')),
    scheduled_round int check (scheduled_round in (1, 2)),
    state           text        not null check (state in ('WAITING', 'NOTHING_TO_SEND', 'SKIPPED', 'APPROVED', 'SENT')),
    selected_at     timestamptz not null,
    selected_by     text        not null,
    reminders       int         not null default 0,
    members         int         not null default 0,
    owed            numeric(14, 2) not null default 0,
    skipped         int         not null default 0,
    fee             numeric(14, 2),
    pay_by          date,
    message         text,
    decided_by      text,
    decided_at      timestamptz,
    sent_at         timestamptz,
    sent            int,
    skipped_at_sending int,
    fees_total      numeric(14, 2)
);
create index reminder_round_run_idx on reminder_round (run_id, id);

-- Each charge a round looked at: what it owed then, the level its reminder would have, what the law's rules need to
-- know (the last reminder, how many letters carried a fee), and what became of it: SELECTED, then SENT or SKIPPED
-- with the reason (stopped by a treasurer, already at its second reminder, paid while the round waited …).
create table reminder_round_charge
(
    round_id         bigint         not null references reminder_round (id) on delete cascade,
    charge_id        bigint         not null,
    charge_number    text           not null,
    member_number    bigint         not null,
    due_date         date           not null,
    owed             numeric(14, 2) not null,
    level            int            not null,
    last_reminded_on date,
    fee_letters      int            not null default 0,
    outcome          text           not null check (outcome in ('SELECTED', 'SENT', 'SKIPPED')),
    reason           text,
    fee              numeric(14, 2),
    primary key (round_id, charge_id)
);
create index reminder_round_charge_outcome_idx on reminder_round_charge (round_id, outcome, member_number);

-- After a run's last round: the charges still owed, to be followed up by hand.
create table reminder_follow_up
(
    run_id        bigint         not null,
    charge_id     bigint         not null,
    charge_number text           not null,
    member_number bigint         not null,
    owed          numeric(14, 2) not null,
    level         int            not null,
    listed_at     timestamptz    not null,
    primary key (run_id, charge_id)
);

-- The association's own dunning rules (used where no law sets them: not Denmark, not the Netherlands) and the days
-- the rounds count with. One row.
create table dunning_settings
(
    id                   int primary key check (id = 1),
    version              int            not null default 0,
    max_fee              numeric(14, 2) check (max_fee >= 0),
    max_fee_letters      int check (max_fee_letters >= 0),
    min_days_between     int check (min_days_between >= 0),
    pay_days             int            not null default 14 check (pay_days between 1 and 90),
    first_reminder_days  int            not null default 14 check (first_reminder_days between 0 and 365),
    second_reminder_days int            not null default 14 check (second_reminder_days between 1 and 365),
    approval_days        int            not null default 7 check (approval_days between 1 and 60),
    updated_at           timestamptz,
    updated_by           text
);
insert into dunning_settings (id) values (1);
