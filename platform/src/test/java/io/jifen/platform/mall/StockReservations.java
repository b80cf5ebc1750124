package io.jifen.platform.mall;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import io.jifen.platform.jdbc.SqlPipeline;

/** Reserves stock as a checkout does, in the caller's transaction and tenant. */
final class StockReservations {

    private StockReservations() {
    }

    static boolean reserve(ItemStock stock, JdbcTemplate jdbc, UUID item, long quantity, String orderRef) {
        SqlPipeline pipeline = new SqlPipeline();
        ItemStock.Reservation reservation = stock.reserve(pipeline, item, quantity, orderRef);
        pipeline.run(jdbc);
        return reservation.taken();
    }
}
