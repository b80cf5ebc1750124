package io.jifen.billing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * Billing's settings ({@code jifen.billing.*}), checked when the application starts.
 *
 * @param zone           the time zone whose calendar months are billed (Beijing time)
 * @param defaultTaxBp   the tax rate a plan version gets when it names none, in basis points (600: 6 % VAT on services)
 * @param gracePeriod    how long an invoice stays a draft before it is finalized
 * @param tenantsPerChunk tenants invoiced per chunk (one transaction) of the monthly run
 * @param schedule       when billing's jobs run
 * @param pdf            how invoices are printed
 */
@ConfigurationProperties("jifen.billing")
@Validated
public record BillingProperties(@DefaultValue("Asia/Shanghai") ZoneId zone, @DefaultValue("600") @PositiveOrZero @Max(10_000) int defaultTaxBp,
                                @DefaultValue("3d") Duration gracePeriod, @DefaultValue("200") @Positive int tenantsPerChunk,
                                @DefaultValue Schedule schedule, @DefaultValue Pdf pdf) {

    /**
     * Cron expressions in the billing zone, "-" for never.
     *
     * @param monthlyRun the run that invoices the month before (the 1st, 02:00)
     * @param finalizeDrafts finalizing the drafts whose grace period is over
     */
    public record Schedule(@DefaultValue("0 0 2 1 * *") String monthlyRun, @DefaultValue("0 15 * * * *") String finalizeDrafts) {

        /** What turns a schedule off. */
        public static final String OFF = "-";

        public Schedule {
            for (String cron : new String[] {monthlyRun, finalizeDrafts}) {
                if (!OFF.equals(cron) && !CronExpression.isValidExpression(cron)) {
                    throw new IllegalArgumentException("jifen.billing.schedule: '" + cron + "' is neither a cron expression nor '-'");
                }
            }
        }
    }

    /**
     * @param font a font with Chinese glyphs (TrueType or OpenType, a collection with ",<index>"); Debian's and CI's
     *             fonts-noto-cjk by default
     */
    public record Pdf(@DefaultValue("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,0") String font) {

        public Path fontFile() {
            int comma = font.lastIndexOf(',');
            return Path.of(comma > 0 && font.substring(comma + 1).chars().allMatch(Character::isDigit) ? font.substring(0, comma) : font);
        }
    }
}
