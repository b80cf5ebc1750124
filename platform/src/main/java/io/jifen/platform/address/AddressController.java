package io.jifen.platform.address;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.MemberTokens;

/**
 * The member's address book over the member API. The member is always the token's; another member's address, or
 * another tenant's, answers 404 as one that does not exist, and nothing is written.
 */
@RestController
class AddressController {

    private final AddressBook book;

    AddressController(AddressBook book) {
        this.book = book;
    }

    /** The member's addresses, the default first. */
    @GetMapping("/api/v1/me/addresses")
    List<Address> list(@AuthenticationPrincipal Jwt token) {
        return book.list(MemberTokens.requireMemberId(token));
    }

    @PostMapping("/api/v1/me/addresses")
    @ResponseStatus(HttpStatus.CREATED)
    Address add(@AuthenticationPrincipal Jwt token, @RequestBody AddressInput body) {
        return book.add(MemberTokens.requireMemberId(token), body);
    }

    @GetMapping("/api/v1/me/addresses/{addressId}")
    Address get(@AuthenticationPrincipal Jwt token, @PathVariable UUID addressId) {
        return book.get(MemberTokens.requireMemberId(token), addressId);
    }

    /** Replaces the address's fields ({@code isDefault: true} also makes it the default). */
    @PutMapping("/api/v1/me/addresses/{addressId}")
    Address update(@AuthenticationPrincipal Jwt token, @PathVariable UUID addressId, @RequestBody AddressInput body) {
        return book.update(MemberTokens.requireMemberId(token), addressId, body);
    }

    @PutMapping("/api/v1/me/addresses/{addressId}/default")
    Address makeDefault(@AuthenticationPrincipal Jwt token, @PathVariable UUID addressId) {
        return book.makeDefault(MemberTokens.requireMemberId(token), addressId);
    }

    @DeleteMapping("/api/v1/me/addresses/{addressId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID addressId) {
        book.delete(MemberTokens.requireMemberId(token), addressId);
    }
}
