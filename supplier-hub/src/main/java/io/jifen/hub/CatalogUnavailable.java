package io.jifen.hub;

/** The catalog index cannot answer (Elasticsearch is down or refused): search degrades with this; nothing else stops. */
public class CatalogUnavailable extends RuntimeException {

    public CatalogUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
