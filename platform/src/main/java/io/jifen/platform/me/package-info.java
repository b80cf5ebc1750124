/**
 * Members signed in: the signed auto-login links that open a member session, and the member-scoped API
 * ({@code /api/v1/me/...}) over the member's own points, tier and tasks.
 */
package io.jifen.platform.me;
