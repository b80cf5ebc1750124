package io.jifen.platform.identity;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.problem.ProblemKind;

import static io.jifen.platform.identity.KeycloakDirectory.TENANT_ATTRIBUTE;
import static io.jifen.platform.identity.KeycloakDirectory.attributes;
import static io.jifen.platform.identity.KeycloakDirectory.call;

/**
 * Members' own logins (employees, dealers, sales guides): realm users of the tenant's Organization with the attributes
 * {@code tenant_id} and {@code member_id} and the realm role {@code member}, whose tokens reach the member API.
 */
@Component
public class MemberAccounts {

    /** A member's login as Keycloak has it; {@code pendingActions} are what its owner still has to do (verify, set a password). */
    public record MemberLogin(String userId, String email, boolean emailVerified, List<String> pendingActions, boolean created) {
    }

    static final String MEMBER_ATTRIBUTE = "member_id";
    private static final List<String> FIRST_LOGIN_ACTIONS = List.of("VERIFY_EMAIL", "UPDATE_PASSWORD");

    private final KeycloakDirectory directory;

    MemberAccounts(KeycloakDirectory directory) {
        this.directory = directory;
    }

    /** The member's login, if it has one. */
    public Optional<MemberLogin> find(UUID tenantId, UUID memberId) {
        return call(() -> loginOf(tenantId, memberId).map(user -> view(user, false)));
    }

    /**
     * Gives the member a login under {@code email}: the tenant's user with that address if there is one (linked: it gets
     * the member's id and role), else a new user who must verify the address and choose a password, to whom Keycloak
     * mails a link valid for {@code linkLifespan}. Everything that could refuse is checked before anything changes: an
     * address of another tenant's user, of a user linked to another member, or a member whose login has another address
     * is a 409 naming the field. Giving the same login again changes nothing.
     */
    public MemberLogin give(String organizationId, UUID tenantId, UUID memberId, String email, Duration linkLifespan) {
        return call(() -> {
            var users = directory.realm().users();
            var existing = loginOf(tenantId, memberId);
            if (existing.isPresent()) {
                if (email.equalsIgnoreCase(existing.get().getEmail())) {
                    return view(existing.get(), false);
                }
                throw conflict("member-has-login", "memberId", "The member signs in as " + existing.get().getEmail()
                        + " already; remove that login first");
            }
            var sameAddress = users.searchByEmail(email, true);
            if (!sameAddress.isEmpty()) {
                var user = sameAddress.getFirst();
                if (!List.of(tenantId.toString()).equals(attributes(user).get(TENANT_ATTRIBUTE))) {
                    throw conflict("email-in-use", "email", "The e-mail belongs to a user of another tenant");
                }
                if (attributes(user).get(MEMBER_ATTRIBUTE) != null) {
                    throw conflict("email-in-use", "email", "The e-mail signs in another member already");
                }
                var linked = new HashMap<>(attributes(user));
                linked.put(MEMBER_ATTRIBUTE, List.of(memberId.toString()));
                user.setAttributes(linked);
                users.get(user.getId()).update(user);
                joinOrganization(organizationId, user.getId());
                directory.grantRealmRole(user.getId(), Roles.MEMBER);
                return view(users.get(user.getId()).toRepresentation(), false);
            }
            var user = new UserRepresentation();
            user.setUsername(email);
            user.setEmail(email);
            user.setEmailVerified(false);
            user.setEnabled(true);
            user.setAttributes(Map.of(TENANT_ATTRIBUTE, List.of(tenantId.toString()), MEMBER_ATTRIBUTE, List.of(memberId.toString())));
            user.setRequiredActions(FIRST_LOGIN_ACTIONS);
            String userId;
            try (Response response = users.create(user)) {
                userId = CreatedResponseUtil.getCreatedId(response);
            }
            try {
                joinOrganization(organizationId, userId);
                directory.grantRealmRole(userId, Roles.MEMBER);
                users.get(userId).executeActionsEmail(FIRST_LOGIN_ACTIONS, (int) linkLifespan.toSeconds());
            } catch (RuntimeException incomplete) {
                // A login without its mail cannot be used: take it away, so that repeating the request makes it whole.
                users.delete(userId).close();
                throw incomplete;
            }
            return view(users.get(userId).toRepresentation(), true);
        });
    }

    /**
     * Takes the member's login away: a user made for the member is deleted; a staff user who was linked to it keeps
     * their account and loses the member's id and role. Whether there was a login.
     */
    public boolean remove(UUID tenantId, UUID memberId) {
        return call(() -> {
            var found = loginOf(tenantId, memberId);
            if (found.isEmpty()) {
                return false;
            }
            var user = directory.realm().users().get(found.get().getId());
            var roles = user.roles().realmLevel().listEffective().stream().map(role -> role.getName()).toList();
            if (roles.stream().anyMatch(Roles.STAFF::contains)) {
                var representation = user.toRepresentation();
                var unlinked = new HashMap<>(attributes(representation));
                unlinked.remove(MEMBER_ATTRIBUTE);
                representation.setAttributes(unlinked);
                user.update(representation);
                user.roles().realmLevel().remove(List.of(directory.realm().roles().get(Roles.MEMBER).toRepresentation()));
            } else {
                directory.realm().users().delete(found.get().getId()).close();
            }
            return true;
        });
    }

    private Optional<UserRepresentation> loginOf(UUID tenantId, UUID memberId) {
        return directory.realm().users().searchByAttributes(MEMBER_ATTRIBUTE + ":" + memberId, true).stream()
                .filter(user -> List.of(tenantId.toString()).equals(attributes(user).get(TENANT_ATTRIBUTE)))
                .filter(user -> List.of(memberId.toString()).equals(attributes(user).get(MEMBER_ATTRIBUTE)))
                .findFirst();
    }

    private void joinOrganization(String organizationId, String userId) {
        var members = directory.realm().organizations().get(organizationId).members();
        try (Response response = members.addMember(userId)) {
            // 409: a member already.
            if (response.getStatus() >= 400 && response.getStatus() != 409) {
                throw new jakarta.ws.rs.WebApplicationException(response.getStatus());
            }
        }
    }

    private static MemberLogin view(UserRepresentation user, boolean created) {
        return new MemberLogin(user.getId(), user.getEmail(), Boolean.TRUE.equals(user.isEmailVerified()),
                user.getRequiredActions() == null ? List.of() : List.copyOf(user.getRequiredActions()), created);
    }

    private static DomainException conflict(String type, String field, String detail) {
        return new DomainException(ProblemKind.CONFLICT, type, "Conflict", detail, List.of(FieldProblem.of(field, detail)));
    }
}
