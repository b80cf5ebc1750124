package io.jifen.hub;

/** A delivery address; province, city, county and town are the supplier's area ids (JD's numbering). */
public record Recipient(String name, String mobile, int province, int city, int county, int town, String address) {
}
