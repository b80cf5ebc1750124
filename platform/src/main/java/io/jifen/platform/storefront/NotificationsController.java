package io.jifen.platform.storefront;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.jifen.platform.notification.Notification;
import io.jifen.platform.notification.Notifications;

/** The member's messages (module notification), newest first: those not read yet are marked new, and read once shown. */
@Controller
class NotificationsController {

    private final Notifications notifications;

    NotificationsController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/m/{slug}/notifications")
    String list(@PathVariable String slug, @RequestParam(required = false) @Nullable String after, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        var page = notifications.inbox(shopper.memberId(), after == null || after.isBlank() ? null : after, 20);
        model.addAttribute("notifications", page);
        notifications.markAllRead(shopper.memberId(), page.items().stream().filter(n -> !n.read()).map(Notification::id).toList());
        return ShopController.page(model, shopper, "notifications");
    }
}
