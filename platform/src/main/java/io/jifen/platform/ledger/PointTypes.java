package io.jifen.platform.ledger;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface PointTypes extends JpaRepository<PointType, UUID> {

    Optional<PointType> findByCode(String code);

    List<PointType> findAllByOrderByCreatedAt();
}
