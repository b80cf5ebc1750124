package io.jifen.billing;

import org.jspecify.annotations.Nullable;

/** The terms of a new plan version (see {@link Plan}); without a tax rate it gets {@code jifen.billing.default-tax-bp}. */
public record PlanTerms(String code, String name, long baseFeeFen, long includedMembers, long overageFenPerMember, int serviceFeeBp,
                        int goodsMarginBp, long notificationFen, @Nullable Integer taxBp) {
}
