package io.jifen.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** What the sandboxes' HTTP servers share: a loopback server on virtual threads, JSON answers, a per-second call limit. */
final class SandboxHttp {

    private SandboxHttp() {
    }

    /** A server on 127.0.0.1 (port 0: any free one) handing every request to {@code handler}; not started. */
    static HttpServer server(int port, HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", handler);
        return server;
    }

    static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers with a JSON body (none if it is empty). */
    static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Counts calls per wall-clock second, as suppliers do. */
    static final class CallLimit {
        private final AtomicLong windowSecond = new AtomicLong();
        private final AtomicInteger callsInWindow = new AtomicInteger();

        /** Counts a call; true if it is beyond {@code perSecond} in this second (0: no limit). */
        boolean exceeded(int perSecond) {
            if (perSecond <= 0) {
                return false;
            }
            long second = System.currentTimeMillis() / 1000;
            if (windowSecond.getAndSet(second) != second) {
                callsInWindow.set(0);
            }
            return callsInWindow.incrementAndGet() > perSecond;
        }
    }
}
