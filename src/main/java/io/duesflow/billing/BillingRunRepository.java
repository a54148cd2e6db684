package io.duesflow.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface BillingRunRepository extends ListCrudRepository<BillingRun, Long> {

    /** The run, its row locked until the transaction ends: two approvals of one run happen one after the other. */
    @Query("select * from duesflow.billing_run where id = :id for update")
    Optional<BillingRun> lockById(long id);

    @Query("""
            select * from duesflow.billing_run
            where (cast(:state as text) is null or state = :state) and (cast(:kind as text) is null or kind = :kind)
            order by id desc limit :limit offset :offset""")
    List<BillingRun> findPage(String state, String kind, int limit, long offset);

    @Query("select id from duesflow.billing_run where state = :state order by id")
    List<Long> findIdsByState(String state);

    @Query("""
            select id from duesflow.billing_run
            where state in ('APPROVED', 'SENT') and collection_state in ('PENDING', 'FAILED')
              and collection_next_attempt_at <= :now
            order by collection_next_attempt_at""")
    List<Long> findCollectionsDue(Instant now);
}
