package io.jifen.platform.rules;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.Actors;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.web.CursorPage;

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

    /** The history, newest first, {@code size} versions a page; {@code after} is the previous page's {@code next}. */
    @GetMapping("/api/v1/earning/rule-versions")
    CursorPage<RuleVersions.Version> versions(@RequestParam(required = false) String after,
                                              @RequestParam(defaultValue = "20") @Min(1) @Max(CursorPage.MAX_SIZE) int size) {
        String key = CursorPage.key(after);
        Integer before;
        try {
            before = key == null ? null : Integer.valueOf(key);
        } catch (NumberFormatException e) {
            throw DomainException.invalidField("after", "is not a cursor this listing handed out");
        }
        return CursorPage.of(versions.list(before, size + 1), size, version -> Integer.toString(version.version()));
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
