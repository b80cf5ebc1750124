package io.jifen.platform.billing;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.billing.Deposits;
import io.jifen.platform.tenancy.TenantContext;

/** The tenant admin reads the brand's prepaid goods deposit: balance, threshold, latest alerts and movements. */
@RestController
@RequestMapping("/api/v1/tenant/billing/deposit")
class TenantDepositController {

    private final Deposits deposits;

    TenantDepositController(Deposits deposits) {
        this.deposits = deposits;
    }

    @GetMapping
    DepositOperatorController.View deposit() {
        return DepositOperatorController.View.of(deposits, TenantContext.require());
    }

    @GetMapping("/movements")
    List<Deposits.Movement> movements(@RequestParam(required = false) @Nullable Long before, @RequestParam(defaultValue = "50") int limit) {
        return deposits.movements(TenantContext.require(), before, limit);
    }
}
