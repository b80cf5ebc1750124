package io.jifen.platform.mall;

import java.util.Set;
import java.util.UUID;

/**
 * What the member-facing mall leaves out for a member: the seam for zones and per-member eligibility (a zone table keyed
 * by {@link ItemRef}). Every bean of this type is applied, in the current tenant, to the listing (inside the search
 * query, so totals, facets and pages stay right) and to an item's detail (a hidden item is a 404). Without one, the
 * member sees every item the mall lists.
 */
public interface MallListingFilter {

    /** The items this member must not see, by reference; empty when all may be seen. */
    Set<ItemRef> hiddenFrom(UUID memberId);
}
