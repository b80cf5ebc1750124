package io.jifen.platform.mall;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Flash sales: set up by the tenant's admins, listed for its members (a member orders one with the sale's id). */
@RestController
class FlashSaleController {

    private final FlashSales sales;
    private final Clock clock;

    FlashSaleController(FlashSales sales, Clock clock) {
        this.sales = sales;
        this.clock = clock;
    }

    @PostMapping("/api/v1/mall/flash-sales")
    @ResponseStatus(HttpStatus.CREATED)
    FlashSales.FlashSale create(@Valid @RequestBody FlashSales.Request body) {
        return sales.create(body);
    }

    @GetMapping("/api/v1/mall/flash-sales/{saleId}")
    FlashSales.FlashSale get(@PathVariable UUID saleId) {
        return sales.get(saleId);
    }

    /** Sales running or to come, soonest first. */
    @GetMapping("/api/v1/mall/flash-sales")
    List<FlashSales.FlashSale> list() {
        return sales.current(clock.instant());
    }

    /** The same for members, with what is left of each. */
    @GetMapping("/api/v1/me/flash-sales")
    List<FlashSales.FlashSale> forMembers() {
        return sales.current(clock.instant());
    }
}
