package io.jifen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A single-node Elasticsearch from the integ-test-zip distribution, bound to loopback. */
final class ElasticsearchServer {

    private final Path distribution;
    private final Path home;
    private final Path javaHome;
    private final int httpPort;
    private final int transportPort;
    private ManagedProcess process;

    ElasticsearchServer(Path distribution, Path home, Path javaHome, int httpPort, int transportPort) {
        this.distribution = distribution;
        this.home = home.resolve("elasticsearch");
        this.javaHome = javaHome;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    void start(Duration timeout) {
        Path config = home.resolve("config");
        try {
            if (!Files.exists(config.resolve("elasticsearch.yml"))) {
                Files.createDirectories(config);
                try (var files = Files.list(distribution.resolve("config"))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(file, config.resolve(file.getFileName()));
                    }
                }
            }
            Files.createDirectories(home.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceUser.own(home);
        List<String> command = ServiceUser.command(List.of(
                distribution.resolve("bin/elasticsearch").toString(),
                "-Ecluster.name=jifen-devstack",
                "-Enode.name=devstack",
                "-Ediscovery.type=single-node",
                "-Enetwork.host=127.0.0.1",
                "-Ehttp.port=" + httpPort,
                "-Etransport.port=" + transportPort,
                "-Epath.data=" + home.resolve("data"),
                "-Epath.logs=" + home.resolve("logs"),
                "-Eaction.destructive_requires_name=false",
                // A loopback development node: no TLS, no passwords.
                "-Expack.security.enabled=false"));
        Map<String, String> environment = Map.of(
                "ES_JAVA_HOME", javaHome.toString(),
                "ES_PATH_CONF", config.toString(),
                "ES_TMPDIR", home.resolve("tmp").toString(),
                "ES_JAVA_OPTS", "-Xms512m -Xmx512m",
                "HOME", home.toString());
        process = ManagedProcess.start("elasticsearch", command, environment, home, home.resolve("console.log"));
        process.awaitReady(timeout, () -> HttpProbe.answers200(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"));
    }

    void stop() {
        if (process != null) {
            process.stop();
        }
    }
}
