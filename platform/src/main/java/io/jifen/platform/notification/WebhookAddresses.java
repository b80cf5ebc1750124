package io.jifen.platform.notification;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import org.springframework.stereotype.Component;

import io.jifen.platform.problem.DomainException;

/**
 * Which webhook URLs the platform posts to: absolute https URLs (http too where private hosts are allowed, locally) whose
 * host resolves to public addresses only, so that a tenant cannot make the platform call into its own network. Checked
 * when the URL is set and again before every post (a name may resolve elsewhere later).
 */
@Component
class WebhookAddresses {

    private final NotificationProperties properties;

    WebhookAddresses(NotificationProperties properties) {
        this.properties = properties;
    }

    /** The URL as the platform will call it; a 400 on {@code url} otherwise. */
    URI check(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw DomainException.invalidField("url", "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && properties.allowPrivateHosts())) {
            throw DomainException.invalidField("url", "must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null || url.length() > 2000) {
            throw DomainException.invalidField("url", "must be an absolute URL with a host, no user info or fragment, at most 2,000 characters");
        }
        String refused = refusal(uri);
        if (refused != null) {
            throw DomainException.invalidField("url", refused);
        }
        return uri;
    }

    /** Why the platform will not post to this URL now, or null. */
    String refusal(URI uri) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "its host " + uri.getHost() + " does not resolve";
        }
        if (properties.allowPrivateHosts()) {
            return null;
        }
        for (InetAddress address : resolved) {
            if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                    || address.isMulticastAddress() || uniqueLocal(address)) {
                return "its host " + uri.getHost() + " resolves to a private address";
            }
        }
        return null;
    }

    /** IPv6 unique local addresses (fc00::/7), which InetAddress does not count as site-local. */
    private static boolean uniqueLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
