package io.jifen.platform.earning;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Upper bounds on what one earning event may carry and earn ({@code jifen.earning.limits.*}): beyond them an event is
 * refused with a 400 naming the field, so that no amount, however large, overflows the arithmetic or a counter.
 *
 * @param maxAmountFen      an order's amount, a refund's and an item's (default 10,000,000,000 fen: ¥100 million)
 * @param maxPointsPerEvent what one event may earn (default 100,000,000 points)
 * @param maxItems          items of one order
 * @param maxAttributes     attributes of one event
 * @param maxTextLength     ids, SKUs, categories, stores, regions, channels and attribute names
 * @param maxValueLength    attribute values
 */
@Validated
@ConfigurationProperties("jifen.earning.limits")
public record EarningLimits(@DefaultValue("10000000000") @Positive long maxAmountFen, @DefaultValue("100000000") @Positive long maxPointsPerEvent,
                            @DefaultValue("500") @Positive int maxItems, @DefaultValue("50") @Positive int maxAttributes,
                            @DefaultValue("100") @Positive int maxTextLength, @DefaultValue("1000") @Positive int maxValueLength) {
}
