-- Spring Modulith's event publication registry: an event published in a transaction is kept here until
-- every listener (mail, payments, dunning, ledger) has handled it, so a crash loses no reaction.
create table event_publication
(
    id               uuid                     not null primary key,
    listener_id      text                     not null,
    event_type       text                     not null,
    serialized_event text                     not null,
    publication_date timestamp with time zone not null,
    completion_date  timestamp with time zone
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);
