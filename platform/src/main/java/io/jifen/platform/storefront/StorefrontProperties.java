package io.jifen.platform.storefront;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The mall's pages ({@code jifen.storefront}).
 *
 * @param oidcClientId  the Keycloak client the platform signs employees and dealers in with (authorization code + PKCE)
 * @param signInTimeout how long a Keycloak sign-in may take, from the mall's redirect to Keycloak's answer
 */
@ConfigurationProperties("jifen.storefront")
record StorefrontProperties(@DefaultValue("jifen-mall-web") String oidcClientId, @DefaultValue("10m") Duration signInTimeout) {
}
