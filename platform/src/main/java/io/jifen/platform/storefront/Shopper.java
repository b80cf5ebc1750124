package io.jifen.platform.storefront;

import java.util.UUID;

/** A signed-in member in the mall of their tenant. */
record Shopper(Brand brand, UUID memberId) {
}
