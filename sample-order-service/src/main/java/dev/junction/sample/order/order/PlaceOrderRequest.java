/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/orders}. Boxed types so that a missing number is reported as
 * missing rather than read as zero.
 *
 * @param userId who places the order; must exist in user-service
 * @param product what is ordered
 * @param quantity how many, 1 to 1000
 */
record PlaceOrderRequest(@NotNull @Positive Long userId, @NotBlank @Size(max = 100) String product,
		@NotNull @Min(1) @Max(1000) Integer quantity) {

}
