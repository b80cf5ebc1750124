package io.jifen.platform.onboarding;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * A brand's sign-up. The optional settings default to China: Asia/Shanghai, CNY, zh-CN, and a point type "积分"
 * worth 0.01 CNY a point.
 */
public record SignupRequest(
        @NotNull @Pattern(regexp = SignupRequest.SLUG_PATTERN, message = SignupRequest.SLUG_RULE) String slug,
        @NotBlank @Size(max = 100) String name,
        @NotNull @Email @Size(max = 254) String adminEmail,
        @NotBlank @Size(max = 64) String adminName,
        @NotNull @Size(min = 12, max = 128) String adminPassword,
        @Nullable @Size(max = 64) String timeZone,
        @Nullable @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code such as CNY") String currency,
        @Nullable @Pattern(regexp = "[a-z]{2}(-[A-Z]{2})?", message = "a locale such as zh-CN") String locale,
        @Nullable @Size(min = 1, max = 32) String pointName,
        @Nullable @Min(1) @Max(1_000_000) Long pointAnchorPoints,
        @Nullable @Min(0) @Max(1_000_000) Long pointAnchorAmountMinor) {

    /** What a slug may be (the Organization's alias in Keycloak, the webhooks' path). */
    static final String SLUG_PATTERN = "[a-z][a-z0-9-]{2,39}";
    static final String SLUG_RULE = "3 to 40 characters: lower-case letters, digits and '-', starting with a letter";
}
