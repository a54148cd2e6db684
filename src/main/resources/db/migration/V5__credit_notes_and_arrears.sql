-- Credit notes are charges of their own kind pointing at what they credit; arrears carried onto a newer charge
-- point at it, so a debt is owed (and reminded, and booked) in one place only.
alter table charge add column kind text not null default 'INVOICE' check (kind in ('INVOICE', 'CREDIT_NOTE'));
alter table charge add column credits_charge_id bigint references charge (id);
alter table charge add column carried_into_charge_id bigint references charge (id);
alter table charge add column paid numeric(14, 2) not null default 0;
alter table charge add column credited numeric(14, 2) not null default 0;
alter table charge alter column run_id drop not null;

alter table charge_line add column kind text not null default 'LINE'
    check (kind in ('LINE', 'FEE', 'ARREARS', 'CREDIT'));

alter table billing_run add column arrears_rule text not null default 'LEAVE'
    check (arrears_rule in ('LEAVE', 'ADD_LINE', 'ADD_LINE_AND_CANCEL'));
