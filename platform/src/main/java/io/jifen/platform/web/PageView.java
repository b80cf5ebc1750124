package io.jifen.platform.web;

import java.util.List;

import org.springframework.data.domain.Page;

/** One page of a listing, in a JSON shape that does not change with Spring Data's internals. */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <T> PageView<T> of(Page<T> page) {
        return new PageView<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
    }
}
