package io.jifen.platform.storefront;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.jifen.platform.ledger.LedgerQueries;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.me.MemberCheckIns;
import io.jifen.platform.me.MemberProgress;
import io.jifen.platform.redemption.Orders;
import io.jifen.platform.task.MemberTasks;

/** The member's own pages: points (balance, statement, lots and what expires soon), orders and their codes, tasks and check-in, tier. */
@Controller
class AccountController {

    /** Lots that expire within this are "expiring soon" on the points page (the balance's own figure is 30 days). */
    static final Duration SOON = Duration.ofDays(30);

    private final LedgerQueries ledger;
    private final Orders orders;
    private final MemberTasks tasks;
    private final MemberCheckIns checkIns;
    private final MemberProgress progress;
    private final Clock clock;

    AccountController(LedgerQueries ledger, Orders orders, MemberTasks tasks, MemberCheckIns checkIns, MemberProgress progress, Clock clock) {
        this.ledger = ledger;
        this.orders = orders;
        this.tasks = tasks;
        this.checkIns = checkIns;
        this.progress = progress;
        this.clock = clock;
    }

    @GetMapping("/m/{slug}/points")
    String points(@PathVariable String slug, @RequestParam(required = false) @Nullable String after, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        UUID member = shopper.memberId();
        model.addAttribute("balance", ledger.balance(member, PointTypeCatalog.DEFAULT_CODE));
        model.addAttribute("statement", ledger.statement(member, PointTypeCatalog.DEFAULT_CODE, blankToNull(after), 20));
        model.addAttribute("lots", ledger.lots(member, PointTypeCatalog.DEFAULT_CODE, true, null, 20).items());
        model.addAttribute("soon", clock.instant().plus(SOON));
        return ShopController.page(model, shopper, "points");
    }

    @GetMapping("/m/{slug}/orders")
    String orders(@PathVariable String slug, @RequestParam(required = false) @Nullable String after, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        model.addAttribute("orders", orders.ofMember(shopper.memberId(), blankToNull(after), 20));
        return ShopController.page(model, shopper, "orders");
    }

    /** One of the member's orders with its codes (an e-voucher's, a pickup code as a QR code); another member's is a 404. */
    @GetMapping("/m/{slug}/orders/{orderId}")
    String order(@PathVariable String slug, @PathVariable UUID orderId, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        var detail = orders.detail(orderId, shopper.memberId());
        model.addAttribute("detail", detail);
        model.addAttribute("pickupQr", detail.pickupCode() == null ? null : QrSvg.of(detail.pickupCode()));
        return ShopController.page(model, shopper, "order");
    }

    /** The task centre: daily check-in with the streak, the tasks and their progress, the tier and how far the next one is. */
    @GetMapping("/m/{slug}/tasks")
    String tasks(@PathVariable String slug, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        model.addAttribute("streak", checkIns.streak(shopper.memberId()));
        model.addAttribute("tasks", tasks.progress(shopper.memberId()));
        model.addAttribute("unlocks", tasks.unlocks(shopper.memberId()));
        model.addAttribute("tier", progress.tier(shopper.memberId()));
        model.addAttribute("checkedIn", null);
        return ShopController.page(model, shopper, "tasks");
    }

    /** Checks in for today; htmx swaps the answer into the page, a browser without script gets the task centre again. */
    @PostMapping("/m/{slug}/check-in")
    String checkIn(@PathVariable String slug, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        model.addAttribute("checkedIn", checkIns.checkIn(shopper.memberId()));
        model.addAttribute("streak", checkIns.streak(shopper.memberId()));
        if (MallRequests.htmx(request)) {
            model.addAttribute("brand", shopper.brand());
            return "storefront/tasks :: checkin";
        }
        return "redirect:" + shopper.brand().root() + "tasks";
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
