package io.jifen.platform.segment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The segments job found a member newly dormant (no event for 90 days). {@code wakeUpTasks} are the tasks and task
 * packages of the rules in effect that target dormant members (condition {@code segments: [DORMANT]}): they count for
 * the member from now on, and this event is the hook for telling them so.
 */
public record MemberBecameDormant(UUID tenantId, UUID memberId, List<String> wakeUpTasks, Instant at) {
}
