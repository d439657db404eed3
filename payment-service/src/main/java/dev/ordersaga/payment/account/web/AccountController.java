package dev.ordersaga.payment.account.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.payment.account.Account;
import dev.ordersaga.payment.account.AccountManagement;
import dev.ordersaga.payment.account.Accounts;
import dev.ordersaga.payment.account.LedgerEntries;
import dev.ordersaga.payment.account.LedgerEntry;
import dev.ordersaga.servicesupport.security.Caller;
import dev.ordersaga.servicesupport.web.PageView;

/**
 * {@code /api/accounts}: customers' accounts, deposits and ledgers. Staff open accounts and take
 * deposits ({@link PaymentAccess}); an account is read by its customer, staff and operators, and
 * any other customer is told it does not exist.
 */
@RestController
@Tag(name = "Accounts", description = "Customers' accounts, deposits and ledgers")
@RequestMapping("/api/accounts")
class AccountController {

	private final AccountManagement management;

	private final Accounts accounts;

	private final LedgerEntries ledger;

	AccountController(AccountManagement management, Accounts accounts, LedgerEntries ledger) {
		this.management = management;
		this.accounts = accounts;
		this.ledger = ledger;
	}

	@PutMapping("/{customerId}")
	@Operation(summary = "Open a customer's account (staff); again with the same currency changes nothing")
	@ApiResponse(responseCode = "200", description = "The account was open already", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "201", description = "Opened", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "409", description = "The customer has an account in another currency")
	ResponseEntity<AccountView> open(@PathVariable UUID customerId, @Valid @RequestBody OpenAccount request) {
		boolean opened = management.open(customerId, request.currency(), request.balance());
		AccountView view = view(customerId);
		return opened ? ResponseEntity.created(URI.create("/api/accounts/" + customerId)).body(view)
				: ResponseEntity.ok(view);
	}

	@PostMapping("/{customerId}/deposits")
	@Operation(summary = "Deposit money into an account (staff)")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "No such account")
	AccountView deposit(@PathVariable UUID customerId, @Valid @RequestBody Deposit request) {
		management.deposit(customerId, request.amount());
		return view(customerId);
	}

	/** The account, to its customer, staff and operators; anyone else is told it does not exist. */
	@GetMapping("/{customerId}")
	@Operation(summary = "An account with its latest ledger entries")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "No such account, or not the caller's")
	AccountView get(Caller caller, @PathVariable UUID customerId) {
		requireVisible(caller, customerId);
		return view(customerId);
	}

	/** @return one page of the account's ledger, in the order its movements were booked */
	@GetMapping("/{customerId}/ledger")
	@Operation(summary = "One page of an account's ledger, in booking order")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "No such account, or not the caller's")
	PageView<EntryView> ledger(Caller caller, @PathVariable UUID customerId,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		requireVisible(caller, customerId);
		if (!accounts.existsById(customerId)) {
			throw new AccountManagement.NoAccount(customerId);
		}
		Page<LedgerEntry> found = ledger.findByAccountCustomerIdOrderById(customerId, PageRequest.of(page, size));
		return PageView.of(found.getContent().stream().map(EntryView::of).toList(), page, size,
				found.getTotalElements());
	}

	/** A customer asking for another's account hears what they would for one that does not exist. */
	private static void requireVisible(Caller caller, UUID customerId) {
		if (!caller.maySee(customerId)) {
			throw new AccountManagement.NoAccount(customerId);
		}
	}

	private AccountView view(UUID customerId) {
		Account account = accounts.findById(customerId)
			.orElseThrow(() -> new AccountManagement.NoAccount(customerId));
		List<EntryView> latest = new ArrayList<>(
				ledger.findTop20ByAccountCustomerIdOrderByIdDesc(customerId).stream().map(EntryView::of).toList());
		Collections.reverse(latest);
		return new AccountView(account.customerId(), account.currency(), account.balance(), latest,
				ledger.countByAccountCustomerId(customerId));
	}

	record OpenAccount(@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
			@NotNull @DecimalMin("0") @Digits(integer = 15, fraction = 4) BigDecimal balance) {
	}

	record Deposit(@NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 15, fraction = 4) BigDecimal amount) {
	}

	/**
	 * @param ledger the latest 20 movements at most, in the order they were booked; the whole ledger
	 * is {@code GET /api/accounts/{customerId}/ledger}, page by page
	 * @param ledgerEntries how many movements the whole ledger holds
	 */
	record AccountView(UUID customerId, String currency, BigDecimal balance, List<EntryView> ledger,
			long ledgerEntries) {
	}

	record EntryView(LedgerEntry.Kind kind, BigDecimal amount, BigDecimal balanceAfter, @Nullable UUID orderId,
			Instant bookedAt) {

		static EntryView of(LedgerEntry entry) {
			return new EntryView(entry.kind(), entry.amount(), entry.balanceAfter(), entry.orderId(), entry.bookedAt());
		}
	}
}
