package io.jifen.platform.notification;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A brand's back end in the tests: a JDK HTTP server on 127.0.0.1 that records every post (path, headers, body) and
 * answers with the status it is set to, or hangs (no answer) until released, as a receiver that has stopped responding.
 */
final class WebhookReceiver implements AutoCloseable {

    record Post(String path, String notificationId, String timestamp, String signature, String body) {
    }

    private final HttpServer server;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile CountDownLatch hang = new CountDownLatch(0);

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(int status) {
        this.status = status;
    }

    /** From now on, posts get no answer until {@link #release()}. */
    void hang() {
        hang = new CountDownLatch(1);
    }

    void release() {
        hang.countDown();
    }

    List<Post> posts() {
        return List.copyOf(posts);
    }

    List<Post> posts(String path) {
        return posts.stream().filter(post -> post.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            posts.add(new Post(exchange.getRequestURI().getPath(), headers.getFirst("X-Jifen-Notification-Id"), headers.getFirst("X-Jifen-Timestamp"),
                    headers.getFirst("X-Jifen-Signature"), body));
            try {
                hang.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
