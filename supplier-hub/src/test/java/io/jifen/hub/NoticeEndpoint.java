package io.jifen.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The suppliers' notification URL of the hub's bare test application, answering as the platform's endpoint does:
 * 200 with the supplier's expected word when applied, 400 for a notification that does not verify, 404 for one about
 * an unknown order.
 */
@Component
class NoticeEndpoint implements SmartLifecycle {

    private final SupplierNotices notices;
    private final int port;
    private HttpServer server;

    NoticeEndpoint(SupplierNotices notices, @Value("${test.notice-port}") int port) {
        this.notices = notices;
        this.port = port;
    }

    @Override
    public void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/notices/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String supplier = exchange.getRequestURI().getPath().substring("/notices/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            int status;
            String answer;
            try {
                answer = notices.receive(supplier, headers, body);
                status = 200;
            } catch (SupplierNotices.Refused e) {
                status = 400;
                answer = e.getMessage();
            } catch (SupplierNotices.UnknownOrder e) {
                status = 404;
                answer = e.getMessage();
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
