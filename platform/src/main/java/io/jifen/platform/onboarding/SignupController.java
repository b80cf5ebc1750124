package io.jifen.platform.onboarding;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.ApiClientService.ApiClientView;

/** Self-onboarding: open to anyone, like a sign-up form. */
@RestController
class SignupController {

    record SignupView(UUID tenantId, String slug, String name, String status, String adminUsername, ApiClientView apiClient) {
    }

    private final OnboardingService onboarding;

    SignupController(OnboardingService onboarding) {
        this.onboarding = onboarding;
    }

    /** 201 with the API client's secret on first sign-up; 200 without it when the same sign-up is repeated. */
    @PostMapping("/api/v1/signups")
    ResponseEntity<SignupView> signUp(@Valid @RequestBody SignupRequest request) {
        var result = onboarding.signUp(request);
        var tenant = result.tenant();
        var view = new SignupView(tenant.id(), tenant.slug(), tenant.name(), tenant.status().name(), result.adminUsername(), result.apiClient());
        return result.created()
                ? ResponseEntity.created(URI.create("/api/v1/tenant")).body(view)
                : ResponseEntity.ok(view);
    }
}
