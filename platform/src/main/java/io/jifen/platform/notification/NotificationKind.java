package io.jifen.platform.notification;

/** What a notification tells the member; a tenant's webhook subscribes to some of these. */
public enum NotificationKind {
    /** Points come within the point type's reminder window ({@code PointsExpiringSoon}). */
    POINTS_EXPIRING,
    /** The member became dormant; the wake-up tasks now count for them ({@code MemberBecameDormant}). */
    MEMBER_DORMANT,
    /** A redemption reached the member: shipped and delivered, or completed ({@code OrderCompleted}). */
    ORDER_DELIVERED
}
