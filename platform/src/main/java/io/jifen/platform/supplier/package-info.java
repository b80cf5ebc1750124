/**
 * The platform operator's side of the supplier hub: running the catalog syncs and searching the shared catalog over
 * HTTP. The hub itself (module supplier-hub) knows nothing of the platform.
 */
package io.jifen.platform.supplier;
