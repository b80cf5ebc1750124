package io.jifen.platform.onboarding;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-up settings: how long a sign-up may stay unfinished (the admin's verification link is valid as long) before
 * it is removed and its slug is free again, and the sender of the platform's own mails about sign-ups.
 */
@ConfigurationProperties("jifen.onboarding")
public record OnboardingProperties(@DefaultValue("30m") Duration abandonAfter,
                                   @DefaultValue("no-reply@jifen.local") String mailFrom) {
}
