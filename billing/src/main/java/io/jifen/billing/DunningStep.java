package io.jifen.billing;

/** The steps of dunning, in the order of their days. */
public enum DunningStep { REMINDER, WARNING, MALL_PAUSED, SUSPENDED }
