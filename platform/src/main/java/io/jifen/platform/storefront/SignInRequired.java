package io.jifen.platform.storefront;

/** A page of the shop asked for without a session in this mall: the member is sent to the mall's sign-in page. */
final class SignInRequired extends RuntimeException {

    private final Brand brand;

    SignInRequired(Brand brand) {
        super("sign-in required", null, false, false);
        this.brand = brand;
    }

    Brand brand() {
        return brand;
    }
}
