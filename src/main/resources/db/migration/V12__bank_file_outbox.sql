-- A bank file is first recorded, in the transaction that puts its charges in collection, and placed in the outbox
-- only after that transaction has committed: a rollback leaves no file the database does not know, and a file
-- recorded but not placed (the application stopped in between, the disk refused it) is placed by the next poll.
-- So the record holds everything the file says, and the file is written from it alone, the same each time.
alter table sepa_file add column state text not null default 'PLACED' check (state in ('RECORDED', 'PLACED'));
alter table sepa_file add column recorded_at timestamptz;
alter table sepa_file add column recorded_by text;
update sepa_file set recorded_at = placed_at, recorded_by = placed_by;
alter table sepa_file alter column recorded_at set not null;
alter table sepa_file alter column recorded_by set not null;
alter table sepa_file alter column placed_at drop not null;
alter table sepa_file alter column placed_by drop not null;
alter table sepa_file add constraint sepa_file_placed_check check (state <> 'PLACED' or placed_at is not null);
-- The group header: when the file was made (CreDtTm, in the association's time zone, to the second), the
-- creditor as it was when the file was recorded, and the booking wish.
alter table sepa_file add column creation_time timestamp(0);
alter table sepa_file add column batch_booking boolean;
alter table sepa_file add column creditor_name text;
alter table sepa_file add column creditor_iban text;
alter table sepa_file add column creditor_bic text;
alter table sepa_file add column creditor_id text;
-- Placement tries that failed (a full or missing disk) and why the last one did; the run shows it.
alter table sepa_file add column attempts int not null default 0;
alter table sepa_file add column last_error text;
create index sepa_file_recorded_idx on sepa_file (run_id) where state = 'RECORDED';

-- Each collection as the file writes it. Files placed before this migration were written already; their rows
-- stay without these columns and are never written again.
alter table sepa_collection add column debtor_name text;
alter table sepa_collection add column debtor_iban text;
alter table sepa_collection add column debtor_bic text;
alter table sepa_collection add column debtor_street text;
alter table sepa_collection add column debtor_building_number text;
alter table sepa_collection add column debtor_post_code text;
alter table sepa_collection add column debtor_town text;
alter table sepa_collection add column debtor_country text;
alter table sepa_collection add column mandate_signed_on date;
alter table sepa_collection add column original_mandate_id text;
alter table sepa_collection add column original_creditor_id text;
alter table sepa_collection add column original_debtor_iban text;
alter table sepa_collection add column new_debtor_account boolean not null default false;
alter table sepa_collection add column rf_reference text;
alter table sepa_collection add column remittance_text text;
create index sepa_collection_file_idx on sepa_collection (file_id, sequence_type, end_to_end_id);
