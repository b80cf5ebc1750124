package io.jifen.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caps request bodies before anything reads them (see {@link BodyLimits}): a declared length over the limit is a 413
 * at once; a body of unknown length is read through a counter that fails past the limit, which the problem handler
 * answers 413 too. Runs first, before authentication, so an oversized body costs nothing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
@EnableConfigurationProperties(BodyLimits.class)
class BodyLimitFilter extends OncePerRequestFilter {

    private final BodyLimits limits;
    private final JsonMapper json;
    private final AntPathMatcher paths = new AntPathMatcher();

    BodyLimitFilter(BodyLimits limits, JsonMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request.getRequestURI());
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            // Connection: close, or the container would read the rest of the body to keep the connection.
            response.setHeader("Connection", "close");
            ProblemResponses.write(json, response, HttpStatus.CONTENT_TOO_LARGE, ProblemType.of("body-too-large"),
                    "The request body (" + declared + " bytes) is larger than this endpoint accepts (" + limit + " bytes)");
            return;
        }
        chain.doFilter(declared >= 0 ? request : new Capped(request, limit), response);
    }

    long limitFor(String path) {
        for (BodyLimits.PathLimit pathLimit : limits.paths()) {
            if (paths.match(pathLimit.pattern(), path)) {
                return pathLimit.limit().toBytes();
            }
        }
        return limits.standard().toBytes();
    }

    /** A request whose body stream fails once more than {@code limit} bytes have been read. */
    private static final class Capped extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    getCharacterEncoding() == null ? java.nio.charset.StandardCharsets.UTF_8.name() : getCharacterEncoding()));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
