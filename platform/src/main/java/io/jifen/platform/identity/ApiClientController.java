package io.jifen.platform.identity;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.ApiClientService.ApiClientView;

@RestController
class ApiClientController {

    record NewApiClient(@NotBlank @Size(max = 64) String name) {
    }

    private final ApiClientService service;

    ApiClientController(ApiClientService service) {
        this.service = service;
    }

    @GetMapping("/api/v1/api-clients")
    List<ApiClientView> list() {
        return service.list();
    }

    @PostMapping("/api/v1/api-clients")
    @ResponseStatus(HttpStatus.CREATED)
    ApiClientView create(@Valid @RequestBody NewApiClient request) {
        return service.create(request.name());
    }

    /** Issues a new secret; the previous one stops working at once. */
    @PostMapping("/api/v1/api-clients/{apiClientId}/secret")
    ApiClientView rotateSecret(@PathVariable UUID apiClientId) {
        return service.rotateSecret(apiClientId);
    }
}
