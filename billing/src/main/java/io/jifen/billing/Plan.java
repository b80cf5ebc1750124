package io.jifen.billing;

import java.time.Instant;

/**
 * A version of a plan: a monthly base fee including {@code includedMembers} active members, {@code overageFenPerMember}
 * for each active member beyond, a service fee of {@code serviceFeeBp} basis points of redemption value, supplier goods
 * cost passed through with a margin of {@code goodsMarginBp}, {@code notificationFen} per notification sent, and the tax
 * rate on services ({@code taxBp}). Amounts in fen.
 */
public record Plan(String code, int version, String name, long baseFeeFen, long includedMembers, long overageFenPerMember, int serviceFeeBp,
                   int goodsMarginBp, long notificationFen, int taxBp, Instant createdAt) {
}
