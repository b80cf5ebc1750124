package io.jifen.platform.onboarding;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.ApiClientService.ApiClientView;
import io.jifen.platform.onboarding.OnboardingService.SignupResult;

/** Self-onboarding: open to anyone, like a sign-up form; a sign-up in progress is continued with its resume token. */
@RestController
class SignupController {

    static final String RESUME_TOKEN_HEADER = "Jifen-Resume-Token";

    /**
     * A sign-up as its caller sees it. {@code next}: VERIFY_EMAIL (the admin follows the link in the mail, then the
     * sign-up is resumed), RESUME (resume it later), or null once it is complete. {@code resumeToken} is in the first
     * answer only, {@code apiClient} once complete (its secret in the completing answer only).
     */
    record SignupView(UUID tenantId, String slug, String name, String status, String adminUsername, @Nullable String next,
                      @Nullable String resumeToken, @Nullable ApiClientView apiClient) {
    }

    private final OnboardingService onboarding;

    SignupController(OnboardingService onboarding) {
        this.onboarding = onboarding;
    }

    @Operation(summary = "Sign a brand up", description = """
            202 Accepted with the sign-up's id and a resume token (shown once, keep it): the admin gets a mail to verify
            the e-mail address, then the sign-up is completed with POST /api/v1/signups/{id}/resumption. The answer is the
            same whether or not the address has an account already (its owner gets a mail instead). The same sign-up of
            a completed tenant answers 200 without secrets; a slug taken, or held by a sign-up in progress, is 409.""")
    @ApiResponse(responseCode = "202", description = "Accepted: verify the admin's e-mail, then resume with the token")
    @ApiResponse(responseCode = "200", description = "The same sign-up was completed before; no secrets")
    @ApiResponse(responseCode = "409", description = "slug-taken")
    @SecurityRequirements
    @PostMapping("/api/v1/signups")
    ResponseEntity<SignupView> signUp(@Valid @RequestBody SignupRequest request) {
        return answer(onboarding.signUp(request));
    }

    @Operation(summary = "Resume a sign-up", description = """
            Continues a sign-up in progress for the holder of its resume token (header Jifen-Resume-Token), with the same
            fields as the sign-up. 201 with the API client's secret (shown once) when it completes; 202 while the admin's
            e-mail address is not verified yet; 200 without secrets if it was completed before. An unknown id, a wrong
            token and a sign-up that expired (unfinished after jifen.onboarding.abandon-after, 30 minutes by default) are
            the same 404.""")
    @ApiResponse(responseCode = "201", description = "Completed: the tenant is active; the API client's secret is shown once")
    @ApiResponse(responseCode = "202", description = "Still waiting for the admin to verify the e-mail address")
    @ApiResponse(responseCode = "404", description = "signup-not-found: unknown id, wrong token or expired")
    @ApiResponse(responseCode = "409", description = "signup-mismatch: the fields differ from the sign-up's")
    @SecurityRequirements
    @PostMapping("/api/v1/signups/{signupId}/resumption")
    ResponseEntity<SignupView> resume(@PathVariable UUID signupId,
                                      @Parameter(description = "The resume token of the sign-up's first answer")
                                      @RequestHeader(name = RESUME_TOKEN_HEADER, required = false) @Nullable String resumeToken,
                                      @Valid @RequestBody SignupRequest request) {
        return answer(onboarding.resume(signupId, resumeToken, request));
    }

    private static ResponseEntity<SignupView> answer(SignupResult result) {
        var tenant = result.tenant();
        String next = switch (result.outcome()) {
            case AWAITING_EMAIL_VERIFICATION -> "VERIFY_EMAIL";
            case RESUME_LATER -> "RESUME";
            case COMPLETED, ALREADY_COMPLETED -> null;
        };
        var view = new SignupView(tenant.id(), tenant.slug(), tenant.name(), tenant.status().name(), result.adminUsername(), next,
                result.resumeToken(), result.apiClient());
        return switch (result.outcome()) {
            case COMPLETED -> ResponseEntity.created(URI.create("/api/v1/tenant")).body(view);
            case ALREADY_COMPLETED -> ResponseEntity.ok(view);
            case AWAITING_EMAIL_VERIFICATION, RESUME_LATER -> ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create("/api/v1/signups/" + tenant.id() + "/resumption")).body(view);
        };
    }
}
