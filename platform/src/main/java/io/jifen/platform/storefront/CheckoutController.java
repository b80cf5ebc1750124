package io.jifen.platform.storefront;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.jifen.hub.DeliveryKind;
import io.jifen.platform.address.Address;
import io.jifen.platform.address.AddressBook;
import io.jifen.platform.address.AddressInput;
import io.jifen.platform.mall.ItemRef;
import io.jifen.platform.mall.MallListing;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.FieldProblem;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.redemption.Checkout;
import io.jifen.platform.redemption.Order;
import io.jifen.platform.redemption.OrderQuote;
import io.jifen.platform.redemption.Orders;
import io.jifen.platform.web.ProblemStatuses;

/**
 * Checkout: the quantity, pure points or points + cash (the deduction's points), the delivery address (the book's
 * default preselected, the others to choose, or a new one, saved to the book when the member ticks it; with an empty
 * book the last order's address is offered and saved on use) and, with a cash part, Alipay or WeChat Pay through the payment port, whose page sends the
 * member back to the order. A bad field is shown on the form and nothing is placed.
 */
@Controller
class CheckoutController {

    private static final Logger log = LoggerFactory.getLogger(CheckoutController.class);

    private final MallListing listing;
    private final Checkout checkout;
    private final Orders orders;
    private final AddressBook book;

    CheckoutController(MallListing listing, Checkout checkout, Orders orders, AddressBook book) {
        this.listing = listing;
        this.checkout = checkout;
        this.orders = orders;
        this.book = book;
    }

    @GetMapping("/m/{slug}/checkout/{ref}")
    String form(@PathVariable String slug, @PathVariable String ref, @RequestParam(defaultValue = "1") String quantity,
                @RequestParam(required = false) @Nullable UUID flashSale, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        var form = new CheckoutForm();
        form.quantity = String.valueOf(ShopController.parse(quantity, "quantity", 1, CheckoutForm.MAX_QUANTITY));
        form.flashSale = flashSale;
        var preferred = book.defaultAddress(shopper.memberId());
        if (preferred.isPresent()) {
            form.addressId = preferred.get().id().toString();
        } else {
            // An empty book: the address of the latest shipped order is offered (split into the book's fields) and saved on use.
            form.save = true;
            lastRecipient(shopper.memberId()).ifPresent(to -> {
                var parts = LegacyAddress.split(to.address());
                form.name = to.name();
                form.mobile = to.mobile();
                form.province = parts.province();
                form.city = parts.city();
                form.district = parts.district();
                form.line = parts.line();
            });
        }
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
        Checkout.Recipient recipient = null;
        AddressInput toSave = null;
        if (shipped && form.typedAddress()) {
            try {
                AddressInput typed = form.newAddress().normalized();
                recipient = recipient(typed.recipient(), typed.phone(), typed.fullAddress());
                toSave = form.save ? typed : null;
            } catch (DomainException refused) {
                form.showAddressProblems(refused);
            }
        } else if (shipped) {
            Address chosen = book.get(shopper.memberId(), bookAddressId(form.addressId));
            recipient = recipient(chosen.recipient(), chosen.phone(), chosen.fullAddress());
        }
        if (!form.check(needsAccount, quote.cashFen() > 0)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return render(model, shopper, ref, form, null);
        }
        String returnUrl = ServletUriComponentsBuilder.fromContextPath(request).path(shopper.brand().root() + "orders").query("paid").toUriString();
        Checkout.Placed placed;
        try {
            placed = checkout.place(shopper.memberId(), form.key, new Checkout.Placement(item, form.quantityValue(), form.pointsValue(), form.flashSale,
                    recipient, needsAccount ? form.account.strip() : null, quote.cashFen() > 0 ? form.method() : null,
                    quote.cashFen() > 0 ? returnUrl : null), "member:" + shopper.memberId());
        } catch (DomainException refused) {
            for (FieldProblem field : refused.errors()) {
                form.errors.put(field.field(), "form.invalid");
            }
            response.setStatus(ProblemStatuses.of(refused.kind()).value());
            return render(model, shopper, ref, form, refused.errors().isEmpty() ? refused : null);
        }
        if (toSave != null) {
            keep(shopper.memberId(), toSave);
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
        model.addAttribute("addresses", quote != null && shipped(quote) ? book.list(shopper.memberId()) : List.of());
        return ShopController.page(model, shopper, "checkout");
    }

    private static boolean shipped(OrderQuote quote) {
        return quote.fulfilment() == Order.Fulfilment.SHIPMENT || quote.hubDelivery() == DeliveryKind.PHYSICAL;
    }

    private static Checkout.Recipient recipient(String name, String mobile, String address) {
        return new Checkout.Recipient(name, mobile, null, null, null, null, address);
    }

    /** An address of the book named by the form; anything else is no address of this member's (a 404, like another member's). */
    private static UUID bookAddressId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new DomainException(ProblemKind.NOT_FOUND, "address-not-found", "Not found", "The address does not exist");
        }
    }

    /**
     * Saves the address the order went to into the member's book, unless the book has it already (the same order key
     * placed again) or is full: the order is placed either way, and it keeps its own sealed copy.
     */
    private void keep(UUID member, AddressInput address) {
        boolean known = book.list(member).stream().anyMatch(kept -> kept.recipient().equals(address.recipient()) && kept.phone().equals(address.phone())
                && kept.fullAddress().equals(address.fullAddress()));
        if (known) {
            return;
        }
        try {
            book.add(member, address);
        } catch (DomainException refused) {
            log.info("The order's address was not saved to the member's book: {}", refused.getMessage());
        }
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
