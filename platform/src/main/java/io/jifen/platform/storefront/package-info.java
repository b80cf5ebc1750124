/**
 * The mall on the phone: server-rendered pages (Thymeleaf and htmx) under {@code /m/{tenant-slug}/}, the members' web
 * session and sign-in (signed auto-login links, Keycloak for employees and dealers). It calls the other modules' services
 * in-process; docs/architecture.md, "The mall on the phone".
 */
package io.jifen.platform.storefront;
