package io.jifen.billing.internal.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.billing.BillingProperties;
import io.jifen.billing.BillingRefused;
import io.jifen.billing.Plan;
import io.jifen.billing.PlanTerms;
import io.jifen.billing.Plans;

/** The operator's plans (table plan, not a tenant's): versions are added, never changed. */
@Service
public class PlanCatalog implements Plans {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final String COLUMNS = "code, version, name, base_fee_fen, included_members, overage_fen_per_member, service_fee_bp, "
            + "goods_margin_bp, notification_fen, tax_bp, created_at";

    private final JdbcClient jdbc;
    private final BillingProperties properties;

    PlanCatalog(JdbcClient jdbc, BillingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    @Transactional
    public Plan publish(PlanTerms terms) {
        validate(terms);
        // Serializes publishers of the same code: the next version number is read and written under the lock.
        jdbc.sql("select pg_advisory_xact_lock(hashtext('billing.plan:' || ?))").param(terms.code()).query().singleRow();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from billing.plan where code = ?").param(terms.code()).query(Integer.class).single();
        int taxBp = terms.taxBp() == null ? properties.defaultTaxBp() : terms.taxBp();
        return jdbc.sql("insert into billing.plan (code, version, name, base_fee_fen, included_members, overage_fen_per_member, service_fee_bp, "
                        + "goods_margin_bp, notification_fen, tax_bp) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning " + COLUMNS)
                .params(terms.code(), version, terms.name().strip(), terms.baseFeeFen(), terms.includedMembers(), terms.overageFenPerMember(),
                        terms.serviceFeeBp(), terms.goodsMarginBp(), terms.notificationFen(), taxBp)
                .query(PlanCatalog::plan).single();
    }

    @Override
    public List<Plan> latest() {
        return jdbc.sql("select distinct on (code) " + COLUMNS + " from billing.plan order by code, version desc").query(PlanCatalog::plan).list();
    }

    @Override
    public List<Plan> versions(String code) {
        return jdbc.sql("select " + COLUMNS + " from billing.plan where code = ? order by version").param(code).query(PlanCatalog::plan).list();
    }

    @Override
    public Optional<Plan> find(String code, int version) {
        return jdbc.sql("select " + COLUMNS + " from billing.plan where code = ? and version = ?").params(code, version).query(PlanCatalog::plan)
                .optional();
    }

    /** The latest version of the plan. */
    public Optional<Plan> latest(String code) {
        return jdbc.sql("select " + COLUMNS + " from billing.plan where code = ? order by version desc limit 1").param(code)
                .query(PlanCatalog::plan).optional();
    }

    /** Every version of every plan, for rating. */
    public List<Plan> all() {
        return jdbc.sql("select " + COLUMNS + " from billing.plan").query(PlanCatalog::plan).list();
    }

    private static void validate(PlanTerms terms) {
        if (terms.code() == null || !CODE.matcher(terms.code()).matches()) {
            throw BillingRefused.invalid("code", "1 to 40 lower-case letters, digits and '-', starting with a letter or digit");
        }
        if (terms.name() == null || terms.name().isBlank() || terms.name().length() > 100) {
            throw BillingRefused.invalid("name", "1 to 100 characters");
        }
        nonNegative("baseFeeFen", terms.baseFeeFen());
        nonNegative("includedMembers", terms.includedMembers());
        nonNegative("overageFenPerMember", terms.overageFenPerMember());
        nonNegative("notificationFen", terms.notificationFen());
        basisPoints("serviceFeeBp", terms.serviceFeeBp());
        basisPoints("goodsMarginBp", terms.goodsMarginBp());
        if (terms.taxBp() != null) {
            basisPoints("taxBp", terms.taxBp());
        }
    }

    private static void nonNegative(String field, long value) {
        if (value < 0 || value > 1_000_000_000_000L) {
            throw BillingRefused.invalid(field, "0 to 10^12");
        }
    }

    private static void basisPoints(String field, int value) {
        if (value < 0 || value > 10_000) {
            throw BillingRefused.invalid(field, "basis points, 0 to 10000 (100 %)");
        }
    }

    static Plan plan(ResultSet rs, int row) throws SQLException {
        return new Plan(rs.getString("code"), rs.getInt("version"), rs.getString("name"), rs.getLong("base_fee_fen"),
                rs.getLong("included_members"), rs.getLong("overage_fen_per_member"), rs.getInt("service_fee_bp"), rs.getInt("goods_margin_bp"),
                rs.getLong("notification_fen"), rs.getInt("tax_bp"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
