package io.jifen.platform.storefront;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.redemption.Order;
import io.jifen.platform.redemption.OrderSaga;
import io.jifen.platform.redemption.Orders;
import io.jifen.platform.web.ProblemStatuses;

/**
 * The member cancels an order before its fulfilment starts (placed and not paid yet, or paid): a page that asks to
 * confirm, then {@code OrderSaga.cancel} as the member API's cancellation does (the points go back, a paid cash part is
 * refunded, an open payment is cancelled). Another member's order is a 404; a refusal is shown on the confirm page.
 */
@Controller
class CancelController {

    private final Orders orders;
    private final OrderSaga saga;

    CancelController(Orders orders, OrderSaga saga) {
        this.orders = orders;
        this.saga = saga;
    }

    /** Whether the member may still cancel an order in this state (the order page shows the button then). */
    static boolean cancellable(Order.State state) {
        return state == Order.State.PLACED || state == Order.State.PAID;
    }

    @GetMapping("/m/{slug}/orders/{orderId}/cancel")
    String confirm(@PathVariable String slug, @PathVariable UUID orderId, HttpServletRequest request, Model model) {
        return render(model, MallRequests.shopper(request), orderId, null);
    }

    @PostMapping("/m/{slug}/orders/{orderId}/cancel")
    String cancel(@PathVariable String slug, @PathVariable UUID orderId, HttpServletRequest request, HttpServletResponse response, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        try {
            saga.cancel(orderId, shopper.memberId(), "member:" + shopper.memberId());
        } catch (DomainException refused) {
            if (refused.kind() == io.jifen.platform.problem.ProblemKind.NOT_FOUND) {
                throw refused;
            }
            response.setStatus(ProblemStatuses.of(refused.kind()).value());
            return render(model, shopper, orderId, refused);
        }
        return "redirect:" + shopper.brand().root() + "orders/" + orderId;
    }

    private String render(Model model, Shopper shopper, UUID orderId, @Nullable DomainException problem) {
        var detail = orders.detail(orderId, shopper.memberId());
        model.addAttribute("detail", detail);
        model.addAttribute("cancellable", cancellable(detail.order().state()));
        model.addAttribute("cancelProblem", problem);
        ShopController.page(model, shopper, "cancel");
        model.addAttribute("tab", "order");
        return "storefront/cancel";
    }
}
