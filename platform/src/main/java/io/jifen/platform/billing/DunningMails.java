package io.jifen.platform.billing;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import io.jifen.billing.DunningActions;
import io.jifen.billing.DunningNotice;
import io.jifen.platform.tenancy.Tenant;
import io.jifen.platform.tenancy.TenantRegistry;

/**
 * Dunning's actions in the platform: a mail to the tenant's admin (the address it signed up with) through the
 * platform's mail sender, and the operator's tenant suspension (tokens and webhooks refused) and reactivation.
 */
@Component
class DunningMails implements DunningActions {

    private static final Logger log = LoggerFactory.getLogger(DunningMails.class);
    private static final String FROM = "billing@jifen.local";

    private final JavaMailSender mail;
    private final TenantRegistry tenants;

    DunningMails(JavaMailSender mail, TenantRegistry tenants) {
        this.mail = mail;
        this.tenants = tenants;
    }

    @Override
    public boolean tellAdmins(DunningNotice notice) {
        Tenant tenant = tenants.find(notice.tenantId()).orElse(null);
        String to;
        try {
            to = tenant == null ? null : tenants.adminEmail(tenant);
        } catch (RuntimeException e) {
            // A tenant without a readable admin address (made by the operator, not signed up): the notice stays recorded only.
            to = null;
        }
        if (to == null || to.isBlank()) {
            return false;
        }
        String amount = "¥" + notice.amountDueFen() / 100 + "." + String.format("%02d", notice.amountDueFen() % 100);
        String consequence = switch (notice.step()) {
            case REMINDER -> "请尽快付款。Please pay it soon.";
            case WARNING -> "逾期 14 天后积分商城将暂停兑换。Redemption in your mall will be paused 14 days after the due date.";
            case MALL_PAUSED -> "积分商城已暂停兑换（会员仍可获得积分）。Redemption in your mall is paused (members still earn points).";
            case SUSPENDED -> "您的品牌账号已暂停。Your brand's account is suspended.";
        };
        var message = new SimpleMailMessage();
        message.setFrom(FROM);
        message.setTo(to);
        message.setSubject("Jifen 积分: 账单 " + notice.invoiceNumber() + " 已逾期 " + notice.daysOverdue() + " 天 / invoice overdue");
        message.setText("""
                账单 %1$s（%2$s）应于 %3$s 付款，已逾期 %4$d 天。%5$s
                Invoice %1$s (%2$s) was due on %3$s and is %4$d days overdue.
                付款 / Pay: %6$s
                """.formatted(notice.invoiceNumber(), amount, notice.dueOn(), notice.daysOverdue(), consequence,
                notice.hostedInvoiceUrl() == null ? "请联系平台运营 / contact the platform operator" : notice.hostedInvoiceUrl()));
        try {
            mail.send(message);
            return true;
        } catch (MailException e) {
            log.warn("dunning mail about invoice {} to tenant {} not sent: {}", notice.invoiceNumber(), notice.tenantId(), e.toString());
            return false;
        }
    }

    @Override
    public boolean suspend(UUID tenant) {
        Tenant found = tenants.find(tenant).orElse(null);
        if (found == null || found.status() != Tenant.Status.ACTIVE) {
            return false;
        }
        tenants.suspend(tenant);
        return true;
    }

    @Override
    public void reactivate(UUID tenant) {
        tenants.find(tenant).filter(t -> t.status() == Tenant.Status.SUSPENDED).ifPresent(t -> tenants.reactivate(tenant));
    }
}
