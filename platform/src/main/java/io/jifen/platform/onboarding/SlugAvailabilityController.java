package io.jifen.platform.onboarding;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The sign-up wizard's live check of a slug (public, and rate limited like the sign-up: by client address). It tells
 * no more than a sign-up would: a slug is TAKEN when a sign-up with it would be a 409 {@code slug-taken} (a tenant or a
 * sign-up in progress holds it, which of the two is not told), INVALID with the sign-up's own reason, else AVAILABLE.
 * Available now is no reservation: the sign-up decides.
 */
@RestController
class SlugAvailabilityController {

    /** The answer; {@code reason} says why a slug is not available. */
    record SlugAvailability(String slug, Status status, @Nullable String reason) {

        enum Status { AVAILABLE, TAKEN, INVALID }
    }

    private static final Pattern SLUG = Pattern.compile(SignupRequest.SLUG_PATTERN);

    private final TenantRegistry tenants;

    SlugAvailabilityController(TenantRegistry tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/api/v1/signups/slug-availability")
    SlugAvailability check(@RequestParam(required = false) @Nullable String slug) {
        if (slug == null || slug.isEmpty()) {
            throw DomainException.invalidField("slug", "required");
        }
        if (slug.length() > 100) {
            throw DomainException.invalidField("slug", "at most 100 characters");
        }
        if (!SLUG.matcher(slug).matches()) {
            return new SlugAvailability(slug, SlugAvailability.Status.INVALID, SignupRequest.SLUG_RULE);
        }
        if (tenants.findBySlug(slug).isPresent()) {
            return new SlugAvailability(slug, SlugAvailability.Status.TAKEN, "another brand has this slug, or is signing up with it");
        }
        return new SlugAvailability(slug, SlugAvailability.Status.AVAILABLE, null);
    }
}
