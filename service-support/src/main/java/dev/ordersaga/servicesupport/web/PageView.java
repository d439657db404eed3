package dev.ordersaga.servicesupport.web;

import java.util.List;

/**
 * One page of a list a REST API returns, so no answer grows with the data behind it.
 *
 * @param content the items of this page, in the list's order
 * @param page the page's number, from 0
 * @param size the most items a page holds
 * @param totalElements items in the whole list
 * @param totalPages pages in the whole list
 * @param <T> the items' type
 */
public record PageView<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

	/**
	 * @param content the items of this page, must not be {@literal null}
	 * @param page the page's number, from 0
	 * @param size the most items a page holds, at least 1
	 * @param totalElements items in the whole list
	 * @return the page, with its count of pages worked out
	 */
	public static <T> PageView<T> of(List<T> content, int page, int size, long totalElements) {
		if (size < 1) {
			throw new IllegalArgumentException("A page holds at least one item, not " + size);
		}
		return new PageView<>(List.copyOf(content), page, size, totalElements, (int) ((totalElements + size - 1) / size));
	}
}
