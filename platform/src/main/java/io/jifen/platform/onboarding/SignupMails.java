package io.jifen.platform.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/** The platform's own mails about sign-ups (Keycloak sends the verification mails). */
@Component
class SignupMails {

    private static final Logger log = LoggerFactory.getLogger(SignupMails.class);

    private final JavaMailSender mail;
    private final OnboardingProperties properties;

    SignupMails(JavaMailSender mail, OnboardingProperties properties) {
        this.mail = mail;
        this.properties = properties;
    }

    /**
     * Tells the owner of an address that someone signed a brand up with it. Sent in the background, so that the sign-up's
     * answer does not wait for it; a mail that cannot be sent is logged, not retried.
     */
    @Async
    public void addressAlreadyRegistered(String email, String slug) {
        var message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(email);
        message.setSubject("Jifen 积分: a sign-up with your e-mail address");
        message.setText("""
                有人在 Jifen 积分 用您的邮箱地址注册品牌「%1$s」。您的邮箱已有账号，所以没有创建新账号。
                如果是您本人，请用现有账号登录；如果不是，请忽略此邮件。

                Someone tried to sign up the brand "%1$s" on Jifen with your e-mail address. Your address already has an
                account, so no new account was made. If it was you, sign in with your existing account; if not, ignore this mail.
                """.formatted(slug));
        try {
            mail.send(message);
        } catch (MailException e) {
            log.warn("could not tell {} about a sign-up with their address: {}", email, e.toString());
        }
    }
}
