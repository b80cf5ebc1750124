/**
 * How the ledger posts, behind its public services: the posting rule for credits, the group commit of earns, accounts,
 * receipts and the rows postings are made of. Spring Modulith treats this package as internal to the ledger module,
 * so its public types are for the ledger's own packages only.
 */
package io.jifen.platform.ledger.internal;
