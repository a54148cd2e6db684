-- The ledger books payments (ledger/PaymentPostings): bank credits a treasurer marks as "not dues" (a donation, a
-- refund …) go to an account of their own until the treasurer re-books them with a correction.
alter table ledger_account drop constraint ledger_account_role_check;
alter table ledger_account add constraint ledger_account_role_check
    check (role in ('COLLECTION_CLEARING', 'MEMBER_CREDIT', 'BANK_CHARGES', 'ROUNDING', 'OTHER_RECEIPTS'));

insert into ledger_account (number, name, type, role, version, created_at, created_by, updated_at, updated_by)
select '3950', 'Other receipts (not dues)', 'INCOME', 'OTHER_RECEIPTS', 0, now(), 'system', now(), 'system'
where not exists (select 1 from ledger_account where number = '3950');
