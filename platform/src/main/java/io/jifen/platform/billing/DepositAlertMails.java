package io.jifen.platform.billing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import io.jifen.platform.onboarding.OnboardingProperties;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Tells the tenant's admin that its prepaid goods deposit runs low, once per alert, after the order that crossed the
 * threshold committed (through the event registry). The alert itself is billing's record; a mail that cannot be sent is
 * logged, not retried.
 */
@Component
class DepositAlertMails {

    private static final Logger log = LoggerFactory.getLogger(DepositAlertMails.class);

    private final JavaMailSender mail;
    private final TenantRegistry tenants;
    private final OnboardingProperties onboarding;

    DepositAlertMails(JavaMailSender mail, TenantRegistry tenants, OnboardingProperties onboarding) {
        this.mail = mail;
        this.tenants = tenants;
        this.onboarding = onboarding;
    }

    @Async
    @TransactionalEventListener
    void on(DepositRunningLow low) {
        tenants.find(low.tenantId()).ifPresent(tenant -> {
            var message = new SimpleMailMessage();
            message.setFrom(onboarding.mailFrom());
            message.setTo(tenants.adminEmail(tenant));
            message.setSubject("Jifen 积分: 商品预付款余额不足 / prepaid goods deposit running low");
            message.setText("""
                    品牌「%1$s」的商品预付款余额为 %2$s 元，已低于提醒金额 %3$s 元。余额不足时，供应商商品将暂停兑换（自有商品不受影响），请及时充值。

                    The prepaid goods deposit of "%1$s" is down to CNY %2$s, below its alert threshold of CNY %3$s. When it cannot pay
                    an order's goods cost, supplier goods pause (the brand's own items are not affected): please top it up.
                    """.formatted(tenant.name(), yuan(low.balanceFen()), yuan(low.thresholdFen())));
            try {
                mail.send(message);
            } catch (MailException e) {
                log.warn("could not tell tenant {} that its deposit runs low: {}", low.tenantId(), e.toString());
            }
        });
    }

    private static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
