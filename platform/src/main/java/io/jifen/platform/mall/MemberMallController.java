package io.jifen.platform.mall;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.hub.CatalogQuery;
import io.jifen.hub.DeliveryKind;
import io.jifen.hub.MallQuery;
import io.jifen.platform.identity.MemberTokens;
import io.jifen.platform.problem.DomainException;

/**
 * The mall for the signed-in member (member tokens only: identity's security configuration lets nothing else into
 * /api/v1/me/**): the items redeemable now, own items and selected hub SKUs in one search, and one item's detail.
 */
@RestController
@Validated
class MemberMallController {

    /** The kinds a listing filters on: an own item's kind or a hub SKU's delivery kind. */
    private static final Set<String> KINDS = Stream.concat(Arrays.stream(Item.Kind.values()).map(Enum::name),
            Arrays.stream(DeliveryKind.values()).map(Enum::name)).collect(Collectors.toUnmodifiableSet());

    private final MallListing listing;

    MemberMallController(MallListing listing) {
        this.listing = listing;
    }

    /**
     * Full text ({@code q}, Chinese included), filters, a sort (RELEVANCE, POINTS_ASCENDING, POINTS_DESCENDING, NEWEST)
     * and a page, with facet counts; 503 {@code catalog-unavailable} while the search index cannot answer.
     */
    @GetMapping("/api/v1/me/mall/items")
    MallListing.Page items(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) @Nullable String q,
                           @RequestParam(required = false) @Nullable String kind, @RequestParam(required = false) @Nullable String category,
                           @RequestParam(required = false) @Nullable @Min(0) Long minPoints,
                           @RequestParam(required = false) @Nullable @Min(0) Long maxPoints,
                           @RequestParam(defaultValue = "RELEVANCE") MallQuery.Sort sort, @RequestParam(defaultValue = "0") @Min(0) int page,
                           @RequestParam(defaultValue = "20") @Min(1) @Max(CatalogQuery.MAX_SIZE) int size) {
        if (kind != null && !KINDS.contains(kind)) {
            throw DomainException.invalidField("kind", "one of " + KINDS.stream().sorted().toList());
        }
        if (q != null && q.length() > 200) {
            throw DomainException.invalidField("q", "at most 200 characters");
        }
        return listing.list(memberOf(token), new MallListing.Request(q, kind, category, minPoints, maxPoints, sort, page, size));
    }

    /** One item ({@code ref}: {@code item:<uuid>} or {@code hub:<supplier>:<skuId>}) if the member may see it now; else 404. */
    @GetMapping("/api/v1/me/mall/items/{ref}")
    MallListing.Detail item(@AuthenticationPrincipal Jwt token, @PathVariable String ref) {
        return listing.detail(memberOf(token), ItemRef.parse(ref, "ref"));
    }

    private static UUID memberOf(Jwt token) {
        // The security configuration lets only tokens with a member id in; this is its second line.
        return Objects.requireNonNull(MemberTokens.memberId(token), "member token without member_id");
    }
}
