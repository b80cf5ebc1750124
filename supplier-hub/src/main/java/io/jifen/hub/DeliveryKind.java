package io.jifen.hub;

/** How a SKU reaches the member. */
public enum DeliveryKind {
    /** Goods shipped to an address. */
    PHYSICAL,
    /** A card code or coupon code (e-voucher), shown to the member. */
    VOUCHER_CODE,
    /** Credited directly to an account of the member's (phone top-up, fuel card, video membership). */
    DIRECT_TOP_UP,
    /** A booking of a service. */
    SERVICE_BOOKING
}
