package io.jifen.platform.notification;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.web.CursorPage;

/** The signed-in member's inbox (member tokens only; the member is always the token's, another's notification is a 404). */
@RestController
@Validated
class MeNotificationsController {

    record Unread(long unread) {
    }

    private final Notifications notifications;

    MeNotificationsController(Notifications notifications) {
        this.notifications = notifications;
    }

    /** The member's notifications, newest first; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/me/notifications")
    CursorPage<Notification> inbox(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) @Nullable String after,
                                   @RequestParam(defaultValue = "20") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        return notifications.inbox(MemberTokens.requireMemberId(token), after, size);
    }

    @GetMapping("/api/v1/me/notifications/unread-count")
    Unread unread(@AuthenticationPrincipal Jwt token) {
        return new Unread(notifications.unread(MemberTokens.requireMemberId(token)));
    }

    /** Marks one read; reading it again changes nothing. */
    @PostMapping("/api/v1/me/notifications/{notificationId}/read")
    Notification read(@AuthenticationPrincipal Jwt token, @PathVariable UUID notificationId) {
        return notifications.markRead(MemberTokens.requireMemberId(token), notificationId);
    }
}
