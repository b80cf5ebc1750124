package io.jifen.platform.earning;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.Actors;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.rules.EarningEvent;
import io.jifen.platform.rules.RuleEngine;

/**
 * Earning over HTTP: the events a tenant's systems send (one, or batches of up to 1,000), what became of them, the
 * points calculator, and the events the anti-abuse limits refused.
 */
@RestController
class EarningController {

    record BatchBody(@Nullable List<EarningEvent> events) {
    }

    record BatchView(int applied, int duplicates, int rejected, List<EarningEvents.Outcome> results) {

        static BatchView of(List<EarningEvents.Outcome> results) {
            int applied = (int) results.stream().filter(r -> r.status() == EarningEvents.Outcome.Status.APPLIED).count();
            int duplicates = (int) results.stream().filter(r -> r.status() == EarningEvents.Outcome.Status.DUPLICATE).count();
            return new BatchView(applied, duplicates, results.size() - applied - duplicates, results);
        }
    }

    /** A hypothetical event, priced by the version in effect at its time or by the named (draft) version. */
    record CalculatorBody(@Nullable EarningEvent event, @Nullable UUID ruleVersionId) {
    }

    private final EarningEvents events;

    EarningController(EarningEvents events) {
        this.events = events;
    }

    /** 积分计算器: what an event would earn and which rules would fire; changes nothing. */
    @PostMapping("/api/v1/earning/calculator")
    RuleEngine.Calculation calculate(@RequestBody CalculatorBody body) {
        if (body.event() == null) {
            throw DomainException.invalidField("event", "the event to price");
        }
        return events.calculate(body.event(), body.ruleVersionId());
    }

    @PostMapping("/api/v1/earning/events")
    EarningEvents.Outcome event(@RequestBody EarningEvent event, @AuthenticationPrincipal Jwt caller) {
        return events.ingest(event, Actors.of(caller));
    }

    @PostMapping("/api/v1/earning/event-batches")
    BatchView batch(@RequestBody BatchBody body, @AuthenticationPrincipal Jwt caller) {
        if (body.events() == null) {
            throw DomainException.invalidField("events", "1 to 1,000 events per batch");
        }
        return BatchView.of(events.ingestAll(body.events(), Actors.of(caller)));
    }

    /** The latest events the anti-abuse limits judged abuse (they earned nothing), newest first. */
    @GetMapping("/api/v1/earning/risk-events")
    List<EarningEvents.RiskEvent> riskEvents() {
        return events.riskEvents(100);
    }

    @GetMapping("/api/v1/earning/events/{eventId}")
    EarningEvents.Outcome stored(@PathVariable String eventId) {
        return events.find(eventId);
    }
}
