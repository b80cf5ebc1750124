package io.jifen.platform.member;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;

import io.jifen.platform.crypto.EncryptingMigration;

/**
 * Liquibase step (changelog 016): seals the name, mobile, e-mail and birthday members had in clear, with their blind
 * indexes, tenant by tenant, before 017 drops the clear columns. Public only because Liquibase makes it by name.
 */
public class EncryptMembers extends EncryptingMigration {

    @Override
    protected int encrypt(Connection connection, Keys keys) throws SQLException {
        var sealing = new MemberSealing(keys.cipher(), keys.index());
        int rows = 0;
        for (UUID tenant : tenants(connection)) {
            asTenant(connection, tenant);
            try (var select = connection.prepareStatement("""
                    select id, display_name, mobile, email, birthday, region from platform.member
                    where tenant_id = platform.current_tenant()
                      and (display_name is not null or mobile is not null or email is not null or birthday is not null)""");
                 var update = connection.prepareStatement("""
                         update platform.member set display_name_encrypted = ?, mobile_encrypted = ?, mobile_index = ?,
                             email_encrypted = ?, email_index = ?, birthday_encrypted = ?, birthday_index = ?
                         where tenant_id = platform.current_tenant() and id = ?""")) {
                try (var found = select.executeQuery()) {
                    while (found.next()) {
                        UUID id = found.getObject("id", UUID.class);
                        var profile = new MemberProfile(found.getString("display_name"), found.getString("mobile"),
                                found.getString("email"), found.getObject("birthday", LocalDate.class), found.getString("region"));
                        var sealed = sealing.seal(tenant, id, profile);
                        update.setBytes(1, sealed.displayName());
                        update.setBytes(2, sealed.mobile());
                        update.setBytes(3, sealed.mobileIndex());
                        update.setBytes(4, sealed.email());
                        update.setBytes(5, sealed.emailIndex());
                        update.setBytes(6, sealed.birthday());
                        update.setBytes(7, sealed.birthdayIndex());
                        update.setObject(8, id);
                        update.addBatch();
                        if (++rows % 1_000 == 0) {
                            update.executeBatch();
                        }
                    }
                }
                update.executeBatch();
            }
            requireNone(connection, """
                    select count(*) from platform.member where tenant_id = platform.current_tenant()
                      and ((display_name is not null and display_name_encrypted is null) or (mobile is not null and mobile_encrypted is null)
                        or (email is not null and email_encrypted is null) or (birthday is not null and birthday_encrypted is null))""", tenant);
        }
        return rows;
    }
}
