package io.jifen.devstack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MailServerTest {

    @Test
    void acceptsMailOverSmtpAndShowsItThroughItsApiUntilStopped() throws Exception {
        var mail = new MailServer(DevStack.freePort(), DevStack.freePort(), DevStack.freePort());
        mail.start(Duration.ofSeconds(30));
        try {
            try (var smtp = new Socket(mail.host(), mail.smtpPort());
                 var in = new BufferedReader(new InputStreamReader(smtp.getInputStream(), StandardCharsets.US_ASCII));
                 var out = new PrintWriter(smtp.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                assertThat(reply(in)).startsWith("220");
                for (String command : new String[] {"HELO test", "MAIL FROM:<" + MailServer.FROM + ">", "RCPT TO:<someone@brand.test>", "DATA"}) {
                    out.print(command + "\r\n");
                    out.flush();
                    assertThat(reply(in)).as(command).matches("(250|354).*");
                }
                out.print("Subject: hello\r\n\r\nthe body\r\n.\r\n");
                out.flush();
                assertThat(reply(in)).startsWith("250");
                out.print("QUIT\r\n");
                out.flush();
            }
            var inbox = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(mail.apiUrl() + "/api/user/someone@brand.test/messages/INBOX")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(inbox.statusCode()).isEqualTo(200);
            assertThat(inbox.body()).contains("hello").contains("the body");
        } finally {
            mail.stop();
        }
        assertThat(HttpProbe.answers200(mail.apiUrl() + "/api/service/readiness")).isFalse();
    }

    /** The last line of an SMTP reply (the lines before it, "250-...", continue it). */
    private static String reply(BufferedReader in) throws java.io.IOException {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line;
    }
}
