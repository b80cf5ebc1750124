package io.jifen.billing.internal.collection;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.jifen.billing.InvoiceCollections;

/**
 * Pushes finalized invoices to Stripe (jifen.billing.schedule.collect): every instance may run it, as the idempotency
 * keys make a push made twice one Stripe invoice.
 */
@Component
class CollectionSchedule {

    private static final Logger log = LoggerFactory.getLogger(CollectionSchedule.class);

    private final InvoiceCollections collections;
    private final Clock clock;

    CollectionSchedule(InvoiceCollections collections, Clock clock) {
        this.collections = collections;
        this.clock = clock;
    }

    @Scheduled(cron = "${jifen.billing.schedule.collect:0 */5 * * * *}", zone = "${jifen.billing.zone:Asia/Shanghai}")
    void push() {
        int pushed = collections.pushDue(clock.instant());
        if (pushed > 0) {
            log.info("pushed {} finalized invoices to Stripe", pushed);
        }
    }
}
