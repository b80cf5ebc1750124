package io.jifen.platform.onboarding;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import io.jifen.platform.identity.PublicEndpoints;

/**
 * A sign-up's resumption is served without a bearer token: its caller proves itself with the sign-up's resume token.
 * So is the wizard's slug check, which tells no more than a sign-up does.
 */
@Configuration(proxyBeanMethods = false)
class SignupPublicEndpoints {

    @Bean
    PublicEndpoints signupResumption() {
        return new PublicEndpoints(List.of(new PublicEndpoints.Endpoint(HttpMethod.POST, "/api/v1/signups/*/resumption"),
                new PublicEndpoints.Endpoint(HttpMethod.GET, "/api/v1/signups/slug-availability")));
    }
}
