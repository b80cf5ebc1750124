package io.jifen.platform.identity;

/** The realm roles the platform knows. */
public final class Roles {

    public static final String PLATFORM_OPERATOR = "platform-operator";
    public static final String TENANT_ADMIN = "tenant-admin";
    public static final String TENANT_STAFF = "tenant-staff";
    public static final String MEMBER = "member";
    /** The roles of people and clients who work on the platform or a tenant, as opposed to members. */
    public static final java.util.Set<String> STAFF = java.util.Set.of(PLATFORM_OPERATOR, TENANT_ADMIN, TENANT_STAFF);

    private Roles() {
    }
}
