package dev.ordersaga.servicesupport.security;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodParameter;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.ordersaga.servicesupport.apidocs.ApiDocumentation;

/**
 * Every service's filter chain, once the service declares its {@link AccessRules}: bearer tokens
 * only (no session, no cookie, so no CSRF to defend against), health public (and its probes
 * {@code /livez} and {@code /readyz}, which stay on the API's port when the actuator has a
 * management port of its own), the API documentation public ({@link ApiDocumentation}), the
 * messaging admin API and the other actuator endpoints for operators, then the service's rules, then everything else denied. The management port shares
 * this chain. 401 and 403 come back as problem+json ({@link ProblemResponses}). The token's issuer
 * and keys are Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} and
 * {@code jwk-set-uri}.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, JwtDecoder.class })
public class ServiceSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemResponses problemResponses() {
		return new ProblemResponses();
	}

	@Bean
	@ConditionalOnBean(AccessRules.class)
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain serviceSecurityFilterChain(HttpSecurity http, ObjectProvider<AccessRules> rules,
			ProblemResponses problems) throws Exception {
		List<AccessRules> serviceRules = rules.orderedStream().toList();
		http.authorizeHttpRequests(requests -> {
			requests.requestMatchers("/actuator/health", "/actuator/health/**", "/livez", "/readyz", "/error").permitAll()
				.requestMatchers(ApiDocumentation.PUBLIC_PATHS.toArray(String[]::new)).permitAll()
				.requestMatchers("/admin/**", "/actuator/**").hasAuthority("SCOPE_operator");
			serviceRules.forEach(rule -> rule.define(requests));
			requests.anyRequest().denyAll();
		})
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	/** Lets a controller method take the {@link Caller} of the request as a parameter. */
	@Bean
	WebMvcConfigurer callerArgument() {
		return new WebMvcConfigurer() {
			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new HandlerMethodArgumentResolver() {
					@Override
					public boolean supportsParameter(MethodParameter parameter) {
						return parameter.getParameterType() == Caller.class;
					}

					@Override
					public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
							NativeWebRequest request, WebDataBinderFactory binders) {
						return Caller.of(SecurityContextHolder.getContext().getAuthentication());
					}
				});
			}
		};
	}
}
