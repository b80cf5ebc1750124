package io.jifen.platform.member;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface Members extends JpaRepository<Member, UUID> {

    Optional<Member> findByExternalId(String externalId);

    @Query("""
            select m from Member m
            where (:audience is null or m.audience = :audience)
              and (:status is null or m.status = :status)
            """)
    Page<Member> search(Audience audience, MemberStatus status, Pageable page);
}
