package io.jifen.platform.web;

import java.io.IOException;

/** A request body went past its endpoint's limit while it was being read; answered 413. */
public class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
