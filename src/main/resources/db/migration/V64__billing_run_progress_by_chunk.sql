-- A generation's progress is its chunks' (billing_run_chunk, V63), no longer the last member billed.
alter table billing_run drop column generated_through_member;
