package io.jifen.platform.problem;

/** What kind of refusal a {@link DomainException} is; the web layer answers each kind with its HTTP status. */
public enum ProblemKind {
    /** The request is malformed or a field is bad. */
    INVALID,
    /** What the request names does not exist (or belongs to another tenant). */
    NOT_FOUND,
    /** The request conflicts with the current state (a key reused, a run complete, a slug taken). */
    CONFLICT,
    /** The request is well formed but the state refuses it (insufficient points, a budget exceeded). */
    REFUSED,
    /** The caller could not be authenticated (a bad webhook signature). */
    UNAUTHENTICATED,
    /** The caller is known but may not do this now (its tenant is suspended). */
    FORBIDDEN,
    /** The request is larger than we read (a body over its limit). */
    TOO_LARGE,
    /** A system we depend on is down or busy; trying again later may work. */
    UNAVAILABLE,
    /** A system we depend on answered with a failure. */
    UPSTREAM_FAILED
}
