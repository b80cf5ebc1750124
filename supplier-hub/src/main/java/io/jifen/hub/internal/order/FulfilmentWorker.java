package io.jifen.hub.internal.order;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * On every instance, every {@code jifen.hub.orders.poll-millis}: reads the suppliers' order messages, then works on the
 * orders that are due. Instances share the work safely: each order is claimed by one worker at a time.
 */
@Component
class FulfilmentWorker {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentWorker.class);

    private final Fulfilment fulfilment;

    FulfilmentWorker(Fulfilment fulfilment) {
        this.fulfilment = fulfilment;
    }

    @Scheduled(fixedDelayString = "${jifen.hub.orders.poll-millis:2000}", initialDelayString = "${jifen.hub.orders.poll-millis:2000}")
    void run() {
        try {
            fulfilment.pollOrderChanges();
            while (fulfilment.processDue() > 0) {
                // more may be due
            }
        } catch (RuntimeException e) {
            log.warn("order worker: {}", e.toString());
        }
    }
}
