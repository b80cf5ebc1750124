package io.jifen.platform.identity;

/** The realm roles the platform knows. */
public final class Roles {

    public static final String PLATFORM_OPERATOR = "platform-operator";
    public static final String TENANT_ADMIN = "tenant-admin";
    public static final String TENANT_STAFF = "tenant-staff";
    public static final String MEMBER = "member";

    private Roles() {
    }
}
