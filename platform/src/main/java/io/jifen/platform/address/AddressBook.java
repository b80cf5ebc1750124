package io.jifen.platform.address;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.tenancy.TenantContext;

/**
 * A member's address book: at most {@link #MAX_ADDRESSES} addresses, exactly one of them the default while the book is
 * not empty (the first one added; a deleted default passes to the newest left). Every write locks the member's row first,
 * so two requests of one member (two "make default", two additions at the cap) take turns; the partial unique index on
 * the default is the last word should anything else race. Another member's or tenant's address answers as one that does
 * not exist.
 */
@Service
public class AddressBook {

    /** The most addresses one member keeps. */
    public static final int MAX_ADDRESSES = 20;

    private final JdbcClient jdbc;
    private final AddressSealing sealing;
    private final Clock clock;

    AddressBook(JdbcClient jdbc, AddressSealing sealing, Clock clock) {
        this.jdbc = jdbc;
        this.sealing = sealing;
        this.clock = clock;
    }

    /** The member's addresses, the default first, then the newest. */
    @Transactional(readOnly = true)
    public List<Address> list(UUID member) {
        return jdbc.sql("""
                        select * from platform.member_address where tenant_id = platform.current_tenant() and member_id = ?
                        order by is_default desc, created_at desc, id""")
                .param(member)
                .query(this::open)
                .list();
    }

    @Transactional(readOnly = true)
    public Address get(UUID member, UUID id) {
        return find(member, id).orElseThrow(AddressBook::notFound);
    }

    /** The member's default address, if the book has any. */
    @Transactional(readOnly = true)
    public Optional<Address> defaultAddress(UUID member) {
        return jdbc.sql("select * from platform.member_address where tenant_id = platform.current_tenant() and member_id = ? and is_default")
                .param(member)
                .query(this::open)
                .optional();
    }

    /** Adds an address; the member's first is the default, as is one added with {@code isDefault}. A full book is refused. */
    @Transactional
    public Address add(UUID member, AddressInput input) {
        AddressInput address = input.normalized();
        lockMember(member);
        int count = jdbc.sql("select count(*) from platform.member_address where tenant_id = platform.current_tenant() and member_id = ?")
                .param(member)
                .query(Integer.class)
                .single();
        if (count >= MAX_ADDRESSES) {
            throw new DomainException(ProblemKind.REFUSED, "address-book-full", "Address book full",
                    "A member keeps at most " + MAX_ADDRESSES + " addresses; delete one first");
        }
        boolean makeDefault = count == 0 || Boolean.TRUE.equals(address.isDefault());
        if (makeDefault) {
            clearDefault(member);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        var sealed = sealing.seal(TenantContext.require(), id, address);
        jdbc.sql("""
                        insert into platform.member_address (tenant_id, id, member_id, recipient_encrypted, phone_encrypted, province_encrypted,
                            city_encrypted, district_encrypted, line_encrypted, postal_code_encrypted, is_default, created_at, updated_at)
                        values (platform.current_tenant(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, member, sealed.recipient(), sealed.phone(), sealed.province(), sealed.city(), sealed.district(), sealed.line(),
                        sealed.postalCode(), makeDefault, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC))
                .update();
        return get(member, id);
    }

    /** Replaces an address's fields (sealed anew); {@code isDefault} true also makes it the default. */
    @Transactional
    public Address update(UUID member, UUID id, AddressInput input) {
        AddressInput address = input.normalized();
        lockMember(member);
        get(member, id);
        if (Boolean.TRUE.equals(address.isDefault())) {
            makeDefaultLocked(member, id);
        }
        var sealed = sealing.seal(TenantContext.require(), id, address);
        jdbc.sql("""
                        update platform.member_address set recipient_encrypted = ?, phone_encrypted = ?, province_encrypted = ?, city_encrypted = ?,
                            district_encrypted = ?, line_encrypted = ?, postal_code_encrypted = ?, updated_at = ?
                        where tenant_id = platform.current_tenant() and member_id = ? and id = ?""")
                .params(sealed.recipient(), sealed.phone(), sealed.province(), sealed.city(), sealed.district(), sealed.line(), sealed.postalCode(),
                        clock.instant().atOffset(ZoneOffset.UTC), member, id)
                .update();
        return get(member, id);
    }

    /** Makes the address the member's default (the one before it no longer is). */
    @Transactional
    public Address makeDefault(UUID member, UUID id) {
        lockMember(member);
        get(member, id);
        makeDefaultLocked(member, id);
        return get(member, id);
    }

    /** Deletes an address; when it was the default, the newest address left becomes the default. */
    @Transactional
    public void delete(UUID member, UUID id) {
        lockMember(member);
        Address gone = get(member, id);
        jdbc.sql("delete from platform.member_address where tenant_id = platform.current_tenant() and member_id = ? and id = ?")
                .params(member, id)
                .update();
        if (gone.isDefault()) {
            jdbc.sql("""
                            update platform.member_address set is_default = true
                            where tenant_id = platform.current_tenant() and id = (
                                select id from platform.member_address where tenant_id = platform.current_tenant() and member_id = ?
                                order by created_at desc, id limit 1)""")
                    .param(member)
                    .update();
        }
    }

    private Optional<Address> find(UUID member, UUID id) {
        return jdbc.sql("select * from platform.member_address where tenant_id = platform.current_tenant() and member_id = ? and id = ?")
                .params(member, id)
                .query(this::open)
                .optional();
    }

    /** Two statements, the old default cleared first: the unique index is checked row by row, so one update of both could trip it. */
    private void makeDefaultLocked(UUID member, UUID id) {
        jdbc.sql("""
                        update platform.member_address set is_default = false
                        where tenant_id = platform.current_tenant() and member_id = ? and is_default and id <> ?""")
                .params(member, id)
                .update();
        jdbc.sql("update platform.member_address set is_default = true where tenant_id = platform.current_tenant() and member_id = ? and id = ?")
                .params(member, id)
                .update();
    }

    private void clearDefault(UUID member) {
        jdbc.sql("update platform.member_address set is_default = false where tenant_id = platform.current_tenant() and member_id = ? and is_default")
                .param(member)
                .update();
    }

    /** The member's row, locked until the transaction ends: one member's address-book writes take turns. */
    private void lockMember(UUID member) {
        jdbc.sql("select id from platform.member where tenant_id = platform.current_tenant() and id = ? for no key update")
                .param(member)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> DomainException.notFound("Member"));
    }

    private Address open(ResultSet row, int rowNumber) throws SQLException {
        UUID tenant = row.getObject("tenant_id", UUID.class);
        UUID id = row.getObject("id", UUID.class);
        return new Address(id, required(tenant, id, "recipient", row), required(tenant, id, "phone", row), required(tenant, id, "province", row),
                required(tenant, id, "city", row), required(tenant, id, "district", row), required(tenant, id, "line", row),
                sealing.open(tenant, id, "postal_code", row.getBytes("postal_code_encrypted")), row.getBoolean("is_default"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(), row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private String required(UUID tenant, UUID id, String column, ResultSet row) throws SQLException {
        return Objects.requireNonNull(sealing.open(tenant, id, column, row.getBytes(column + "_encrypted")));
    }

    private static DomainException notFound() {
        return new DomainException(ProblemKind.NOT_FOUND, "address-not-found", "Not found", "The address does not exist");
    }
}
