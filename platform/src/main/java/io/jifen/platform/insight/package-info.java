/**
 * What the tenant's programme did, for its console's dashboard: points issued, redeemed, expired and outstanding (in
 * points and the tenant's currency) day by day, members by tier and by segment, the most redeemed items. It only reads,
 * through the other modules' public APIs (ledger, tier, segment, redemption).
 */
package io.jifen.platform.insight;
