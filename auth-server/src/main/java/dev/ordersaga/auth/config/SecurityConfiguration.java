package dev.ordersaga.auth.config;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import dev.ordersaga.auth.customer.Customers;
import dev.ordersaga.auth.customer.Customers.Customer;
import dev.ordersaga.servicesupport.security.ProblemResponses;

/**
 * Three filter chains: the OAuth2 and OpenID Connect endpoints; the REST API, for bearer tokens
 * only; and the login page with everything else.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		})
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			// An unauthenticated browser at /oauth2/authorize goes to the login page.
			.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
			.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(HttpMethod.POST, "/api/customers").hasAuthority("SCOPE_staff")
				.requestMatchers(HttpMethod.GET, "/api/customers/*").hasAuthority("SCOPE_staff")
				.anyRequest().denyAll())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable()) // bearer tokens only: no cookie a forged request could ride on
			.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain loginPage(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**", "/error", "/login").permitAll()
			.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(AuthSettings settings) {
		return new ImmutableJWKSet<>(new JWKSet(SigningKey.load(settings)));
	}

	/**
	 * A customer's tokens name the customer by id, the key every service uses, not by login name.
	 * Client-credentials tokens name their client and are left as they are.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> customerSubject(Customers customers) {
		return context -> {
			if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
				return;
			}
			String username = context.getPrincipal().getName();
			Customer customer = customers.find(username)
				.orElseThrow(() -> new IllegalStateException("No customer " + username + " for a customer's token"));
			context.getClaims().subject(customer.id().toString()).claim("preferred_username", username);
		};
	}

	/**
	 * Logins in progress and issued tokens in the database, not in memory: they survive a restart,
	 * several instances share them, and {@link ExpiredAuthorizations} drops the expired ones.
	 */
	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationService(jdbc, clients);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}
}
