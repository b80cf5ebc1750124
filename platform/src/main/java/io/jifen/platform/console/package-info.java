/**
 * The tenant console: the web application built by the {@code tenant-console} module, served under {@code /console}
 * with its public configuration (where to sign in).
 */
package io.jifen.platform.console;
