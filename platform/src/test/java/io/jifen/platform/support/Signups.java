package io.jifen.platform.support;

import java.util.Locale;

import io.jifen.devstack.DevStack;
import io.jifen.platform.onboarding.OnboardingService;
import io.jifen.platform.onboarding.OnboardingService.Outcome;
import io.jifen.platform.onboarding.OnboardingService.SignupResult;
import io.jifen.platform.onboarding.SignupRequest;

/** A sign-up taken all the way, as a brand does it: sign up, follow the verification mail's link, resume. */
public final class Signups {

    private Signups() {
    }

    /** The completed sign-up (with the API client's secret), or the earlier one if this exact sign-up was completed before. */
    public static SignupResult complete(OnboardingService onboarding, DevStack stack, SignupRequest request) {
        SignupResult accepted = onboarding.signUp(request);
        if (accepted.outcome() == Outcome.ALREADY_COMPLETED) {
            return accepted;
        }
        Mailbox.verifyEmail(stack, request.adminEmail().toLowerCase(Locale.ROOT));
        SignupResult completed = onboarding.resume(accepted.tenant().id(), accepted.resumeToken(), request);
        if (completed.outcome() != Outcome.COMPLETED) {
            throw new IllegalStateException("the sign-up of " + request.slug() + " did not complete: " + completed.outcome());
        }
        return completed;
    }
}
