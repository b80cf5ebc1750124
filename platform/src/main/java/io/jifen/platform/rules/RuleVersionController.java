package io.jifen.platform.rules;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.Actors;
import io.jifen.platform.problem.DomainException;

/** A tenant's programme over HTTP: its rule versions, drafted, replaced and published by tenant admins. */
@RestController
class RuleVersionController {

    /** A rule version as written: the rule set and the range it is effective in. */
    record VersionBody(@Nullable RuleSet rules, @Nullable Instant effectiveFrom, @Nullable Instant effectiveTo, @Nullable String note) {
    }

    private final RuleVersions versions;

    RuleVersionController(RuleVersions versions) {
        this.versions = versions;
    }

    @PostMapping("/api/v1/earning/rule-versions")
    @ResponseStatus(HttpStatus.CREATED)
    RuleVersions.Version draft(@RequestBody VersionBody body, @AuthenticationPrincipal Jwt caller) {
        return versions.draft(rules(body), from(body), body.effectiveTo(), body.note(), Actors.of(caller));
    }

    @PutMapping("/api/v1/earning/rule-versions/{versionId}")
    RuleVersions.Version replace(@PathVariable UUID versionId, @RequestBody VersionBody body) {
        return versions.replace(versionId, rules(body), from(body), body.effectiveTo(), body.note());
    }

    @PostMapping("/api/v1/earning/rule-versions/{versionId}/publish")
    RuleVersions.Version publish(@PathVariable UUID versionId, @AuthenticationPrincipal Jwt caller) {
        return versions.publish(versionId, Actors.of(caller));
    }

    /** Every version, newest first. */
    @GetMapping("/api/v1/earning/rule-versions")
    List<RuleVersions.Version> versions() {
        return versions.list();
    }

    @GetMapping("/api/v1/earning/rule-versions/{versionId}")
    RuleVersions.Version version(@PathVariable UUID versionId) {
        return versions.get(versionId);
    }

    private static RuleSet rules(VersionBody body) {
        if (body.rules() == null) {
            throw DomainException.invalidField("rules", "the rule set");
        }
        return body.rules();
    }

    private static Instant from(VersionBody body) {
        if (body.effectiveFrom() == null) {
            throw DomainException.invalidField("effectiveFrom", "when the version takes effect");
        }
        return body.effectiveFrom();
    }
}
