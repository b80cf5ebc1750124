package io.jifen.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jifen.sandbox.JdVopSandbox;
import io.jifen.sandbox.SandboxCatalog;
import io.jifen.sandbox.TmallSandbox;
import io.jifen.sandbox.VoucherCatalog;
import io.jifen.sandbox.VoucherSandbox;

/**
 * The local stack: real PostgreSQL, Elasticsearch and Keycloak, unpacked from their Maven Central distributions
 * and started as child processes on free loopback ports.
 *
 * <p>A persistent stack keeps its data under {@code <home>/local} between runs; an ephemeral one (for tests)
 * gets a fresh directory that {@link #close()} deletes.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    /** How long a server may take to become ready: $JIFEN_DEVSTACK_READY_SECONDS, or three minutes (a loaded machine needs more). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("JIFEN_DEVSTACK_READY_SECONDS", "180")));

    public static final String REALM = "jifen";
    /** The confidential client the platform uses for Keycloak's admin API (onboarding). */
    public static final String ADMIN_CLIENT_ID = "jifen-platform-admin";
    public static final String ADMIN_CLIENT_SECRET = "devstack-admin-client-secret";
    /** Keycloak's own administrator (master realm), for looking around in the Keycloak admin console. */
    public static final String KEYCLOAK_ADMIN = "admin";
    public static final String KEYCLOAK_ADMIN_PASSWORD = "admin";

    /**
     * MAIL is a local mail server (GreenMail): Keycloak's verification mails and the platform's own go there. STRIPE is the
     * Stripe fake ({@link LocalStripe}).
     */
    public enum Component { POSTGRES, ELASTICSEARCH, KEYCLOAK, SUPPLIER_SANDBOXES, MAIL, STRIPE }

    /** SKUs in each supplier sandbox's catalog: $JIFEN_SANDBOX_SKUS, or 6,000. */
    static final int SANDBOX_SKUS = Integer.parseInt(System.getenv().getOrDefault("JIFEN_SANDBOX_SKUS", "6000"));

    /** Connection settings of the platform's database: migrations run as the owner, the application as a role that owns nothing. */
    public record Database(String jdbcUrl, String ownerUser, String ownerPassword, String appUser, String appPassword) {
    }

    private final Path home;
    private final Path data;
    private final boolean persistent;
    private final Set<Component> components;
    private PostgresServer postgres;
    private ElasticsearchServer elasticsearch;
    private KeycloakServer keycloak;
    private MailServer mail;
    private JdVopSandbox jdVop;
    private VoucherSandbox vouchers;
    private TmallSandbox tmall;
    private LocalStripe stripe;
    private Database database;
    private Thread shutdownHook;

    private DevStack(Path home, boolean persistent, Set<Component> components) {
        this.home = home;
        this.persistent = persistent;
        this.components = components.isEmpty() ? EnumSet.noneOf(Component.class) : EnumSet.copyOf(components);
        this.data = persistent ? home.resolve("local") : home.resolve("runs").resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        if (this.components.contains(Component.KEYCLOAK)) {
            this.components.add(Component.POSTGRES);
            this.components.add(Component.MAIL);
        }
    }

    /** A stack whose data survives restarts (the README's run command). */
    public static DevStack persistent(Set<Component> components) {
        return new DevStack(defaultHome(), true, components);
    }

    /** A stack whose data survives restarts, kept under {@code home} (tests of restarts). */
    static DevStack persistent(Path home, Set<Component> components) {
        return new DevStack(home, true, components);
    }

    /** A stack with fresh, throw-away data (tests). */
    public static DevStack ephemeral(Set<Component> components) {
        return new DevStack(defaultHome(), false, components);
    }

    /** Where distributions are unpacked and data is kept: $JIFEN_DEVSTACK_HOME, or a per-user default. */
    public static Path defaultHome() {
        String configured = System.getenv("JIFEN_DEVSTACK_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        // As root, PostgreSQL and Elasticsearch run as 'nobody', which cannot enter /root.
        return ServiceUser.isRoot() ? Path.of("/var/tmp/jifen-devstack")
                : Path.of(System.getProperty("user.home"), ".cache", "jifen-devstack");
    }

    public DevStack start() {
        long started = System.nanoTime();
        try {
            if (!persistent) {
                removeRunsOfDeadProcesses(data.getParent());
            }
            Files.createDirectories(data);
            makeTraversable(home);
            makeTraversable(data.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shutdownHook = new Thread(this::stopAll, "devstack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            Path javaHome = javaHomeForServers();
            Path dist = home.resolve("dist");
            CompletableFuture<Void> search = CompletableFuture.completedFuture(null);
            if (components.contains(Component.ELASTICSEARCH)) {
                Path es = new Distribution("elasticsearch").unpackInto(dist);
                elasticsearch = new ElasticsearchServer(es, data, javaHome, freePort(), freePort());
                search = CompletableFuture.runAsync(() -> elasticsearch.start(READY_TIMEOUT));
            }
            CompletableFuture<Path> keycloakDist = components.contains(Component.KEYCLOAK)
                    ? CompletableFuture.supplyAsync(() -> new Distribution("keycloak").unpackInto(dist))
                    : CompletableFuture.completedFuture(null);
            if (components.contains(Component.POSTGRES)) {
                startPostgres(new Distribution("postgres").unpackInto(dist));
            }
            if (components.contains(Component.MAIL)) {
                mail = new MailServer(freePort(), freePort(), freePort());
                mail.start(READY_TIMEOUT);
            }
            if (components.contains(Component.KEYCLOAK)) {
                keycloak = new KeycloakServer(keycloakDist.join(), data, javaHome, freePort(), freePort());
                var realmVariables = new java.util.HashMap<>(Map.of("JIFEN_ADMIN_CLIENT_SECRET", ADMIN_CLIENT_SECRET,
                        "KC_BOOTSTRAP_ADMIN_USERNAME", KEYCLOAK_ADMIN,
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", KEYCLOAK_ADMIN_PASSWORD));
                realmVariables.putAll(mail.realmVariables());
                // The console's origin for Keycloak's CORS (its token endpoint): the run command's port.
                realmVariables.put("JIFEN_CONSOLE_PORT", System.getenv().getOrDefault("JIFEN_PORT", "8080"));
                keycloak.start(realmFile(), postgres.jdbcUrl("keycloak"), "keycloak", "keycloak", realmVariables, READY_TIMEOUT);
                RealmMail.pointAt(keycloak.url(), REALM, ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, mail);
            }
            if (components.contains(Component.SUPPLIER_SANDBOXES)) {
                jdVop = new JdVopSandbox(new SandboxCatalog(20_261_123L, SANDBOX_SKUS), JdVopSandbox.Credentials.DEVSTACK, 0).start();
                tmall = new TmallSandbox(new SandboxCatalog(20_261_124L, SANDBOX_SKUS), TmallSandbox.Credentials.DEVSTACK, 0).start();
                vouchers = new VoucherSandbox(new VoucherCatalog(20_261_123L), VoucherSandbox.Credentials.DEVSTACK, 0).start();
            }
            if (components.contains(Component.STRIPE)) {
                stripe = LocalStripe.start();
            }
            search.join();
        } catch (RuntimeException e) {
            close();
            throw e instanceof CompletionException c && c.getCause() instanceof RuntimeException cause ? cause : e;
        }
        log.info("devstack {} ready in {} ms (data in {})", components, (System.nanoTime() - started) / 1_000_000, data);
        return this;
    }

    public Database database() {
        return require(database, Component.POSTGRES);
    }

    public String elasticsearchUrl() {
        return require(elasticsearch, Component.ELASTICSEARCH).url();
    }

    public String keycloakUrl() {
        return require(keycloak, Component.KEYCLOAK).url();
    }

    /** The mail server's SMTP host and port (any sender, any login). */
    public String smtpHost() {
        return require(mail, Component.MAIL).host();
    }

    public int smtpPort() {
        return require(mail, Component.MAIL).smtpPort();
    }

    /** GreenMail's HTTP API: {@code GET <url>/api/user/<address>/messages/INBOX} lists what an address received. */
    public String mailApiUrl() {
        return require(mail, Component.MAIL).apiUrl();
    }

    public boolean has(Component component) {
        return components.contains(component);
    }

    /** The JD VOP sandbox (its catalog, faults and admin switches), for tests that drive it. */
    public JdVopSandbox jdVopSandbox() {
        return require(jdVop, Component.SUPPLIER_SANDBOXES);
    }

    /** The Tmall-style distribution sandbox (its catalog, orders and faults), for tests that drive it. */
    public TmallSandbox tmallSandbox() {
        return require(tmall, Component.SUPPLIER_SANDBOXES);
    }

    /** The e-voucher aggregator sandbox (its products, orders, faults and timing), for tests that drive it. */
    public VoucherSandbox voucherSandbox() {
        return require(vouchers, Component.SUPPLIER_SANDBOXES);
    }

    /** The Stripe fake, its keys and where its events go. */
    public LocalStripe stripe() {
        return require(stripe, Component.STRIPE);
    }

    /**
     * The key (AES-256, base64) the platform encrypted e-voucher codes with on this stack before jifen-crypto: kept,
     * so codes stored by older runs still decrypt (new ones are sealed with {@link #cryptoDataKey()}).
     */
    public String voucherCodeKey() {
        return key("voucher-code.key", 32);
    }

    /** The data key (SM4, 16 bytes, base64) of this stack's {@code jifen.crypto} key ring, id {@code devstack}. */
    public String cryptoDataKey() {
        return key("crypto-data.key", 16);
    }

    /** The blind index key (HMAC-SM3, 32 bytes, base64) of this stack's {@code jifen.crypto}. */
    public String cryptoIndexKey() {
        return key("crypto-index.key", 32);
    }

    /** The key the platform signs its member access tokens with (HS256, 32 bytes, base64). */
    public String memberTokenKey() {
        return key("member-token.key", 32);
    }

    /** A key made at random on first use and kept with the stack's data, so what one run encrypts the next one reads. */
    private synchronized String key(String name, int bytes) {
        Path file = data.resolve(name);
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[bytes];
                new java.security.SecureRandom().nextBytes(key);
                Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The key (32 bytes, base64) the platform links the ledger's tamper-evident chain with on this stack: made at random
     * on first use and kept with the stack's data, so a chain sealed in one run still verifies in the next.
     */
    public synchronized String ledgerChainKey() {
        Path file = data.resolve("ledger-chain.key");
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String issuerUri() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    /** Opens a superuser connection to one of the stack's databases (for tests and benchmarks). */
    public Connection superuserConnection(String databaseName) throws SQLException {
        return require(postgres, Component.POSTGRES).connectAsSuperuser(databaseName);
    }

    @Override
    public void close() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                return;
            }
        }
        stopAll();
    }

    private synchronized void stopAll() {
        if (jdVop != null) {
            jdVop.close();
            jdVop = null;
        }
        if (vouchers != null) {
            vouchers.close();
            vouchers = null;
        }
        if (tmall != null) {
            tmall.close();
            tmall = null;
        }
        if (stripe != null) {
            stripe.stop();
            stripe = null;
        }
        if (keycloak != null) {
            keycloak.stop();
            keycloak = null;
        }
        if (mail != null) {
            mail.stop();
            mail = null;
        }
        if (elasticsearch != null) {
            elasticsearch.stop();
            elasticsearch = null;
        }
        if (postgres != null) {
            postgres.stop();
            postgres = null;
        }
        if (!persistent) {
            try {
                FileTrees.deleteRecursively(data);
            } catch (IOException e) {
                log.warn("could not delete {}: {}", data, e.toString());
            }
        }
    }

    private void startPostgres(Path binaries) {
        postgres = new PostgresServer(binaries, data, "postgres", freePort());
        postgres.start();
        database = new Database(postgres.jdbcUrl("jifen"), "jifen_owner", "jifen_owner", "jifen_app", "jifen_app");
        try (Connection connection = postgres.connectAsSuperuser("postgres"); var statement = connection.createStatement()) {
            createRoleIfMissing(statement, "jifen_owner", "LOGIN");
            // The application role must never bypass row-level security.
            createRoleIfMissing(statement, "jifen_app", "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
            createRoleIfMissing(statement, "keycloak", "LOGIN");
            createDatabaseIfMissing(statement, "jifen", "jifen_owner");
            createDatabaseIfMissing(statement, "keycloak", "keycloak");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the devstack databases", e);
        }
    }

    private static void createRoleIfMissing(java.sql.Statement statement, String role, String options) throws SQLException {
        try (var rs = statement.executeQuery("select 1 from pg_roles where rolname = '" + role + "'")) {
            if (rs.next()) {
                return;
            }
        }
        statement.execute("create role " + role + " " + options + " password '" + role + "'");
    }

    private static void createDatabaseIfMissing(java.sql.Statement statement, String name, String owner) throws SQLException {
        try (var rs = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
            if (rs.next()) {
                return;
            }
        }
        statement.execute("create database " + name + " owner " + owner + " encoding 'UTF8'");
    }

    private Path realmFile() {
        Path target = data.resolve("jifen-realm.json");
        try (InputStream in = DevStack.class.getResourceAsStream("/keycloak/jifen-realm.json")) {
            if (in == null) {
                throw new IllegalStateException("keycloak/jifen-realm.json is not on the classpath");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path javaHomeForServers() {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("Keycloak and Elasticsearch need Java 21+; run with JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64");
        }
        return Path.of(System.getProperty("java.home"));
    }

    /** Data of test stacks whose JVM died before it could clean up (killed builds). */
    private static void removeRunsOfDeadProcesses(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (var entries = Files.list(runs)) {
            for (Path run : entries.toList()) {
                String name = run.getFileName().toString();
                int dash = name.indexOf('-');
                if (dash > 0 && name.substring(0, dash).chars().allMatch(Character::isDigit)
                        && ProcessHandle.of(Long.parseLong(name.substring(0, dash))).isEmpty()) {
                    log.info("removing {} left by a stack that was not stopped", run);
                    FileTrees.deleteRecursively(run);
                }
            }
        }
    }

    private static void makeTraversable(Path directory) throws IOException {
        Files.createDirectories(directory);
        var permissions = java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");
        Files.setPosixFilePermissions(directory, permissions);
    }

    private static <T> T require(T server, Component component) {
        if (server == null) {
            throw new IllegalStateException(component + " is not part of this stack");
        }
        return server;
    }

    static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The platform's settings for this stack as environment variables (the names production uses), so that a
     * platform started by hand or by a benchmark can find it.
     */
    public Map<String, String> platformEnvironment() {
        var db = database();
        return Map.ofEntries(
                Map.entry("JIFEN_DB_URL", db.jdbcUrl()),
                Map.entry("JIFEN_DB_USER", db.appUser()),
                Map.entry("JIFEN_DB_PASSWORD", db.appPassword()),
                Map.entry("JIFEN_DB_OWNER_USER", db.ownerUser()),
                Map.entry("JIFEN_DB_OWNER_PASSWORD", db.ownerPassword()),
                Map.entry("JIFEN_KEYCLOAK_URL", keycloakUrl()),
                Map.entry("JIFEN_KEYCLOAK_ADMIN_CLIENT_SECRET", ADMIN_CLIENT_SECRET),
                Map.entry("JIFEN_LEDGER_CHAIN_CURRENT_KEY", "devstack"),
                Map.entry("JIFEN_LEDGER_CHAIN_KEYS_DEVSTACK", ledgerChainKey()),
                Map.entry("JIFEN_MEMBER_TOKENS_CURRENT_KEY", "devstack"),
                Map.entry("JIFEN_MEMBER_TOKENS_KEYS_DEVSTACK", memberTokenKey()),
                Map.entry("JIFEN_CRYPTO_CURRENT_KEY", "devstack"),
                Map.entry("JIFEN_CRYPTO_KEYS_DEVSTACK", cryptoDataKey()),
                Map.entry("JIFEN_CRYPTO_INDEX_KEY", cryptoIndexKey()),
                Map.entry("JIFEN_SMTP_HOST", smtpHost()),
                Map.entry("JIFEN_SMTP_PORT", String.valueOf(smtpPort())));
    }

    /** Writes {@link #platformEnvironment()} as a shell file of exports beside the stack's data, and returns its path. */
    public Path writeEnvironmentFile() {
        var lines = new StringBuilder();
        platformEnvironment().forEach((name, value) -> lines.append("export ").append(name).append("='").append(value).append("'\n"));
        if (elasticsearch != null) {
            lines.append("export JIFEN_ELASTICSEARCH_URL='").append(elasticsearchUrl()).append("'\n");
        }
        if (jdVop != null) {
            var jd = JdVopSandbox.Credentials.DEVSTACK;
            lines.append("export JIFEN_HUB_JD_URL='").append(jdVop.uri()).append("'\n")
                    .append("export JIFEN_HUB_JD_CLIENT_ID='").append(jd.clientId()).append("'\n")
                    .append("export JIFEN_HUB_JD_CLIENT_SECRET='").append(jd.clientSecret()).append("'\n")
                    .append("export JIFEN_HUB_JD_USERNAME='").append(jd.username()).append("'\n")
                    .append("export JIFEN_HUB_JD_PASSWORD='").append(jd.password()).append("'\n");
            var top = TmallSandbox.Credentials.DEVSTACK;
            lines.append("export JIFEN_HUB_TMALL_URL='").append(tmall.uri()).append("'\n")
                    .append("export JIFEN_HUB_TMALL_APP_KEY='").append(top.appKey()).append("'\n")
                    .append("export JIFEN_HUB_TMALL_APP_SECRET='").append(top.appSecret()).append("'\n")
                    .append("export JIFEN_HUB_TMALL_SESSION='").append(top.session()).append("'\n")
                    .append("export JIFEN_HUB_TMALL_REFRESH_TOKEN='").append(top.refreshToken()).append("'\n");
            var voucher = VoucherSandbox.Credentials.DEVSTACK;
            lines.append("export JIFEN_HUB_VOUCHERS_URL='").append(vouchers.uri()).append("'\n")
                    .append("export JIFEN_HUB_VOUCHERS_APP_KEY='").append(voucher.appKey()).append("'\n")
                    .append("export JIFEN_HUB_VOUCHERS_APP_SECRET='").append(voucher.appSecret()).append("'\n")
                    .append("export JIFEN_HUB_CODES_KEYS_DEVSTACK='").append(voucherCodeKey()).append("'\n");
        }
        if (stripe != null) {
            stripe.environment().forEach((name, value) -> lines.append("export ").append(name).append("='").append(value).append("'\n"));
        }
        Path file = data.resolve("stack.env");
        try {
            Files.writeString(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Starts the whole stack with persistent data and keeps it running until Ctrl-C. */
    public static void main(String[] args) throws InterruptedException {
        var stack = persistent(EnumSet.allOf(Component.class)).start();
        Path environment = stack.writeEnvironmentFile();
        var db = stack.database();
        System.out.printf("""

                Jifen devstack is running (Ctrl-C stops it)
                  PostgreSQL     %s  (owner %s/%s, application %s/%s)
                  Elasticsearch  %s
                  Keycloak       %s  (admin console: %s/%s, realm %s)
                  Mail (SMTP)    %s:%d  (what arrived: %s/api/user/<address>/messages/INBOX)
                  JD VOP sandbox %s  (%,d SKUs)
                  Tmall sandbox     %s  (%,d items)
                  E-voucher sandbox %s  (%,d products)
                  Stripe (fake)     %s  (test payment pages: /pay/<payment intent>)
                  The platform's settings for it: source %s
                %n""", db.jdbcUrl(), db.ownerUser(), db.ownerPassword(), db.appUser(), db.appPassword(),
                stack.elasticsearchUrl(), stack.keycloakUrl(), KEYCLOAK_ADMIN, KEYCLOAK_ADMIN_PASSWORD, REALM, stack.smtpHost(), stack.smtpPort(), stack.mailApiUrl(),
                stack.jdVopSandbox().uri(), SANDBOX_SKUS, stack.tmallSandbox().uri(), SANDBOX_SKUS, stack.voucherSandbox().uri(), stack.voucherSandbox().catalog().products().size(),
                stack.stripe().apiBase(),
                environment);
        Thread.currentThread().join();
    }
}
