package io.jifen.platform.payment;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Test listener (picked up by the component scan from the test classpath): the payments' outcomes, as committed. */
@Component
class PaymentOutcomesHeard {

    private final Queue<Object> heard = new ConcurrentLinkedQueue<>();

    @TransactionalEventListener
    void on(PaymentSucceeded event) {
        heard.add(event);
    }

    @TransactionalEventListener
    void on(PaymentFailed event) {
        heard.add(event);
    }

    /** What was heard about a reference, in order (a method: the bean may be a proxy). */
    List<Object> about(String reference) {
        return heard.stream().filter(event -> event instanceof PaymentSucceeded s ? s.reference().equals(reference)
                : ((PaymentFailed) event).reference().equals(reference)).toList();
    }
}
