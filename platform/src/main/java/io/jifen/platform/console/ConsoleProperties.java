package io.jifen.platform.console;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the console's browser code needs to sign in: the OpenID Connect client it is (public, PKCE) and the issuer it
 * signs in at, which is the realm the platform trusts ({@code jifen.keycloak}) unless set here.
 */
@ConfigurationProperties("jifen.console")
record ConsoleProperties(@DefaultValue("jifen-console") String clientId, @Nullable String authority) {
}
