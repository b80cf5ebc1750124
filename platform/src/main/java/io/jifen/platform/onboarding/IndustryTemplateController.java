package io.jifen.platform.onboarding;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.Actors;

@RestController
class IndustryTemplateController {

    record TemplateChoice(@Nullable String industry) {
    }

    private final IndustryTemplates templates;

    IndustryTemplateController(IndustryTemplates templates) {
        this.templates = templates;
    }

    @GetMapping("/api/v1/industry-templates")
    List<IndustryTemplates.Summary> list() {
        return templates.list();
    }

    /** 201 with what the template made; 200 with the same when it had been applied; 409 after another template. */
    @PostMapping("/api/v1/tenant/template")
    ResponseEntity<IndustryTemplates.Applied> apply(@RequestBody TemplateChoice choice, @AuthenticationPrincipal Jwt caller) {
        var applied = templates.apply(choice.industry(), Actors.of(caller));
        return ResponseEntity.status(applied.created() ? HttpStatus.CREATED : HttpStatus.OK).body(applied);
    }
}
