package io.jifen.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A local mail server: GreenMail standalone, run inside this JVM in a class loader of its own (its jar bundles Jersey,
 * Jackson and Log4j, which must not meet the application's). SMTP takes any sender and any login, IMAP and GreenMail's
 * HTTP API ({@code /api/user/{email}/messages/INBOX}) show what arrived. Mail is kept in memory only.
 */
final class MailServer {

    static final String FROM = "no-reply@jifen.local";

    private final int smtpPort;
    private final int imapPort;
    private final int apiPort;
    private URLClassLoader loader;
    private Object greenMail;
    private Object api;

    MailServer(int smtpPort, int imapPort, int apiPort) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.apiPort = apiPort;
    }

    String host() {
        return "127.0.0.1";
    }

    int smtpPort() {
        return smtpPort;
    }

    int imapPort() {
        return imapPort;
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** The settings Keycloak's realm import substitutes into the realm's {@code smtpServer}. */
    Map<String, String> realmVariables() {
        return Map.of("JIFEN_SMTP_HOST", host(), "JIFEN_SMTP_PORT", String.valueOf(smtpPort), "JIFEN_SMTP_FROM", FROM);
    }

    void start(Duration timeout) {
        Path jar = new Distribution("greenmail").archive();
        var properties = new Properties();
        properties.setProperty("greenmail.smtp.hostname", host());
        properties.setProperty("greenmail.smtp.port", String.valueOf(smtpPort));
        properties.setProperty("greenmail.imap.hostname", host());
        properties.setProperty("greenmail.imap.port", String.valueOf(imapPort));
        properties.setProperty("greenmail.api.hostname", host());
        properties.setProperty("greenmail.api.port", String.valueOf(apiPort));
        // Any login is accepted and a mailbox is made for every recipient.
        properties.setProperty("greenmail.auth.disabled", "");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            loader = new URLClassLoader("greenmail", new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            // Jersey and Log4j find their providers through the context class loader.
            thread.setContextClassLoader(loader);
            Object setups = call(instance("com.icegreen.greenmail.util.PropertiesBasedServerSetupBuilder"), "build", properties);
            Object configuration = call(instance("com.icegreen.greenmail.configuration.PropertiesBasedGreenMailConfigurationBuilder"), "build", properties);
            greenMail = loader.loadClass("com.icegreen.greenmail.util.GreenMail").getConstructor(setups.getClass()).newInstance(setups);
            call(greenMail, "withConfiguration", configuration);
            call(greenMail, "start");
            Object builder = call(instance("com.icegreen.greenmail.standalone.GreenMailApiServerBuilder"), "configure", properties);
            builder = call(builder, "withGreenMail", greenMail, setups, configuration);
            api = call(builder, "build");
            var before = Thread.getAllStackTraces().keySet();
            apiServerMethod("start").invoke(api);
            // The JDK's HTTP server makes its dispatcher thread with the system class loader as context class loader, and
            // its request threads inherit it: GreenMail's mail code would then find the application's Jakarta Mail
            // providers instead of its own (and fail on any encoded mail). Its new threads get GreenMail's class loader.
            Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)).forEach(t -> t.setContextClassLoader(loader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            stop();
            throw new IllegalStateException("Could not start GreenMail from " + jar, e instanceof InvocationTargetException i ? i.getCause() : e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!HttpProbe.answers200(apiUrl() + "/api/service/readiness")) {
            if (System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("GreenMail did not become ready at " + apiUrl());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    void stop() {
        try {
            if (api != null) {
                apiServerMethod("stop").invoke(api);
            }
            if (greenMail != null) {
                call(greenMail, "stop");
            }
            if (loader != null) {
                loader.close();
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(MailServer.class).warn("could not stop GreenMail cleanly: {}", e.toString());
        } finally {
            api = null;
            greenMail = null;
            loader = null;
        }
    }

    private Object instance(String className) throws ReflectiveOperationException {
        return loader.loadClass(className).getConstructor().newInstance();
    }

    private Method apiServerMethod(String name) throws ReflectiveOperationException {
        // The API server's interface is package-private in GreenMail.
        Method method = loader.loadClass("com.icegreen.greenmail.standalone.GreenMailApiServerBuilder$ApiServer").getMethod(name);
        method.setAccessible(true);
        return method;
    }

    /** Calls the public method {@code name} whose parameters take {@code arguments}. */
    private static Object call(Object target, String name, Object... arguments) throws ReflectiveOperationException {
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arguments.length && accepts(method, arguments)) {
                return method.invoke(target, arguments);
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name);
    }

    private static boolean accepts(Method method, Object[] arguments) {
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (arguments[i] != null && !types[i].isInstance(arguments[i])) {
                return false;
            }
        }
        return true;
    }
}
