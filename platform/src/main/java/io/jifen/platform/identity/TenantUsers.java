package io.jifen.platform.identity;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.problem.ProblemKind;

import static io.jifen.platform.identity.KeycloakDirectory.TENANT_ATTRIBUTE;
import static io.jifen.platform.identity.KeycloakDirectory.attributes;
import static io.jifen.platform.identity.KeycloakDirectory.call;

/**
 * A tenant's people in Keycloak: its admins ({@code tenant-admin}) and staff ({@code tenant-staff}), realm users of
 * the tenant's Organization with its {@code tenant_id}. An invited one must verify the address and choose a password
 * (Keycloak mails the link). API clients' service accounts and members' logins without a staff role are not listed.
 */
@Component
public class TenantUsers {

    /** A person of the tenant; {@code pendingActions} are what they still have to do (verify, set a password). */
    public record TenantUser(String userId, String email, List<String> roles, boolean emailVerified, List<String> pendingActions) {
    }

    private static final List<String> FIRST_LOGIN_ACTIONS = List.of("VERIFY_EMAIL", "UPDATE_PASSWORD");
    static final List<String> TENANT_ROLES = List.of(Roles.TENANT_ADMIN, Roles.TENANT_STAFF);
    private static final int PAGE = 100;

    private final KeycloakDirectory directory;

    TenantUsers(KeycloakDirectory directory) {
        this.directory = directory;
    }

    /**
     * The tenant's admins and staff, by e-mail address. Keycloak cannot search users by role and tenant at once, so the
     * tenant's users are read page by page (members' logins among them) and each one's roles asked: fine for hundreds of
     * users; a tenant with tens of thousands of member logins would want its staff in a Keycloak group instead.
     */
    public List<TenantUser> list(UUID tenantId) {
        return call(() -> usersOf(tenantId).stream()
                .filter(user -> List.of(tenantId.toString()).equals(attributes(user).get(TENANT_ATTRIBUTE)))
                .filter(user -> user.getUsername() == null || !user.getUsername().startsWith("service-account-"))
                .map(user -> view(user, roles(user.getId())))
                .filter(user -> !user.roles().isEmpty())
                .sorted(Comparator.comparing(TenantUser::email, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList());
    }

    /**
     * Invites {@code email} with {@code role}: a new user of the tenant's Organization whom Keycloak mails a link (valid
     * for {@code linkLifespan}) to verify the address and choose a password. A user of this tenant with the address gets
     * the role (inviting again changes nothing); an address of another tenant's user, or of the platform's, is a 409 on
     * {@code email}, checked before anything changes.
     */
    public TenantUser invite(String organizationId, UUID tenantId, String email, String role, Duration linkLifespan) {
        if (!TENANT_ROLES.contains(role)) {
            throw DomainException.invalidField("role", "one of " + TENANT_ROLES);
        }
        return call(() -> {
            var users = directory.realm().users();
            var sameAddress = users.searchByEmail(email, true);
            if (!sameAddress.isEmpty()) {
                var user = sameAddress.getFirst();
                if (!List.of(tenantId.toString()).equals(attributes(user).get(TENANT_ATTRIBUTE))) {
                    throw conflict("The e-mail belongs to a user of another tenant");
                }
                directory.grantRealmRole(user.getId(), role);
                return view(users.get(user.getId()).toRepresentation(), roles(user.getId()));
            }
            var user = new UserRepresentation();
            user.setUsername(email);
            user.setEmail(email);
            user.setEmailVerified(false);
            user.setEnabled(true);
            user.setAttributes(Map.of(TENANT_ATTRIBUTE, List.of(tenantId.toString())));
            user.setRequiredActions(FIRST_LOGIN_ACTIONS);
            String userId;
            try (Response response = users.create(user)) {
                userId = CreatedResponseUtil.getCreatedId(response);
            }
            try {
                try (Response response = directory.realm().organizations().get(organizationId).members().addMember(userId)) {
                    if (response.getStatus() >= 400 && response.getStatus() != 409) {
                        throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
                    }
                }
                directory.grantRealmRole(userId, role);
                users.get(userId).executeActionsEmail(FIRST_LOGIN_ACTIONS, (int) linkLifespan.toSeconds());
            } catch (RuntimeException incomplete) {
                // An invitation without its mail cannot be used: take it away, so that repeating the request makes it whole.
                users.delete(userId).close();
                throw incomplete;
            }
            return view(users.get(userId).toRepresentation(), roles(userId));
        });
    }

    /**
     * Takes the tenant's staff roles from the user, and the user away unless it is also a member's login (then it keeps
     * that). The tenant's last admin cannot be removed (409); a user not of this tenant is a 404.
     */
    public TenantUser remove(UUID tenantId, String userId) {
        return call(() -> {
            var found = list(tenantId).stream().filter(user -> user.userId().equals(userId)).findFirst()
                    .orElseThrow(() -> DomainException.notFound("User " + userId));
            if (found.roles().contains(Roles.TENANT_ADMIN)
                    && list(tenantId).stream().filter(user -> user.roles().contains(Roles.TENANT_ADMIN)).count() == 1) {
                throw new DomainException(ProblemKind.CONFLICT, "last-tenant-admin", "Last admin",
                        "This is the tenant's only admin: invite another before removing this one", List.of(FieldProblem.of("userId", "the last admin")));
            }
            var user = directory.realm().users().get(userId);
            var representation = user.toRepresentation();
            if (attributes(representation).get(MemberAccounts.MEMBER_ATTRIBUTE) != null) {
                List<RoleRepresentation> staffRoles = user.roles().realmLevel().listAll().stream()
                        .filter(role -> TENANT_ROLES.contains(role.getName())).toList();
                user.roles().realmLevel().remove(staffRoles);
            } else {
                directory.realm().users().delete(userId).close();
            }
            return found;
        });
    }

    private List<UserRepresentation> usersOf(UUID tenantId) {
        var users = new java.util.ArrayList<UserRepresentation>();
        for (int first = 0; ; first += PAGE) {
            var page = directory.realm().users().searchByAttributes(first, PAGE, null, true, false, TENANT_ATTRIBUTE + ":" + tenantId);
            users.addAll(page);
            if (page.size() < PAGE) {
                return users;
            }
        }
    }

    private List<String> roles(String userId) {
        return directory.realm().users().get(userId).roles().realmLevel().listAll().stream().map(RoleRepresentation::getName)
                .filter(TENANT_ROLES::contains).sorted().toList();
    }

    private static TenantUser view(UserRepresentation user, List<String> roles) {
        return new TenantUser(user.getId(), user.getEmail(), roles, Boolean.TRUE.equals(user.isEmailVerified()),
                user.getRequiredActions() == null ? List.of() : List.copyOf(user.getRequiredActions()));
    }

    private static DomainException conflict(String detail) {
        return new DomainException(ProblemKind.CONFLICT, "email-in-use", "Conflict", detail, List.of(FieldProblem.of("email", detail)));
    }
}
