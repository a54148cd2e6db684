-- A run's generation cut into chunks of members once, when it starts: chunk n bills the members numbered after
-- after_member through through_member (no bound where null: the first chunk starts at the register's beginning, the
-- last runs to its end and so takes whoever joined meanwhile). The chunks are jobs any node may run, in any order and
-- side by side; a chunk is made done in the same transaction as its charges, so one retried or run twice finds it done
-- and bills nobody again.
create table billing_run_chunk
(
    run_id         bigint      not null references billing_run (id) on delete cascade,
    number         int         not null check (number > 0),
    after_member   bigint,
    through_member bigint,
    done           boolean     not null default false,
    charge_count   int         not null default 0,
    members_read   int         not null default 0,
    done_at        timestamptz,
    primary key (run_id, number)
);
