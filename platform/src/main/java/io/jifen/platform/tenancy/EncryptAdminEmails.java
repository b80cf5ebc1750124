package io.jifen.platform.tenancy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import io.jifen.platform.crypto.EncryptingMigration;

/**
 * Liquibase step (changelog 016): seals the admin e-mail tenants had in clear, before 017 drops the clear column.
 * Public only because Liquibase makes it by name.
 */
public class EncryptAdminEmails extends EncryptingMigration {

    @Override
    protected int encrypt(Connection connection, Keys keys) throws SQLException {
        int rows = 0;
        try (var select = connection.prepareStatement("select id, admin_email from platform.tenant where admin_email_encrypted is null");
             var update = connection.prepareStatement("update platform.tenant set admin_email_encrypted = ? where id = ?");
             var found = select.executeQuery()) {
            while (found.next()) {
                UUID id = found.getObject(1, UUID.class);
                update.setBytes(1, keys.cipher().sealText(found.getString(2), TenantRegistry.adminEmailAad(id)));
                update.setObject(2, id);
                update.addBatch();
                rows++;
            }
            update.executeBatch();
        }
        return rows;
    }
}
