package io.jifen.platform.member;

/** Who a member is to the brand: the programme's rules and tasks can target each audience. */
public enum Audience {
    CONSUMER, EMPLOYEE, DEALER, SALES_GUIDE
}
