package io.jifen.platform.storefront;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.jifen.hub.MallQuery;
import io.jifen.platform.ledger.LedgerQueries;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.mall.FlashSales;
import io.jifen.platform.mall.ItemRef;
import io.jifen.platform.mall.MallListing;
import io.jifen.platform.mall.MallZones;
import io.jifen.platform.mall.Zone;
import io.jifen.platform.notification.Notifications;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.redemption.Checkout;
import io.jifen.platform.redemption.OrderQuote;

/** The shop's pages: home (balance, unread messages, flash sales, zones, items), search, a zone's items, an item with the points calculator. */
@Controller
class ShopController {

    /** A flash sale on the home page, priced for this member. */
    record SaleCard(FlashSales.FlashSale sale, long points, long left) {
    }

    private static final int HOME_ITEMS = 10;
    private static final int PAGE_SIZE = 20;

    private final LedgerQueries ledger;
    private final MallListing listing;
    private final FlashSales flashSales;
    private final MallZones zones;
    private final Checkout checkout;
    private final Notifications notifications;
    private final Clock clock;

    ShopController(LedgerQueries ledger, MallListing listing, FlashSales flashSales, MallZones zones, Checkout checkout, Notifications notifications,
                   Clock clock) {
        this.ledger = ledger;
        this.listing = listing;
        this.flashSales = flashSales;
        this.zones = zones;
        this.checkout = checkout;
        this.notifications = notifications;
        this.clock = clock;
    }

    @GetMapping({"/m/{slug}", "/m/{slug}/"})
    String home(@PathVariable String slug, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        Instant now = clock.instant();
        model.addAttribute("balance", ledger.balance(shopper.memberId(), PointTypeCatalog.DEFAULT_CODE));
        model.addAttribute("unread", notifications.unread(shopper.memberId()));
        List<SaleCard> sales = new ArrayList<>();
        for (var sale : flashSales.current(now)) {
            if (sales.size() == 4) {
                break;
            }
            try {
                OrderQuote quote = checkout.quote(shopper.memberId(), ItemRef.own(sale.itemId()).toString(), 1, null, sale.id());
                sales.add(new SaleCard(sale, quote.points(), Math.max(0, sale.stock() - sale.sold())));
            } catch (DomainException notForThisMember) {
                // A sale of an item this member may not buy (its zone, an unlock) is not shown to them.
            }
        }
        model.addAttribute("sales", sales);
        model.addAttribute("zones", zones.list().stream().filter(zone -> zone.openAt(now)).limit(8).toList());
        model.addAttribute("items", listing.latest(shopper.memberId(), HOME_ITEMS));
        model.addAttribute("now", now);
        return page(model, shopper, "home");
    }

    /** Full-text search and filters over the tenant's mall; while the search index cannot answer, the newest items and a note. */
    @GetMapping("/m/{slug}/search")
    String search(@PathVariable String slug, @RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String kind,
                  @RequestParam(required = false) @Nullable String category, @RequestParam(defaultValue = "RELEVANCE") MallQuery.Sort sort,
                  @RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > 200) {
            throw DomainException.invalidField("q", "at most 200 characters");
        }
        model.addAttribute("q", text == null ? "" : text);
        model.addAttribute("kind", kind);
        model.addAttribute("category", category);
        model.addAttribute("sort", sort);
        try {
            var found = listing.list(shopper.memberId(), new MallListing.Request(text, blankToNull(kind), blankToNull(category), null, null, sort,
                    Math.max(0, page), PAGE_SIZE));
            model.addAttribute("result", found);
            model.addAttribute("items", found.items());
            model.addAttribute("searchDown", false);
        } catch (DomainException unavailable) {
            if (unavailable.kind() != ProblemKind.UNAVAILABLE) {
                throw unavailable;
            }
            model.addAttribute("result", null);
            model.addAttribute("items", listing.latest(shopper.memberId(), PAGE_SIZE));
            model.addAttribute("searchDown", true);
        }
        return page(model, shopper, "search");
    }

    /** A zone's items this member may see (a zone that does not admit them shows nothing of it). */
    @GetMapping("/m/{slug}/zones/{zoneId}")
    String zone(@PathVariable String slug, @PathVariable UUID zoneId, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        Zone zone = zones.get(zoneId);
        if (!zone.openAt(clock.instant())) {
            throw DomainException.notFound("Zone " + zoneId);
        }
        List<MallListing.Entry> items = new ArrayList<>();
        for (var entry : zones.items(zoneId)) {
            if (items.size() == 40) {
                break;
            }
            try {
                var d = listing.detail(shopper.memberId(), ItemRef.parse(entry.ref(), "ref"));
                items.add(new MallListing.Entry(d.ref(), d.title(), d.images().isEmpty() ? null : d.images().getFirst(), d.kind(), d.payment(), d.points(),
                        d.cashFen(), d.deductiblePoints(), d.deductibleFen(), d.stock()));
            } catch (DomainException hidden) {
                // Not for this member, or no longer on sale.
            }
        }
        model.addAttribute("zone", zone);
        model.addAttribute("details", items);
        return page(model, shopper, "zone");
    }

    /** One item with the points calculator: what a quantity costs this member now, line by line. */
    @GetMapping("/m/{slug}/items/{ref}")
    String item(@PathVariable String slug, @PathVariable String ref, @RequestParam(required = false) @Nullable UUID flashSale,
                HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        var detail = listing.detail(shopper.memberId(), ItemRef.parse(ref, "ref"));
        model.addAttribute("item", detail);
        model.addAttribute("flashSale", flashSale);
        model.addAttribute("balance", ledger.balance(shopper.memberId(), PointTypeCatalog.DEFAULT_CODE));
        quote(model, shopper, detail.ref(), 1, null, flashSale);
        return page(model, shopper, "item");
    }

    /** The calculator's answer for another quantity or number of points (htmx swaps it into the item's page). */
    @GetMapping("/m/{slug}/items/{ref}/quote")
    String quoteFragment(@PathVariable String slug, @PathVariable String ref, @RequestParam(defaultValue = "1") String quantity,
                         @RequestParam(required = false) @Nullable String points, @RequestParam(required = false) @Nullable UUID flashSale,
                         HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        Long wantedPoints = points == null || points.isBlank() ? null : parse(points, "points", 0, Long.MAX_VALUE);
        quote(model, shopper, ItemRef.parse(ref, "ref").toString(), parse(quantity, "quantity", 1, CheckoutForm.MAX_QUANTITY), wantedPoints, flashSale);
        model.addAttribute("brand", shopper.brand());
        return "storefront/item :: quote";
    }

    private void quote(Model model, Shopper shopper, String ref, long quantity, @Nullable Long points, @Nullable UUID flashSale) {
        model.addAttribute("quantity", quantity);
        try {
            model.addAttribute("quote", checkout.quote(shopper.memberId(), ref, quantity, points, flashSale));
            model.addAttribute("quoteProblem", null);
        } catch (DomainException refused) {
            model.addAttribute("quote", null);
            model.addAttribute("quoteProblem", refused);
        }
    }

    static long parse(String text, String field, long min, long max) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < min || value > max) {
                throw DomainException.invalidField(field, "between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw DomainException.invalidField(field, "a whole number");
        }
    }

    static String page(Model model, Shopper shopper, String name) {
        model.addAttribute("brand", shopper.brand());
        model.addAttribute("signedIn", true);
        model.addAttribute("tab", name);
        return "storefront/" + name;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
