package io.jifen.platform.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jspecify.annotations.Nullable;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/**
 * The platform's hold on Keycloak: one Organization per tenant, its users and its API clients. Every operation
 * finds before it creates, so an interrupted onboarding can simply be run again.
 */
@Component
public class KeycloakDirectory implements DisposableBean {

    /** Credentials of a tenant's API client; the secret is shown once, when it is made. */
    public record ClientCredentials(String keycloakId, String clientId, String secret) {
    }

    static final String TENANT_ATTRIBUTE = "tenant_id";
    /** The Organization's attributes the login theme shows (an Organization's name must be unique in the realm: it is the slug). */
    static final String DISPLAY_NAME_ATTRIBUTE = "displayName";
    static final String LOGO_ATTRIBUTE = "logoUrl";
    private static final String VERIFY_EMAIL = "VERIFY_EMAIL";

    private final KeycloakProperties properties;
    private final Keycloak keycloak;

    KeycloakDirectory(KeycloakProperties properties) {
        this.properties = properties;
        this.keycloak = KeycloakBuilder.builder()
                .serverUrl(properties.serverUrl())
                .realm(properties.realm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(properties.adminClientId())
                .clientSecret(properties.adminClientSecret())
                .build();
    }

    /** The id of the tenant's Organization (alias = slug), created if missing. */
    public String ensureOrganization(String alias, String name, UUID tenantId) {
        return call(() -> {
            var existing = realm().organizations().searchByAttribute(TENANT_ATTRIBUTE + ":" + tenantId).stream()
                    .filter(org -> alias.equals(org.getAlias())).findFirst();
            if (existing.isPresent()) {
                return existing.get().getId();
            }
            var organization = new OrganizationRepresentation();
            organization.setAlias(alias);
            // Keycloak wants organization names unique in the realm; brand names are not (two shops may both be 'Bella'),
            // slugs are. The brand name goes in the description.
            organization.setName(alias);
            organization.setDescription(name);
            organization.setEnabled(true);
            organization.setAttributes(Map.of(TENANT_ATTRIBUTE, List.of(tenantId.toString()), DISPLAY_NAME_ATTRIBUTE, List.of(name)));
            try (Response response = realm().organizations().create(organization)) {
                return CreatedResponseUtil.getCreatedId(response);
            }
        });
    }

    /**
     * Puts the tenant's name and logo on its Organization, where the login theme ({@code infra/keycloak/themes/jifen}) reads
     * them: the attributes {@code displayName} and {@code logoUrl} (removed when null). No Organization (a sign-up not that
     * far yet): nothing to do, it gets the name when it is made.
     */
    public void brandOrganization(UUID tenantId, String name, @Nullable String logoUrl) {
        call(() -> {
            for (var found : realm().organizations().searchByAttribute(TENANT_ATTRIBUTE + ":" + tenantId)) {
                var organization = realm().organizations().get(found.getId());
                var representation = organization.toRepresentation();
                var attributes = new java.util.HashMap<>(representation.getAttributes() == null ? Map.of() : representation.getAttributes());
                attributes.put(DISPLAY_NAME_ATTRIBUTE, List.of(name));
                if (logoUrl == null) {
                    attributes.remove(LOGO_ATTRIBUTE);
                } else {
                    attributes.put(LOGO_ATTRIBUTE, List.of(logoUrl));
                }
                representation.setAttributes(attributes);
                representation.setDescription(name);
                try (Response response = organization.update(representation)) {
                    if (response.getStatus() >= 400) {
                        throw new WebApplicationException(response.getStatus());
                    }
                }
            }
            return null;
        });
    }

    /** A tenant's first admin as Keycloak has it: whether the e-mail address is verified yet. */
    public record TenantAdmin(String id, boolean emailVerified) {
    }

    /** Whether {@code email} belongs to a user who is not of this tenant (another tenant's, or a platform operator). */
    public boolean emailBelongsElsewhere(String email, UUID tenantId) {
        return call(() -> realm().users().searchByEmail(email, true).stream()
                .anyMatch(user -> !List.of(tenantId.toString()).equals(attributes(user).get(TENANT_ATTRIBUTE))));
    }

    /**
     * The tenant's first admin, found by e-mail or created: a member of the tenant's Organization whose address is not
     * verified yet (the {@code VERIFY_EMAIL} required action: no sign-in before it is done), and who gets no role until
     * the sign-up completes ({@link #grantRealmRole}). A new admin is sent Keycloak's verification mail, whose link is
     * valid for {@code linkLifespan}; if the mail cannot be sent the user is removed again, so that repeating the step
     * sends it. An e-mail that belongs to another tenant's user is a 409.
     */
    public TenantAdmin ensureTenantAdmin(String organizationId, UUID tenantId, String email, String displayName, String password,
                                         Duration linkLifespan) {
        return call(() -> {
            var users = realm().users();
            var found = users.searchByEmail(email, true);
            UserRepresentation user;
            boolean created = false;
            if (!found.isEmpty()) {
                user = found.getFirst();
                if (!List.of(tenantId.toString()).equals(attributes(user).get(TENANT_ATTRIBUTE))) {
                    throw DomainException.conflict("email-in-use", "The e-mail " + email + " already belongs to a user of another tenant");
                }
            } else {
                var unverified = newUser(email, displayName, password, tenantId.toString(), false);
                unverified.setRequiredActions(List.of(VERIFY_EMAIL));
                try (Response response = users.create(unverified)) {
                    user = users.get(CreatedResponseUtil.getCreatedId(response)).toRepresentation();
                }
                created = true;
            }
            String userId = user.getId();
            var members = realm().organizations().get(organizationId).members();
            boolean isMember = members.search(email, true, 0, 1).stream().anyMatch(m -> userId.equals(m.getId()));
            if (!isMember) {
                members.addMember(userId).close();
            }
            if (created) {
                try {
                    users.get(userId).sendVerifyEmail((int) linkLifespan.toSeconds());
                } catch (RuntimeException mailNotSent) {
                    users.delete(userId).close();
                    throw mailNotSent;
                }
            }
            return new TenantAdmin(userId, Boolean.TRUE.equals(user.isEmailVerified()));
        });
    }

    /** Gives a user a realm role (idempotent). */
    public void grantRealmRole(String userId, String role) {
        call(() -> {
            realm().users().get(userId).roles().realmLevel().add(List.of(realm().roles().get(role).toRepresentation()));
            return null;
        });
    }

    /**
     * Removes what an unfinished sign-up made for a tenant: its API client, its admin (if the user is this tenant's) and
     * its Organization. What is missing already is skipped, so it can be repeated.
     */
    public void removeTenant(UUID tenantId, String apiClientId, String adminEmail) {
        call(() -> {
            var clients = realm().clients();
            for (var client : clients.findByClientId(apiClientId)) {
                if (client.getAttributes() != null && tenantId.toString().equals(client.getAttributes().get(TENANT_ATTRIBUTE))) {
                    clients.get(client.getId()).remove();
                }
            }
            for (var user : realm().users().searchByEmail(adminEmail, true)) {
                if (List.of(tenantId.toString()).equals(attributes(user).get(TENANT_ATTRIBUTE))) {
                    realm().users().delete(user.getId()).close();
                }
            }
            for (var organization : realm().organizations().searchByAttribute(TENANT_ATTRIBUTE + ":" + tenantId)) {
                realm().organizations().get(organization.getId()).delete().close();
            }
            return null;
        });
    }

    /** A platform operator: belongs to no tenant. */
    public String ensurePlatformOperator(String email, String displayName, String password) {
        return call(() -> {
            var users = realm().users();
            var found = users.searchByEmail(email, true);
            String userId;
            if (!found.isEmpty()) {
                if (attributes(found.getFirst()).get(TENANT_ATTRIBUTE) != null) {
                    throw DomainException.conflict("email-in-use", "The e-mail " + email + " already belongs to a user of a tenant");
                }
                userId = found.getFirst().getId();
            } else {
                try (Response response = users.create(newUser(email, displayName, password, null, true))) {
                    userId = CreatedResponseUtil.getCreatedId(response);
                }
            }
            users.get(userId).roles().realmLevel().add(List.of(realm().roles().get(Roles.PLATFORM_OPERATOR).toRepresentation()));
            return userId;
        });
    }

    private static UserRepresentation newUser(String email, String displayName, String password, String tenant, boolean emailVerified) {
        var user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setEmailVerified(emailVerified);
        user.setFirstName(displayName);
        user.setEnabled(true);
        if (tenant != null) {
            user.setAttributes(Map.of(TENANT_ATTRIBUTE, List.of(tenant)));
        }
        var credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        return user;
    }

    static Map<String, List<String>> attributes(UserRepresentation user) {
        return user.getAttributes() == null ? Map.of() : user.getAttributes();
    }

    /**
     * A confidential client for the tenant's back end (client credentials grant), whose tokens carry the tenant and
     * the tenant-staff role. If it exists already its secret is regenerated, since the first one cannot be read back.
     */
    public ClientCredentials ensureApiClient(UUID tenantId, String clientId, String name) {
        return call(() -> {
            var clients = realm().clients();
            var existing = clients.findByClientId(clientId);
            String keycloakId;
            if (existing.isEmpty()) {
                var client = new ClientRepresentation();
                client.setClientId(clientId);
                client.setName(name);
                client.setEnabled(true);
                client.setPublicClient(false);
                client.setClientAuthenticatorType("client-secret");
                client.setServiceAccountsEnabled(true);
                client.setStandardFlowEnabled(false);
                client.setDirectAccessGrantsEnabled(false);
                client.setProtocol("openid-connect");
                client.setAttributes(Map.of(TENANT_ATTRIBUTE, tenantId.toString()));
                client.setProtocolMappers(List.of(tenantClaimMapper(), audienceMapper()));
                try (Response response = clients.create(client)) {
                    keycloakId = CreatedResponseUtil.getCreatedId(response);
                }
            } else {
                var client = existing.getFirst();
                if (client.getAttributes() == null || !tenantId.toString().equals(client.getAttributes().get(TENANT_ATTRIBUTE))) {
                    throw new IllegalStateException("Keycloak client " + clientId + " belongs to another tenant");
                }
                keycloakId = client.getId();
            }
            var serviceAccount = clients.get(keycloakId).getServiceAccountUser();
            serviceAccount.setAttributes(Map.of(TENANT_ATTRIBUTE, List.of(tenantId.toString())));
            realm().users().get(serviceAccount.getId()).update(serviceAccount);
            realm().users().get(serviceAccount.getId()).roles().realmLevel()
                    .add(List.of(realm().roles().get(Roles.TENANT_STAFF).toRepresentation()));
            return new ClientCredentials(keycloakId, clientId, clients.get(keycloakId).generateNewSecret().getValue());
        });
    }

    /** Replaces the secret of an API client; the old one stops working at once. */
    public String rotateSecret(String keycloakId) {
        return call(() -> realm().clients().get(keycloakId).generateNewSecret().getValue());
    }

    private ProtocolMapperRepresentation tenantClaimMapper() {
        var mapper = new ProtocolMapperRepresentation();
        mapper.setName("tenant-id");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-usermodel-attribute-mapper");
        mapper.setConfig(Map.of("user.attribute", TENANT_ATTRIBUTE, "claim.name", TENANT_ATTRIBUTE, "jsonType.label", "String",
                "access.token.claim", "true", "id.token.claim", "false", "introspection.token.claim", "true"));
        return mapper;
    }

    private ProtocolMapperRepresentation audienceMapper() {
        var mapper = new ProtocolMapperRepresentation();
        mapper.setName("jifen-platform-audience");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-audience-mapper");
        mapper.setConfig(Map.of("included.custom.audience", properties.audience(),
                "access.token.claim", "true", "id.token.claim", "false", "introspection.token.claim", "true"));
        return mapper;
    }

    RealmResource realm() {
        return keycloak.realm(properties.realm());
    }

    static <T> T call(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (ProcessingException | WebApplicationException e) {
            // Keycloak's own message (hosts, ports, its error texts) is for the log, not for the client.
            org.slf4j.LoggerFactory.getLogger(KeycloakDirectory.class).warn("Keycloak did not complete a request: {}", e.toString());
            throw new DomainException(ProblemKind.UNAVAILABLE, "upstream-unavailable", "Identity provider unavailable",
                    "The identity provider did not complete the request; retry the same request later", List.of());
        }
    }

    @Override
    public void destroy() {
        keycloak.close();
    }
}
