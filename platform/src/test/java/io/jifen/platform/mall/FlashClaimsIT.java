package io.jifen.platform.mall;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.jdbc.SqlPipeline;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.support.Race;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A flash sale's units claimed before the orders: never more than the sale has however many race, one open claim per
 * member, and each unit moved once, by the order that consumes it or by whatever gives it back (a refused order, the
 * sweep), however they race.
 */
class FlashClaimsIT extends IntegrationTest {

    @Autowired
    FlashClaims claims;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;

    private record Sale(Fixtures.TenantFixture tenant, UUID item, UUID id) {
    }

    private Sale sale(String prefix, long itemStock, long units) {
        var tenant = fixtures.tenant(prefix);
        String admin = fixtures.adminToken(tenant);
        var item = http().postJson("/api/v1/mall/items", admin, Map.of("kind", "VIRTUAL", "title", "秒杀耳机", "status", "ON_SALE", "payment", "POINTS",
                "priceFen", 10_000, "stock", itemStock));
        assertThat(item.status()).as(item.body()).isEqualTo(201);
        UUID itemId = UUID.fromString(item.json().get("id").asString());
        var sale = http().postJson("/api/v1/mall/flash-sales", admin, Map.of("itemId", itemId.toString(), "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plusSeconds(3_600).toString(), "stock", units, "priceFen", 100));
        assertThat(sale.status()).as(sale.body()).isEqualTo(201);
        return new Sale(tenant, itemId, UUID.fromString(sale.json().get("id").asString()));
    }

    private <T> T as(Sale sale, Supplier<T> work) {
        return TenantContext.callAs(sale.tenant().id(), work);
    }

    private FlashClaims.Claim claim(Sale sale, UUID member, UUID order) {
        return as(sale, () -> claims.claim(sale.id(), sale.item(), member, order, pipeline -> { }));
    }

    private boolean consume(Sale sale, UUID order, UUID member) {
        return Boolean.TRUE.equals(as(sale, () -> transaction.execute(status -> {
            SqlPipeline pipeline = new SqlPipeline();
            BooleanSupplier consumed = claims.consume(pipeline, order, member);
            pipeline.run(jdbcTemplate);
            return consumed.getAsBoolean();
        })));
    }

    private boolean release(Sale sale, UUID order) {
        return as(sale, () -> claims.release(order));
    }

    /** The sale's sold, the item's stock, the sum of the item's stock changes and the open claims. */
    private List<Long> counts(Sale sale) {
        return as(sale, () -> transaction.execute(status -> List.of(
                jdbc.sql("select sold from platform.mall_flash_sale where id = ?").param(sale.id()).query(Long.class).single(),
                jdbc.sql("select stock from platform.mall_item where id = ?").param(sale.item()).query(Long.class).single(),
                jdbc.sql("select coalesce(sum(delta), 0) from platform.mall_stock_change where item_id = ?").param(sale.item()).query(Long.class).single(),
                jdbc.sql("select count(*) from platform.mall_flash_claim where sale_id = ? and consumed_at is null").param(sale.id()).query(Long.class).single())));
    }

    @Test
    void racingBuyersClaimExactlyTheSalesUnitsAndTheRestAreToldSoldOut() {
        Sale sale = sale("claim-race", 100, 5);
        List<Callable<FlashClaims.Claim>> buyers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID member = UUID.randomUUID();
            buyers.add(() -> claim(sale, member, UUID.randomUUID()));
        }
        List<FlashClaims.Claim> answers = Race.run(buyers);

        assertThat(answers).filteredOn(c -> c.orderId() != null).hasSize(5).allSatisfy(c -> assertThat(c.earlier()).isFalse());
        assertThat(answers).filteredOn(c -> c.orderId() == null).hasSize(25).allSatisfy(c -> assertThat(c.soldOut()).isTrue());
        assertThat(counts(sale)).as("sold, stock, stock changes, open claims").containsExactly(5L, 95L, 95L, 5L);
    }

    @Test
    void oneMembersRequestsAtOnceHoldOneUnitBetweenThem() {
        Sale sale = sale("claim-twins", 100, 5);
        UUID member = UUID.randomUUID();
        List<Callable<FlashClaims.Claim>> twins = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            twins.add(() -> claim(sale, member, UUID.randomUUID()));
        }
        List<FlashClaims.Claim> answers = Race.run(twins);

        assertThat(answers).filteredOn(c -> !c.earlier()).singleElement().satisfies(c -> assertThat(c.orderId()).isNotNull());
        assertThat(answers).extracting(FlashClaims.Claim::orderId).containsOnly(answers.stream().filter(c -> !c.earlier()).findFirst().orElseThrow().orderId());
        assertThat(counts(sale)).containsExactly(1L, 99L, 99L, 1L);
    }

    @Test
    void aUnitMovesOnceWhetherTheOrderConsumesItOrItIsGivenBackOrTheSweepTakesIt() {
        Sale sale = sale("claim-once", 3, 2);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        UUID order = UUID.randomUUID();

        assertThat(claim(sale, first, order)).isEqualTo(new FlashClaims.Claim(order, false, false, false));
        assertThat(claim(sale, first, UUID.randomUUID())).as("the member's open claim, again").isEqualTo(new FlashClaims.Claim(order, true, false, false));
        UUID secondOrder = UUID.randomUUID();
        assertThat(claim(sale, second, secondOrder).orderId()).isEqualTo(secondOrder);
        assertThat(claim(sale, third, UUID.randomUUID())).isEqualTo(new FlashClaims.Claim(null, false, false, true));
        assertThat(counts(sale)).containsExactly(2L, 1L, 1L, 2L);

        assertThat(consume(sale, order, second)).as("another member's claim").isFalse();
        assertThat(consume(sale, order, first)).isTrue();
        assertThat(release(sale, order)).as("consumed: the order keeps it").isFalse();
        assertThat(claim(sale, first, UUID.randomUUID())).as("one unit per member").isEqualTo(new FlashClaims.Claim(null, false, true, false));
        assertThat(counts(sale)).containsExactly(2L, 1L, 1L, 1L);

        claims.sweep(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5));
        assertThat(counts(sale)).as("a fresh claim is no one's to sweep").containsExactly(2L, 1L, 1L, 1L);
        assertThat(claims.sweep(OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(1))).isPositive();
        assertThat(release(sale, secondOrder)).as("given back once").isFalse();
        assertThat(consume(sale, secondOrder, second)).as("too late for its order").isFalse();
        assertThat(counts(sale)).containsExactly(1L, 2L, 2L, 0L);

        UUID thirdOrder = UUID.randomUUID();
        assertThat(claim(sale, third, thirdOrder).orderId()).as("the unit given back is sold again").isEqualTo(thirdOrder);
        assertThat(release(sale, thirdOrder)).isTrue();
        assertThat(counts(sale)).containsExactly(1L, 2L, 2L, 0L);
    }

    @Test
    void aClaimIsItsOwnTransactionAndSeesOnlyItsTenantsSales() {
        Sale sale = sale("claim-own", 3, 2);
        var other = fixtures.tenant("claim-other");
        assertThatThrownBy(() -> as(sale, () -> transaction.execute(status -> claims.claim(sale.id(), sale.item(), UUID.randomUUID(), UUID.randomUUID(),
                pipeline -> { })))).isInstanceOf(IllegalStateException.class);
        FlashClaims.Claim foreign = TenantContext.callAs(other.id(), () -> claims.claim(sale.id(), sale.item(), UUID.randomUUID(), UUID.randomUUID(),
                pipeline -> { }));
        assertThat(foreign).as("another tenant's sale is no sale").isEqualTo(new FlashClaims.Claim(null, false, false, false));
        assertThat(counts(sale)).containsExactly(0L, 3L, 3L, 0L);
    }
}
