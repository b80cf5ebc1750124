package io.jifen.hub;

import java.util.Set;

/** The suppliers the hub is connected to (a supplier whose URL is not configured is not connected). */
public interface Suppliers {

    /** Their ids ("jd", "tmall", "vouchers" ...). */
    Set<String> ids();
}
