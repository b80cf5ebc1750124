package io.jifen.platform.member;

/** Active members earn and redeem; frozen ones keep their points but can do neither; blacklisted ones are barred for abuse. */
public enum MemberStatus {
    ACTIVE, FROZEN, BLACKLISTED
}
