package io.jifen.platform.segment;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Test listener (picked up by the application's component scan from the test classpath): the dormancy announcements. */
@Component
class DormantMembersHeard {

    final Queue<MemberBecameDormant> heard = new ConcurrentLinkedQueue<>();

    @EventListener
    void on(MemberBecameDormant event) {
        heard.add(event);
    }
}
