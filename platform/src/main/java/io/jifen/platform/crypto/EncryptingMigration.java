package io.jifen.platform.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.SetupException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

import io.jifen.crypto.BlindIndex;
import io.jifen.crypto.FieldCipher;

/**
 * A Liquibase Java step (customChange) that encrypts values a table holds in clear, in the changeset between the one
 * adding the encrypted columns and the one dropping the clear ones. Liquibase makes the step itself, so the keys
 * reach it through {@link #use}, which the key configuration calls before Liquibase runs. Row-level security applies
 * to the migration's role too: {@link #tenants} and {@link #asTenant} let a step walk every tenant's rows.
 */
public abstract class EncryptingMigration implements CustomTaskChange {

    /** The keys a step seals with. */
    public record Keys(FieldCipher cipher, BlindIndex index) {
    }

    private static volatile Keys keys;

    static void use(Keys configured) {
        keys = configured;
    }

    private int encrypted;

    /** Encrypts what {@code connection} shows in clear; answers how many rows it changed. */
    protected abstract int encrypt(Connection connection, Keys keys) throws SQLException;

    @Override
    public final void execute(Database database) throws CustomChangeException {
        Keys current = keys;
        if (current == null) {
            throw new CustomChangeException("no keys to encrypt existing data with: jifen.crypto is not configured");
        }
        Connection connection = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        try {
            try {
                encrypted = encrypt(connection, current);
            } finally {
                asTenant(connection, null);
            }
        } catch (SQLException e) {
            throw new CustomChangeException(getClass().getSimpleName() + " failed: " + e.getMessage(), e);
        }
    }

    /** Every tenant's id (the tenant table has no row-level security). */
    protected static List<UUID> tenants(Connection connection) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (var statement = connection.createStatement(); var rows = statement.executeQuery("select id from platform.tenant order by id")) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    /**
     * Makes {@code tenant} the session's tenant (null: none), so row-level security shows its rows. For the session, not
     * the transaction: it must hold whether or not Liquibase runs the step with auto-commit; {@link #execute} clears it.
     */
    protected static void asTenant(Connection connection, UUID tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select set_config('app.tenant_id', ?, false)")) {
            statement.setString(1, tenant == null ? "" : tenant.toString());
            statement.execute();
        }
    }

    /** Fails the step if {@code countQuery} (under the current tenant) finds values still in clear only. */
    protected static void requireNone(Connection connection, String countQuery, UUID tenant) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(countQuery)) {
            rows.next();
            if (rows.getLong(1) != 0) {
                throw new SQLException(rows.getLong(1) + " row(s) of tenant " + tenant + " still hold values only in clear: " + countQuery);
            }
        }
    }

    @Override
    public String getConfirmationMessage() {
        return getClass().getSimpleName() + " encrypted " + encrypted + " row(s)";
    }

    @Override
    public void setUp() throws SetupException {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }
}
