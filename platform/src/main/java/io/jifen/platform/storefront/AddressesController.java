package io.jifen.platform.storefront;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.jifen.platform.address.AddressBook;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;
import io.jifen.platform.web.ProblemStatuses;

/**
 * "My addresses": the member's address book (list, add, edit, delete, make default) through {@link AddressBook}, plain
 * forms with the CSRF token. Another member's address is a 404 page; a bad field is shown on the form and nothing changes.
 */
@Controller
class AddressesController {

    private final AddressBook book;

    AddressesController(AddressBook book) {
        this.book = book;
    }

    @GetMapping("/m/{slug}/addresses")
    String list(@PathVariable String slug, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        return list(model, shopper, null);
    }

    @GetMapping("/m/{slug}/addresses/new")
    String blank(@PathVariable String slug, HttpServletRequest request, Model model) {
        return form(model, MallRequests.shopper(request), null, new AddressForm());
    }

    @PostMapping("/m/{slug}/addresses")
    String add(@PathVariable String slug, @RequestParam Map<String, String> fields, HttpServletRequest request, HttpServletResponse response,
               Model model) {
        Shopper shopper = MallRequests.shopper(request);
        AddressForm form = AddressForm.of(fields);
        try {
            book.add(shopper.memberId(), form.input());
        } catch (DomainException refused) {
            if (refused.kind() == ProblemKind.NOT_FOUND) {
                throw refused;
            }
            // A bad field is shown on the form; a full book on the list, with the addresses to delete one of.
            response.setStatus(ProblemStatuses.of(refused.kind()).value());
            return form.show(refused) ? form(model, shopper, null, form) : list(model, shopper, refused);
        }
        return "redirect:" + shopper.brand().root() + "addresses";
    }

    @GetMapping("/m/{slug}/addresses/{addressId}")
    String edit(@PathVariable String slug, @PathVariable UUID addressId, HttpServletRequest request, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        return form(model, shopper, addressId, AddressForm.of(book.get(shopper.memberId(), addressId)));
    }

    @PostMapping("/m/{slug}/addresses/{addressId}")
    String update(@PathVariable String slug, @PathVariable UUID addressId, @RequestParam Map<String, String> fields, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        Shopper shopper = MallRequests.shopper(request);
        AddressForm form = AddressForm.of(fields);
        try {
            book.update(shopper.memberId(), addressId, form.input());
        } catch (DomainException refused) {
            if (!form.show(refused)) {
                throw refused;
            }
            response.setStatus(ProblemStatuses.of(refused.kind()).value());
            return form(model, shopper, addressId, form);
        }
        return "redirect:" + shopper.brand().root() + "addresses";
    }

    @PostMapping("/m/{slug}/addresses/{addressId}/default")
    String makeDefault(@PathVariable String slug, @PathVariable UUID addressId, HttpServletRequest request) {
        Shopper shopper = MallRequests.shopper(request);
        book.makeDefault(shopper.memberId(), addressId);
        return "redirect:" + shopper.brand().root() + "addresses";
    }

    @PostMapping("/m/{slug}/addresses/{addressId}/delete")
    String delete(@PathVariable String slug, @PathVariable UUID addressId, HttpServletRequest request) {
        Shopper shopper = MallRequests.shopper(request);
        book.delete(shopper.memberId(), addressId);
        return "redirect:" + shopper.brand().root() + "addresses";
    }

    private String list(Model model, Shopper shopper, @Nullable DomainException problem) {
        model.addAttribute("addresses", book.list(shopper.memberId()));
        model.addAttribute("max", AddressBook.MAX_ADDRESSES);
        model.addAttribute("addressProblem", problem);
        return ShopController.page(model, shopper, "addresses");
    }

    private String form(Model model, Shopper shopper, @Nullable UUID addressId, AddressForm form) {
        model.addAttribute("addressId", addressId);
        model.addAttribute("form", form);
        ShopController.page(model, shopper, "address");
        model.addAttribute("tab", "addresses");
        return "storefront/address";
    }
}
