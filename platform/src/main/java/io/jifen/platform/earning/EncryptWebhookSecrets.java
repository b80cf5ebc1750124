package io.jifen.platform.earning;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import io.jifen.platform.crypto.EncryptingMigration;

/**
 * Liquibase step (changelog 016): seals the webhook secrets stored in clear, tenant by tenant, before 017 drops the
 * clear column. Public only because Liquibase makes it by name.
 */
public class EncryptWebhookSecrets extends EncryptingMigration {

    @Override
    protected int encrypt(Connection connection, Keys keys) throws SQLException {
        int rows = 0;
        for (UUID tenant : tenants(connection)) {
            asTenant(connection, tenant);
            try (var select = connection.prepareStatement(
                         "select secret from platform.earning_webhook_secret where tenant_id = platform.current_tenant() and secret is not null");
                 var update = connection.prepareStatement(
                         "update platform.earning_webhook_secret set secret_encrypted = ? where tenant_id = platform.current_tenant()");
                 var found = select.executeQuery()) {
                if (found.next()) {
                    update.setBytes(1, keys.cipher().sealText(found.getString(1), EarningWebhooks.aad(tenant)));
                    rows += update.executeUpdate();
                }
            }
        }
        return rows;
    }
}
