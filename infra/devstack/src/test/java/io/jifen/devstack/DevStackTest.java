package io.jifen.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DevStackTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsRealServersOnLoopbackAndRemovesEphemeralDataWhenClosed() throws Exception {
        var stack = DevStack.ephemeral(EnumSet.allOf(DevStack.Component.class)).start();
        java.nio.file.Path data;
        String elasticsearch = stack.elasticsearchUrl();
        String keycloak = stack.issuerUri();
        try {
            var db = stack.database();
            try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.appUser(), db.appPassword());
                 var rs = connection.createStatement().executeQuery(
                         "select rolbypassrls, rolsuper, version() from pg_roles where rolname = current_user")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("application role bypasses RLS").isFalse();
                assertThat(rs.getBoolean(2)).as("application role is superuser").isFalse();
                assertThat(rs.getString(3)).startsWith("PostgreSQL 17");
            }
            assertThat(get(stack.elasticsearchUrl() + "/_nodes/_local").body()).contains("\"version\":\"8.19");
            var discovery = get(stack.issuerUri() + "/.well-known/openid-configuration");
            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(discovery.body()).contains("\"issuer\":\"" + stack.issuerUri() + "\"");
            var jd = http.send(HttpRequest.newBuilder(stack.jdVopSandbox().uri().resolve("/api/product/getPageNum"))
                    .POST(HttpRequest.BodyPublishers.ofString("token=none")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(jd.body()).as("the JD sandbox wants a token").contains("\"resultCode\":\"1001\"");
            try (var rs = stack.superuserConnection("postgres").createStatement().executeQuery("show data_directory")) {
                rs.next();
                data = java.nio.file.Path.of(rs.getString(1)).getParent();
            }
            assertThat(data).exists();
        } finally {
            stack.close();
        }
        assertThat(Files.exists(data)).as("ephemeral data removed").isFalse();
        assertThat(HttpProbe.answers200(elasticsearch)).as("elasticsearch stopped").isFalse();
        assertThat(HttpProbe.answers200(keycloak)).as("keycloak stopped").isFalse();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
