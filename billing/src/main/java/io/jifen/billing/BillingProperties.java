package io.jifen.billing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.Valid;
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
 * @param dunning        the days of the overdue steps
 */
@ConfigurationProperties("jifen.billing")
@Validated
public record BillingProperties(@DefaultValue("Asia/Shanghai") ZoneId zone, @DefaultValue("600") @PositiveOrZero @Max(10_000) int defaultTaxBp,
                                @DefaultValue("3d") Duration gracePeriod, @DefaultValue("200") @Positive int tenantsPerChunk,
                                @DefaultValue Schedule schedule, @DefaultValue Pdf pdf,
                                @DefaultValue @Valid Dunning dunning) {

    /**
     * Cron expressions in the billing zone, "-" for never.
     *
     * @param monthlyRun the run that invoices the month before (the 1st, 02:00)
     * @param finalizeDrafts finalizing the drafts whose grace period is over
     * @param collect pushing finalized invoices to Stripe (and again after a failure), every five minutes
     * @param dunning the daily dunning run (09:00)
     */
    public record Schedule(@DefaultValue("0 0 2 1 * *") String monthlyRun, @DefaultValue("0 15 * * * *") String finalizeDrafts,
                           @DefaultValue("0 */5 * * * *") String collect, @DefaultValue("0 0 9 * * *") String dunning) {

        /** What turns a schedule off. */
        public static final String OFF = "-";

        public Schedule {
            for (String cron : new String[] {monthlyRun, finalizeDrafts, collect, dunning}) {
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

    /**
     * Dunning's steps, in days after an unpaid invoice's due date (its finalization day in the billing zone plus the
     * payment terms); each later than the one before.
     *
     * @param paymentTermsDays days from finalization to the due date (0: due when finalized, as Stripe charges at once)
     * @param reminderDays     the tenant's admins are reminded
     * @param warningDays      they are warned that the mall will be paused
     * @param pauseDays        the mall is paused: redemption refused, earning goes on
     * @param suspendDays      the tenant is suspended
     */
    public record Dunning(@DefaultValue("0") @PositiveOrZero int paymentTermsDays, @DefaultValue("3") @Positive int reminderDays,
                          @DefaultValue("7") @Positive int warningDays, @DefaultValue("14") @Positive int pauseDays,
                          @DefaultValue("30") @Positive int suspendDays) {

        public Dunning {
            if (!(reminderDays < warningDays && warningDays < pauseDays && pauseDays < suspendDays)) {
                throw new IllegalArgumentException("jifen.billing.dunning: the days must grow: reminder < warning < pause < suspend");
            }
        }

        /** The day after the due date on which a step is taken. */
        public int daysOf(DunningStep step) {
            return switch (step) {
                case REMINDER -> reminderDays;
                case WARNING -> warningDays;
                case MALL_PAUSED -> pauseDays;
                case SUSPENDED -> suspendDays;
            };
        }
    }
}
