package io.jifen.hub.connector;

import java.util.List;

/**
 * A supplier's product as the hub keeps it. Categories are the supplier's path from the top (ids and names in
 * step); images are absolute URLs.
 */
public record SupplierSku(String skuId, String title, String brand, List<String> categoryIds, List<String> categoryNames,
                          List<String> images, String description, DeliveryKind deliveryKind, String unit, boolean listed) {
}
