package io.jifen.platform.storefront;

import jakarta.servlet.http.HttpServletRequest;

import io.jifen.platform.problem.DomainException;

/** The brand and the signed-in member of a mall request, as {@link MallRequestFilter} found them. */
final class MallRequests {

    private MallRequests() {
    }

    /** The mall the path names; an unknown or suspended tenant is a 404 page. */
    static Brand brand(HttpServletRequest request) {
        if (request.getAttribute(MallRequestFilter.BRAND) instanceof Brand brand) {
            return brand;
        }
        throw DomainException.notFound("Mall");
    }

    /** The member signed in to this mall, or the way to its sign-in page. */
    static Shopper shopper(HttpServletRequest request) {
        if (request.getAttribute(MallRequestFilter.SHOPPER) instanceof Shopper shopper) {
            return shopper;
        }
        throw new SignInRequired(brand(request));
    }

    static boolean htmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }
}
