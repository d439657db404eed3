/**
 * Every service's API documentation: the OpenAPI document and Swagger UI (springdoc), with the
 * bearer-token scheme and problem+json errors, and the event catalogue (AsyncAPI) as a page.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.servicesupport.apidocs;
