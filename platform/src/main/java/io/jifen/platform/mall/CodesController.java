package io.jifen.platform.mall;

import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.Actors;
import io.jifen.platform.web.CursorPage;
import io.jifen.platform.web.TimeCursor;

/**
 * The mall's codes over HTTP: a VOUCHER_CODE item's code files and their summary (admins), store-pickup
 * verification (staff at the store), and the open low-stock alerts.
 */
@RestController
class CodesController {

    record PickupVerification(@NotBlank @Size(max = 40) String code) {
    }

    private final CodeUploads uploads;
    private final PickupCodes pickups;
    private final StockAlerts alerts;

    CodesController(CodeUploads uploads, PickupCodes pickups, StockAlerts alerts) {
        this.uploads = uploads;
        this.pickups = pickups;
        this.alerts = alerts;
    }

    /**
     * A file of codes (UTF-8, one a line, optionally {@code ,valid_until}; see {@link VoucherCodeCsv}) with an
     * {@code Idempotency-Key}: all stored, or none with each bad line named.
     */
    @PostMapping(path = "/api/v1/mall/items/{itemId}/codes", consumes = "text/csv")
    @ResponseStatus(HttpStatus.CREATED)
    CodeUploads.Upload upload(@PathVariable UUID itemId, @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
                              @RequestBody byte[] file, @AuthenticationPrincipal Jwt caller) {
        return uploads.upload(itemId, key, file, Actors.of(caller));
    }

    @GetMapping("/api/v1/mall/items/{itemId}/codes/summary")
    CodeUploads.Summary summary(@PathVariable UUID itemId) {
        return uploads.summary(itemId);
    }

    /** Staff at the store hand the item over: the code is good once. */
    @PostMapping("/api/v1/mall/pickup-verifications")
    PickupCodes.Verified verifyPickup(@Valid @RequestBody PickupVerification body, @AuthenticationPrincipal Jwt caller) {
        return pickups.verify(body.code(), Objects.requireNonNullElse(Actors.of(caller), "unknown"));
    }

    /** The items whose stock is at or below their threshold since it fell there, newest first. */
    @GetMapping("/api/v1/mall/low-stock-alerts")
    CursorPage<StockAlerts.LowStockAlert> lowStockAlerts(@RequestParam(required = false) @Nullable String after,
                                                         @RequestParam(defaultValue = "50") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return CursorPage.of(alerts.open(TimeCursor.after(after), size + 1), size,
                alert -> new TimeCursor(alert.openedAt(), alert.id()).key());
    }
}
