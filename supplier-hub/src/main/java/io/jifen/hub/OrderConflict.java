package io.jifen.hub;

/** An order number already used for a different order. */
public class OrderConflict extends RuntimeException {

    public OrderConflict(String orderNo) {
        super("order number " + orderNo + " was used for a different order");
    }
}
