package io.jifen.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.stereotype.Service;

/**
 * The operator's view of the events between modules that a listener has not completed yet (Spring Modulith's
 * publication registry in {@code events.event_publication}): each stays there, with its attempts, until its listener
 * succeeds; a restart republishes them ({@code spring.modulith.events.republish-outstanding-events-on-restart}) and the
 * operator can resubmit them now.
 */
@Service
class EventPublications {

    /** An event a listener has not completed: which listener, the event's type, when, and how often it was tried. */
    public record Incomplete(UUID id, String listener, String eventType, Instant publishedAt, @Nullable String status, int attempts,
                             @Nullable Instant lastResubmittedAt, String event) {
    }

    private final JdbcClient jdbc;
    private final IncompleteEventPublications incomplete;

    EventPublications(JdbcClient jdbc, IncompleteEventPublications incomplete) {
        this.jdbc = jdbc;
        this.incomplete = incomplete;
    }

    /** The incomplete publications, oldest first, at most {@code limit}. */
    public List<Incomplete> incomplete(int limit) {
        return jdbc.sql("""
                        select id, listener_id, event_type, publication_date, status, coalesce(completion_attempts, 0), last_resubmission_date,
                               serialized_event
                        from events.event_publication where completion_date is null order by publication_date, id limit ?""")
                .param(limit)
                .query((rs, n) -> new Incomplete(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getInt(6),
                        instant(rs.getObject(7, OffsetDateTime.class)), rs.getString(8)))
                .list();
    }

    /** Hands the incomplete publications older than {@code age} to their listeners again; answers how many there were. */
    public int resubmitOlderThan(Duration age) {
        int due = jdbc.sql("select count(*) from events.event_publication where completion_date is null and publication_date < ?")
                .param(OffsetDateTime.now().minus(age)).query(Integer.class).single();
        incomplete.resubmitIncompletePublicationsOlderThan(age);
        return due;
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
