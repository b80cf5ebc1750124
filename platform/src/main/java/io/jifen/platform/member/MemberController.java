package io.jifen.platform.member;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.jifen.platform.problem.DomainException;
import io.jifen.platform.web.PageView;

@RestController
class MemberController {

    record MemberView(UUID id, String externalId, Audience audience, MemberStatus status, String displayName, String mobile,
                      String email, LocalDate birthday, String region, Instant createdAt, Instant updatedAt) {

        static MemberView of(Member member) {
            var p = member.profile();
            return new MemberView(member.id(), member.externalId(), member.audience(), member.status(), p.displayName(), p.mobile(),
                    p.email(), p.birthday(), p.region(), member.createdAt(), member.updatedAt());
        }
    }

    private final MemberDirectory members;
    private final MemberImport imports;

    MemberController(MemberDirectory members, MemberImport imports) {
        this.members = members;
        this.imports = imports;
    }

    @PostMapping("/api/v1/members")
    @ResponseStatus(HttpStatus.CREATED)
    MemberView create(@Valid @RequestBody NewMember request) {
        return MemberView.of(members.create(request));
    }

    static final int MAX_DEPTH = 10_000;

    /** Members by audience, status, and a whole mobile number or e-mail address (matched through their blind indexes). */
    @GetMapping("/api/v1/members")
    PageView<MemberView> search(@RequestParam(required = false) Audience audience,
                                @RequestParam(required = false) MemberStatus status,
                                @RequestParam(required = false) @Size(max = 20) String mobile,
                                @RequestParam(required = false) @Size(max = 254) String email,
                                @RequestParam(defaultValue = "0") @Min(0) int page,
                                @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        if ((long) (page + 1) * size > MAX_DEPTH) {
            // Offsets that deep cost a scan of everything before them; a list that long is narrowed, not paged through.
            throw DomainException.invalidField("page", "pages reach at most " + MAX_DEPTH + " members deep; narrow the list by audience, status, mobile or e-mail");
        }
        return PageView.of(members.search(audience, status, blankToNull(mobile), blankToNull(email),
                PageRequest.of(page, size, Sort.by("createdAt", "id"))).map(MemberView::of));
    }

    @GetMapping("/api/v1/members/{memberId}")
    MemberView get(@PathVariable UUID memberId) {
        return MemberView.of(members.get(memberId));
    }

    @GetMapping("/api/v1/members/by-external-id/{externalId}")
    MemberView getByExternalId(@PathVariable String externalId) {
        return MemberView.of(members.getByExternalId(externalId));
    }

    @PatchMapping("/api/v1/members/{memberId}")
    MemberView update(@PathVariable UUID memberId, @Valid @RequestBody MemberPatch patch) {
        return MemberView.of(members.update(memberId, patch));
    }

    /**
     * Imports members from a CSV body (header: external_id, audience, and any of status, display_name, mobile,
     * email, birthday, region). {@code onError=skip} keeps the good rows, {@code reject} imports nothing if any row is bad.
     */
    @PostMapping(path = "/api/v1/members/imports", consumes = "text/csv")
    ResponseEntity<MemberImport.Report> importCsv(@RequestBody byte[] csv,
                                                  @RequestParam(defaultValue = "REJECT") MemberImport.OnError onError,
                                                  @RequestParam(defaultValue = "UTF-8") String encoding) {
        return ResponseEntity.ok(imports.importCsv(csv, charset(encoding), onError));
    }

    @PostMapping(path = "/api/v1/members/imports", consumes = "multipart/form-data")
    ResponseEntity<MemberImport.Report> importCsvUpload(@RequestPart("file") MultipartFile file,
                                                        @RequestParam(defaultValue = "REJECT") MemberImport.OnError onError,
                                                        @RequestParam(defaultValue = "UTF-8") String encoding) throws IOException {
        return ResponseEntity.ok(imports.importCsv(file.getBytes(), charset(encoding), onError));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Charset charset(String encoding) {
        try {
            return Charset.forName(encoding);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw DomainException.invalidField("encoding", "unknown encoding '" + encoding + "'; use UTF-8 or GB18030");
        }
    }
}
