package io.jifen.platform.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many of the members' requests a replica works on at once ({@link WorkLimit}).
 *
 * @param permits      requests worked on at once; 0 means four per processor, a negative number turns the limit off
 * @param queueTimeout how long a request may wait for a permit before it is answered 503 with {@code Retry-After}
 * @param paths        the requests the limit applies to (Spring path patterns); everything else is never held back
 * @param except       requests under {@code paths} that are not limited (those that wait on another service)
 */
@ConfigurationProperties("jifen.web.work-limit")
public record WorkLimitProperties(int permits, Duration queueTimeout, List<String> paths, List<String> except) {

    public WorkLimitProperties {
        if (queueTimeout == null || queueTimeout.isNegative() || queueTimeout.isZero()) {
            throw new IllegalArgumentException("jifen.web.work-limit.queue-timeout must be positive, not " + queueTimeout);
        }
        paths = paths == null ? List.of() : List.copyOf(paths);
        except = except == null ? List.of() : List.copyOf(except);
    }

    /** The permits in effect on a machine with this many processors; 0 when the limit is off. */
    int effectivePermits(int processors) {
        return permits < 0 ? 0 : permits == 0 ? 4 * processors : permits;
    }
}
