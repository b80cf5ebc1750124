package io.jifen.platform.billing;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.billing.Deposits;
import io.jifen.platform.identity.Actors;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantRegistry;

import static io.jifen.platform.billing.BillingCalls.call;

/**
 * The operator runs tenants' prepaid goods deposits: turns one on (with its low-balance threshold), books the payments
 * the tenant sent (top-ups, once per payment reference), and reads balance, movements and alerts.
 */
@RestController
@RequestMapping("/api/v1/operator/billing/tenants/{tenantId}/deposit")
class DepositOperatorController {

    record Settings(@Nullable Boolean enabled, @Nullable Long lowBalanceFen) {
    }

    record TopUp(@Nullable Long amountFen, @Nullable String reference) {
    }

    /** A deposit as both the operator and the tenant read it: the account (null before one was set up) and its latest alerts. */
    record View(Deposits.@Nullable Account account, List<Deposits.Alert> alerts) {

        static View of(Deposits deposits, UUID tenant) {
            return new View(deposits.find(tenant).orElse(null), deposits.alerts(tenant, 10));
        }
    }

    private final Deposits deposits;
    private final TenantRegistry tenants;

    DepositOperatorController(Deposits deposits, TenantRegistry tenants) {
        this.deposits = deposits;
        this.tenants = tenants;
    }

    @GetMapping
    View deposit(@PathVariable UUID tenantId) {
        return View.of(deposits, known(tenantId));
    }

    /** Turns the deposit on (hub goods are paid from it as they are ordered) or off, with the balance under which it alerts. */
    @PutMapping
    View configure(@PathVariable UUID tenantId, @RequestBody Settings settings) {
        UUID tenant = known(tenantId);
        if (settings.enabled() == null) {
            throw DomainException.invalidField("enabled", "true or false");
        }
        long threshold = settings.lowBalanceFen() == null ? 0 : settings.lowBalanceFen();
        call(() -> deposits.configure(tenant, settings.enabled(), threshold));
        return View.of(deposits, tenant);
    }

    /** Books a payment received from the tenant; the same reference again answers the first booking (201 both times). */
    @PostMapping("/top-ups")
    @ResponseStatus(HttpStatus.CREATED)
    Deposits.Movement topUp(@PathVariable UUID tenantId, @RequestBody TopUp topUp, @AuthenticationPrincipal Jwt caller) {
        UUID tenant = known(tenantId);
        if (topUp.amountFen() == null) {
            throw DomainException.invalidField("amountFen", "a positive amount of fen");
        }
        return call(() -> deposits.topUp(tenant, topUp.amountFen(), topUp.reference(), Actors.of(caller)));
    }

    /** Movements newest first; {@code before}: a movement id, for the page after the one that ended with it. */
    @GetMapping("/movements")
    List<Deposits.Movement> movements(@PathVariable UUID tenantId, @RequestParam(required = false) @Nullable Long before,
                                      @RequestParam(defaultValue = "50") int limit) {
        return deposits.movements(known(tenantId), before, limit);
    }

    private UUID known(UUID tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> DomainException.notFound("Tenant " + tenantId)).id();
    }
}
