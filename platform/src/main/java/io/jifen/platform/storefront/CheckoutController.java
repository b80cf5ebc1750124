package io.jifen.platform.storefront;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.jifen.hub.DeliveryKind;
import io.jifen.platform.mall.ItemRef;
import io.jifen.platform.mall.MallListing;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.redemption.Checkout;
import io.jifen.platform.redemption.Order;
import io.jifen.platform.redemption.OrderQuote;
import io.jifen.platform.redemption.Orders;
import io.jifen.platform.web.ProblemStatuses;

/**
 * Checkout: the quantity, pure points or points + cash (the deduction's points), the delivery address (the last one
 * used is offered again) and, with a cash part, Alipay or WeChat Pay through the payment port, whose page sends the
 * member back to the order. A bad field is shown on the form and nothing is placed.
 */
@Controller
class CheckoutController {

    private final MallListing listing;
    private final Checkout checkout;
    private final Orders orders;

    CheckoutController(MallListing listing, Checkout checkout, Orders orders) {
        this.listing = listing;
        this.checkout = checkout;
        this.orders = orders;
    }

    @GetMapping("/m/{slug}/checkout/{ref}")
    String form(@PathVariable String slug, @PathVariable String ref, @RequestParam(defaultValue = "1") String quantity,
                @RequestParam(required = false) @Nullable UUID flashSale, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        var form = new CheckoutForm();
        form.quantity = String.valueOf(ShopController.parse(quantity, "quantity", 1, CheckoutForm.MAX_QUANTITY));
        form.flashSale = flashSale;
        lastRecipient(shopper.memberId()).ifPresent(to -> {
            form.name = to.name();
            form.mobile = to.mobile();
            form.address = to.address();
        });
        return render(model, shopper, ref, form, null);
    }

    @PostMapping("/m/{slug}/checkout/{ref}")
    String place(@PathVariable String slug, @PathVariable String ref, @RequestParam Map<String, String> fields, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        CheckoutForm form = CheckoutForm.of(fields);
        String item = ItemRef.parse(ref, "ref").toString();
        OrderQuote quote;
        try {
            quote = checkout.quote(shopper.memberId(), item, Math.max(1, Math.min(form.quantityValue(), CheckoutForm.MAX_QUANTITY)), form.pointsValue(),
                    form.flashSale);
        } catch (DomainException refused) {
            response.setStatus(ProblemStatuses.of(refused.kind()).value());
            return render(model, shopper, ref, form, refused);
        }
        boolean shipped = shipped(quote);
        boolean needsAccount = quote.hubDelivery() == DeliveryKind.DIRECT_TOP_UP;
        if (!form.check(shipped, needsAccount, quote.cashFen() > 0)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return render(model, shopper, ref, form, null);
        }
        String returnUrl = ServletUriComponentsBuilder.fromContextPath(request).path(shopper.brand().root() + "orders").query("paid").toUriString();
        Checkout.Placed placed;
        try {
            placed = checkout.place(shopper.memberId(), form.key, new Checkout.Placement(item, form.quantityValue(), form.pointsValue(), form.flashSale,
                    form.recipient(shipped), needsAccount ? form.account.strip() : null, quote.cashFen() > 0 ? form.method() : null,
                    quote.cashFen() > 0 ? returnUrl : null), "member:" + shopper.memberId());
        } catch (DomainException refused) {
            for (FieldProblem field : refused.errors()) {
                form.errors.put(field.field(), "form.invalid");
            }
            response.setStatus(ProblemStatuses.of(refused.kind()).value());
            return render(model, shopper, ref, form, refused.errors().isEmpty() ? refused : null);
        }
        if (placed.payment() != null && placed.payment().redirectUrl() != null) {
            return "redirect:" + placed.payment().redirectUrl();
        }
        return "redirect:" + shopper.brand().root() + "orders/" + placed.order().id();
    }

    private String render(Model model, Shopper shopper, String ref, CheckoutForm form, @Nullable DomainException problem) {
        var detail = listing.detail(shopper.memberId(), ItemRef.parse(ref, "ref"));
        OrderQuote quote = null;
        DomainException quoteProblem = problem;
        if (problem == null) {
            try {
                quote = checkout.quote(shopper.memberId(), detail.ref(), Math.max(1, Math.min(form.quantityValue(), CheckoutForm.MAX_QUANTITY)),
                        form.pointsValue(), form.flashSale);
            } catch (DomainException refused) {
                quoteProblem = refused;
            }
        }
        model.addAttribute("item", detail);
        model.addAttribute("form", form);
        model.addAttribute("quote", quote);
        model.addAttribute("quoteProblem", quoteProblem);
        model.addAttribute("shipped", quote != null && shipped(quote));
        model.addAttribute("needsAccount", quote != null && quote.hubDelivery() == DeliveryKind.DIRECT_TOP_UP);
        return ShopController.page(model, shopper, "checkout");
    }

    private static boolean shipped(OrderQuote quote) {
        return quote.fulfilment() == Order.Fulfilment.SHIPMENT || quote.hubDelivery() == DeliveryKind.PHYSICAL;
    }

    /** The address of the member's latest shipped order, offered again (it is kept sealed with that order). */
    private java.util.Optional<Checkout.Recipient> lastRecipient(UUID member) {
        for (Order order : orders.ofMember(member, null, 10).items()) {
            if (order.fulfilment() == Order.Fulfilment.SHIPMENT || order.fulfilment() == Order.Fulfilment.HUB) {
                var delivery = orders.detail(order.id(), member).delivery();
                if (delivery != null && delivery.recipient() != null) {
                    return java.util.Optional.of(delivery.recipient());
                }
            }
        }
        return java.util.Optional.empty();
    }
}
