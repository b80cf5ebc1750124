package io.jifen.platform.support;

import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;

import io.jifen.devstack.DevStack;

/** The test stack's realm through Keycloak's admin API, for tests that look at what onboarding made there. */
public final class KeycloakAdmin {

    private static Keycloak keycloak;

    private KeycloakAdmin() {
    }

    public static synchronized RealmResource realm() {
        if (keycloak == null) {
            keycloak = KeycloakBuilder.builder()
                    .serverUrl(TestStack.get().keycloakUrl())
                    .realm(DevStack.REALM)
                    .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                    .clientId(DevStack.ADMIN_CLIENT_ID)
                    .clientSecret(DevStack.ADMIN_CLIENT_SECRET)
                    .build();
        }
        return keycloak.realm(DevStack.REALM);
    }
}
