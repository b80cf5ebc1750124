package io.jifen.hub.internal.connector;

import java.util.List;
import java.util.Map;

import io.jifen.hub.DeliveryKind;

/**
 * A supplier's product as the hub keeps it. Categories are the supplier's path from the top (ids and names in
 * step); images are absolute URLs; attributes are the supplier's named facts about it (weight, barcode, face value,
 * validity), in the supplier's order.
 */
public record SupplierSku(String skuId, String title, String brand, List<String> categoryIds, List<String> categoryNames,
                          List<String> images, String description, DeliveryKind deliveryKind, String unit, boolean listed,
                          Map<String, String> attributes) {
}
