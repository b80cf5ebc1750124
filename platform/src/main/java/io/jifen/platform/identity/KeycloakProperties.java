package io.jifen.platform.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Keycloak is and how the platform talks to it: the realm's issuer for tokens, and a confidential client
 * with realm-management roles for onboarding.
 */
@ConfigurationProperties("jifen.keycloak")
public record KeycloakProperties(String serverUrl,
                                 @DefaultValue("jifen") String realm,
                                 @DefaultValue("jifen-platform-admin") String adminClientId,
                                 String adminClientSecret,
                                 @DefaultValue("jifen-platform") String audience,
                                 @DefaultValue("30s") Duration clockSkew) {

    public String issuerUri() {
        return serverUrl + "/realms/" + realm;
    }
}
