package io.jifen.platform.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.springframework.stereotype.Service;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.Tenant;

import static io.jifen.platform.identity.KeycloakDirectory.TENANT_ATTRIBUTE;
import static io.jifen.platform.identity.KeycloakDirectory.call;

/**
 * A tenant's companies' own OpenID Connect providers, brokered by Keycloak and linked to the tenant's Organization: its
 * employees sign in at their company and arrive as users of the tenant. The client secret goes to Keycloak only.
 */
@Service
public class IdentityProviders {

    /** A provider as the tenant sees it: never its secret. {@code hint} is Keycloak's alias, for {@code kc_idp_hint}. */
    public record IdentityProviderView(String alias, String hint, String displayName, String issuer, String clientId, String emailDomain,
                                       boolean enabled) {
    }

    /** A new provider: alias (unique in the tenant), display name, issuer or discovery URL, client, secret, e-mail domain. */
    public record NewIdentityProvider(String alias, String displayName, String issuer, String clientId, String clientSecret,
                                      String emailDomain) {
    }

    static final String ORGANIZATION_DOMAIN = "kc.org.domain";
    static final String REDIRECT_WHEN_EMAIL_MATCHES = "kc.org.broker.redirect.mode.email-matches";
    private static final String DISCOVERY = "/.well-known/openid-configuration";

    private final KeycloakDirectory directory;

    IdentityProviders(KeycloakDirectory directory) {
        this.directory = directory;
    }

    public List<IdentityProviderView> list(Tenant tenant) {
        return call(() -> directory.realm().organizations().get(tenant.keycloakOrganizationId()).identityProviders().getIdentityProviders()
                .stream().filter(idp -> idp.getAlias().startsWith(prefix(tenant))).map(idp -> view(tenant, idp)).toList());
    }

    /**
     * Creates the provider in Keycloak from its discovery document, with a mapper that gives every user it brings the
     * tenant (hard-coded, set again at every login), and links it to the tenant's Organization under the e-mail domain
     * (which Keycloak keeps unique among Organizations). Refusals name the field; a failure half-way removes what was made.
     */
    public IdentityProviderView create(Tenant tenant, NewIdentityProvider request) {
        String discovery = discoveryUrl(request.issuer());
        String hint = prefix(tenant) + request.alias();
        String organizationId = tenant.keycloakOrganizationId();
        return call(() -> {
            var realm = directory.realm();
            if (!realm.identityProviders().find(hint, true, 0, 1).isEmpty()) {
                throw conflict("identity-provider-exists", "alias", "The tenant has a provider " + request.alias() + " already");
            }
            Map<String, String> discovered;
            try {
                discovered = realm.identityProviders().importFrom(Map.of("providerId", "oidc", "fromUrl", discovery));
            } catch (WebApplicationException unreadable) {
                throw DomainException.invalidField("issuer", "no OpenID Connect discovery document at " + discovery);
            }
            // Keycloak refuses a domain another Organization has; asking first names the field whatever status it refuses with.
            boolean elsewhere = realm.organizations().search(request.emailDomain(), true, 0, 10, false).stream()
                    .anyMatch(other -> !other.getId().equals(organizationId) && other.getDomain(request.emailDomain()) != null);
            if (elsewhere) {
                throw conflict("email-domain-taken", "emailDomain", "The e-mail domain " + request.emailDomain()
                        + " belongs to another organization");
            }
            var organization = realm.organizations().get(organizationId);
            var representation = organization.toRepresentation();
            boolean domainAdded = representation.getDomain(request.emailDomain()) == null;
            if (domainAdded) {
                representation.addDomain(new OrganizationDomainRepresentation(request.emailDomain()));
                try (Response updated = organization.update(representation)) {
                    if (updated.getStatus() == 409 || updated.getStatus() == 400) {
                        throw conflict("email-domain-taken", "emailDomain", "The e-mail domain " + request.emailDomain()
                                + " belongs to another organization");
                    }
                    ok(updated);
                }
            }
            try {
                var config = new HashMap<>(discovered);
                config.put("clientId", request.clientId());
                config.put("clientSecret", request.clientSecret());
                config.put("clientAuthMethod", "client_secret_post");
                config.put("defaultScope", "openid email profile");
                config.put("pkceEnabled", "true");
                config.put("pkceMethod", "S256");
                config.put("validateSignature", "true");
                config.put("useJwksUrl", "true");
                config.put("syncMode", "IMPORT");
                config.put(ORGANIZATION_DOMAIN, request.emailDomain());
                config.put(REDIRECT_WHEN_EMAIL_MATCHES, "true");
                var idp = new IdentityProviderRepresentation();
                idp.setAlias(hint);
                idp.setDisplayName(request.displayName());
                idp.setProviderId("oidc");
                idp.setEnabled(true);
                idp.setTrustEmail(true);
                idp.setStoreToken(false);
                idp.setFirstBrokerLoginFlowAlias("first broker login");
                idp.setConfig(config);
                try (Response created = realm.identityProviders().create(idp)) {
                    ok(created);
                }
                var tenantMapper = new IdentityProviderMapperRepresentation();
                tenantMapper.setName("tenant-id");
                tenantMapper.setIdentityProviderAlias(hint);
                tenantMapper.setIdentityProviderMapper("hardcoded-attribute-idp-mapper");
                tenantMapper.setConfig(Map.of("attribute", TENANT_ATTRIBUTE, "attribute.value", tenant.id().toString(), "syncMode", "FORCE"));
                try (Response added = realm.identityProviders().get(hint).addMapper(tenantMapper)) {
                    ok(added);
                }
                try (Response linked = organization.identityProviders().addIdentityProvider(hint)) {
                    ok(linked);
                }
            } catch (RuntimeException failed) {
                remove(organizationId, hint, domainAdded ? request.emailDomain() : null);
                throw failed;
            }
            return view(tenant, realm.identityProviders().get(hint).toRepresentation());
        });
    }

    /** Removes the tenant's provider {@code alias} and its e-mail domain; 404 when the tenant has none of that alias. */
    public void delete(Tenant tenant, String alias) {
        call(() -> {
            var found = list(tenant).stream().filter(idp -> idp.alias().equals(alias)).findFirst()
                    .orElseThrow(() -> DomainException.notFound("Identity provider " + alias));
            boolean domainShared = list(tenant).stream().filter(idp -> !idp.alias().equals(alias))
                    .anyMatch(idp -> idp.emailDomain().equals(found.emailDomain()));
            remove(tenant.keycloakOrganizationId(), found.hint(), domainShared ? null : found.emailDomain());
            return null;
        });
    }

    private void remove(String organizationId, String hint, String domain) {
        var realm = directory.realm();
        var organization = realm.organizations().get(organizationId);
        try {
            organization.identityProviders().get(hint).delete().close();
        } catch (WebApplicationException notLinked) {
            // not linked yet
        }
        try {
            realm.identityProviders().get(hint).remove();
        } catch (WebApplicationException notThere) {
            // not made yet
        }
        if (domain != null) {
            var representation = organization.toRepresentation();
            var added = representation.getDomain(domain);
            if (added != null) {
                representation.removeDomain(added);
                organization.update(representation).close();
            }
        }
    }

    private static String prefix(Tenant tenant) {
        return tenant.slug() + "--";
    }

    private static IdentityProviderView view(Tenant tenant, IdentityProviderRepresentation idp) {
        var config = idp.getConfig() == null ? Map.<String, String>of() : idp.getConfig();
        return new IdentityProviderView(idp.getAlias().substring(prefix(tenant).length()), idp.getAlias(), idp.getDisplayName(),
                config.get("issuer"), config.get("clientId"), config.get(ORGANIZATION_DOMAIN), idp.isEnabled());
    }

    /**
     * The discovery document's URL for an issuer (or the document's URL itself). https, or http on a loopback address
     * (a provider on the same machine, as in development).
     */
    static String discoveryUrl(String issuer) {
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw DomainException.invalidField("issuer", "must be an https URL");
        }
        boolean loopback = "http".equals(uri.getScheme()) && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
        if (!("https".equals(uri.getScheme()) || loopback) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw DomainException.invalidField("issuer", "must be an https URL");
        }
        String url = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return url.endsWith(DISCOVERY) ? url : url + DISCOVERY;
    }

    private static void ok(Response response) {
        if (response.getStatus() >= 300) {
            throw new WebApplicationException(response.getStatus());
        }
    }

    private static DomainException conflict(String type, String field, String detail) {
        return new DomainException(ProblemKind.CONFLICT, type, "Conflict", detail, List.of(FieldProblem.of(field, detail)));
    }
}
