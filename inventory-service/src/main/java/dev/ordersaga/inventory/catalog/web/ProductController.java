package dev.ordersaga.inventory.catalog.web;

import java.math.BigDecimal;
import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.inventory.catalog.Catalog;
import dev.ordersaga.inventory.catalog.Product;
import dev.ordersaga.inventory.catalog.Products;
import dev.ordersaga.servicesupport.web.NotFound;
import dev.ordersaga.servicesupport.web.PageView;

/** {@code /api/products}: the catalogue with its stock. */
@RestController
@Tag(name = "Products", description = "The catalogue and its stock")
@RequestMapping("/api/products")
class ProductController {

	static final String SKU = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	private final Catalog catalog;

	private final Products products;

	ProductController(Catalog catalog, Products products) {
		this.catalog = catalog;
		this.products = products;
	}

	@PutMapping("/{sku}")
	@Operation(summary = "Create or change a product and its available stock (staff)")
	@ApiResponse(responseCode = "200", description = "Changed", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
	ResponseEntity<ProductView> put(@PathVariable @Pattern(regexp = SKU, message = "must be 1-64 letters, digits, '.', '_' or '-'") String sku,
			@Valid @RequestBody ProductRequest request) {
		boolean created = catalog.put(sku, request.name(), request.unitPrice(), request.currency(), request.available());
		ProductView view = ProductView.of(products.findById(sku).orElseThrow());
		return created ? ResponseEntity.created(URI.create("/api/products/" + sku)).body(view) : ResponseEntity.ok(view);
	}

	@GetMapping("/{sku}")
	@Operation(summary = "A product with its stock")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "No such product")
	ProductView get(@PathVariable String sku) {
		return products.findById(sku).map(ProductView::of).orElseThrow(() -> new NotFound("No product " + sku));
	}

	/** @return one page of the catalogue, by sku */
	@GetMapping
	@Operation(summary = "One page of the catalogue, by sku")
	PageView<ProductView> list(@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
		Page<Product> found = products.findAll(PageRequest.of(page, size, Sort.by("sku")));
		return PageView.of(found.getContent().stream().map(ProductView::of).toList(), page, size,
				found.getTotalElements());
	}

	record ProductRequest(@NotBlank @Size(max = 200) String name,
			@NotNull @DecimalMin("0") @Digits(integer = 15, fraction = 4) BigDecimal unitPrice,
			@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
			@NotNull @PositiveOrZero Integer available) {
	}

	record ProductView(String sku, String name, BigDecimal unitPrice, String currency, int available, int reserved) {

		static ProductView of(Product product) {
			return new ProductView(product.sku(), product.name(), product.unitPrice(), product.currency(),
					product.available(), product.reserved());
		}
	}
}
