package dev.ordersaga.auth.config;

import java.time.Duration;
import java.util.List;

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
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

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
	SecurityFilterChain authorizationServerEndpoints(HttpSecurity http, AuthSettings settings) throws Exception {
		http.oauth2AuthorizationServer(server -> {
			// The token endpoint's matcher takes POST only; its CORS preflight comes as OPTIONS.
			http.securityMatcher(new OrRequestMatcher(server.getEndpointsMatcher(),
					PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.OPTIONS, "/oauth2/token")));
			server.oidc(Customizer.withDefaults());
			server.authorizationEndpoint(endpoint -> endpoint
				.authorizationRequestConverters(converters -> converters.replaceAll(RoleScopes::narrow))
				.authenticationProviders(providers -> providers.forEach(provider -> {
					if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
						codeRequests.setAuthenticationValidator(
								new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen(RoleScopes::check));
					}
				})));
		})
			// The console's page exchanges its code from the browser: its origin may call the token endpoint.
			.cors(cors -> cors.configurationSource(tokenEndpointCors(settings)))
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
				.requestMatchers(HttpMethod.PUT, "/api/staff-members/*").hasAuthority("SCOPE_operator")
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
	 * Only the token endpoint answers other origins, only those of {@code ordersaga.auth.cors-allowed-origins},
	 * only for a POST without credentials (a public client sends its code and PKCE verifier, no cookie).
	 */
	private static CorsConfigurationSource tokenEndpointCors(AuthSettings settings) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(settings.corsAllowedOrigins());
		cors.setAllowedMethods(List.of("POST"));
		cors.setAllowedHeaders(List.of("Content-Type", "Accept"));
		cors.setAllowCredentials(false);
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/oauth2/token", cors);
		return source;
	}

	/**
	 * A customer's tokens name the customer by id, the key every service uses, not by login name; a
	 * staff member's name them by login name. Client-credentials tokens name their client and are
	 * left as they are.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> customerSubject(Customers customers) {
		return context -> {
			if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
				return;
			}
			String username = context.getPrincipal().getName();
			boolean customer = context.getPrincipal().getAuthorities().stream()
				.anyMatch(authority -> "ROLE_customer".equals(authority.getAuthority()));
			if (customer) {
				Customer found = customers.find(username)
					.orElseThrow(() -> new IllegalStateException("No customer " + username + " for a customer's token"));
				context.getClaims().subject(found.id().toString());
			}
			else {
				context.getClaims().subject(username);
			}
			context.getClaims().claim("preferred_username", username);
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
