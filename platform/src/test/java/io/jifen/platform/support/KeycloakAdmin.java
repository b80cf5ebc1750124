package io.jifen.platform.support;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

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

    /**
     * The user's password chosen and its address verified, with no action left, as its owner would after the mailed link
     * (for users an admin invited: staff, members' logins).
     */
    public static void activate(String userId, String password) {
        var user = realm().users().get(userId);
        var credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.resetPassword(credential);
        UserRepresentation representation = user.toRepresentation();
        representation.setEmailVerified(true);
        representation.setRequiredActions(List.of());
        user.update(representation);
    }

    /**
     * The realm's {@code jifen-console} client lets the run command's port (JIFEN_PORT) fetch tokens from the browser
     * (CORS web origins); a test's platform listens on a random port, so its origin is added to the client here, as an
     * operator would for another host. The redirect URIs need nothing: Keycloak matches loopback addresses on any port.
     */
    public static void allowConsoleOrigin(String origin) {
        var clients = realm().clients();
        ClientRepresentation client = clients.findByClientId("jifen-console").getFirst();
        var origins = new ArrayList<>(client.getWebOrigins() == null ? List.<String>of() : client.getWebOrigins());
        if (!origins.contains(origin)) {
            origins.add(origin);
            client.setWebOrigins(origins);
            clients.get(client.getId()).update(client);
        }
    }
}
