package io.jifen.hub.internal.order;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import io.jifen.hub.HubProperties;

/**
 * On every instance, every {@code jifen.hub.orders.poll-millis}: reads the suppliers' order messages, then works on the
 * orders that are due. Instances share the work safely: each order is claimed by one worker at a time.
 */
@Component
class FulfilmentWorker implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentWorker.class);

    private final Fulfilment fulfilment;
    private final Duration every;

    FulfilmentWorker(Fulfilment fulfilment, HubProperties properties) {
        this.fulfilment = fulfilment;
        this.every = Duration.ofMillis(properties.orders().pollMillis());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::run, every, every));
    }

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
