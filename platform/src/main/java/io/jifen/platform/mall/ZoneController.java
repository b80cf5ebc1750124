package io.jifen.platform.mall;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Zones, their items and the items' unlock requirements over HTTP: tenant admins write, staff read
 * ({@code identity.SecurityConfiguration}); and who may redeem an item, for admins and testers.
 */
@RestController
class ZoneController {

    record ZoneItemBody(@NotNull @Size(max = 200) String ref) {
    }

    record ItemUnlockBody(@NotNull @Size(max = 200) String ref, @NotBlank @Size(max = 64) String unlockCode) {
    }

    private final MallZones zones;
    private final ItemUnlocks unlocks;
    private final MallEligibility eligibility;
    private final Clock clock;

    ZoneController(MallZones zones, ItemUnlocks unlocks, MallEligibility eligibility, Clock clock) {
        this.zones = zones;
        this.unlocks = unlocks;
        this.eligibility = eligibility;
        this.clock = clock;
    }

    @PostMapping("/api/v1/mall/zones")
    @ResponseStatus(HttpStatus.CREATED)
    Zone create(@Valid @RequestBody ZoneRequest body) {
        return zones.create(body);
    }

    /** Replaces the zone's settings; {@code version} is the one read (another: 409 {@code zone-changed}). */
    @PutMapping("/api/v1/mall/zones/{zoneId}")
    Zone update(@PathVariable UUID zoneId, @Valid @RequestBody ZoneRequest body) {
        return zones.update(zoneId, body);
    }

    @GetMapping("/api/v1/mall/zones/{zoneId}")
    Zone get(@PathVariable UUID zoneId) {
        return zones.get(zoneId);
    }

    /** The tenant's zones, newest first. */
    @GetMapping("/api/v1/mall/zones")
    List<Zone> list() {
        return zones.list();
    }

    @GetMapping("/api/v1/mall/zones/{zoneId}/items")
    List<MallZones.ZoneItem> items(@PathVariable UUID zoneId) {
        return zones.items(zoneId);
    }

    /** Puts an item ({@code item:<uuid>} or {@code hub:<supplier>:<skuId>}) in the zone; again changes nothing. */
    @PutMapping("/api/v1/mall/zones/{zoneId}/items")
    MallZones.ZoneItem putItem(@PathVariable UUID zoneId, @Valid @RequestBody ZoneItemBody body) {
        return zones.putItem(zoneId, body.ref());
    }

    /** Takes the item {@code ref} out of the zone. */
    @DeleteMapping("/api/v1/mall/zones/{zoneId}/items")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeItem(@PathVariable UUID zoneId, @RequestParam(required = false) @Nullable String ref) {
        zones.removeItem(zoneId, ref);
    }

    /** The items only members who unlocked a code may redeem. */
    @GetMapping("/api/v1/mall/item-unlocks")
    List<ItemUnlocks.ItemUnlock> itemUnlocks() {
        return unlocks.list();
    }

    /** Makes the item require the member to have unlocked {@code unlockCode} (a task's or task package's {@code unlocks}). */
    @PutMapping("/api/v1/mall/item-unlocks")
    ItemUnlocks.ItemUnlock requireUnlock(@Valid @RequestBody ItemUnlockBody body) {
        return unlocks.require(body.ref(), body.unlockCode());
    }

    @DeleteMapping("/api/v1/mall/item-unlocks")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void releaseUnlock(@RequestParam(required = false) @Nullable String ref) {
        unlocks.release(ref);
    }

    /**
     * Whether the member may redeem each item {@code ref} (repeated) now, or at {@code at}; if not, why; whether they
     * would pay with expired points. For admins and testers: what a member's listing and checkout will apply.
     */
    @GetMapping("/api/v1/members/{memberId}/mall-eligibility")
    List<MallEligibility.Verdict> eligibility(@PathVariable UUID memberId, @RequestParam(required = false) @Nullable List<String> ref,
                                              @RequestParam(required = false) @Nullable Instant at) {
        return eligibility.answer(memberId, ref == null ? List.of() : ref, at == null ? clock.instant() : at);
    }
}
