package dev.ordersaga.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.auth.config.ExpiredAuthorizations;
import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.authclient.AuthClient;
import dev.ordersaga.authclient.AuthClient.AuthException;
import dev.ordersaga.testsupport.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"ORDERSAGA_AUTH_STAFF_SECRET=" + AuthServerIT.STAFF_SECRET,
		"ORDERSAGA_AUTH_OPERATOR_SECRET=" + AuthServerIT.OPERATOR_SECRET })
@RealInfrastructure
class AuthServerIT {

	static final String STAFF_SECRET = "staff-secret-for-this-test-only";

	static final String OPERATOR_SECRET = "operator-secret-for-this-test-only";

	static final String CONSOLE_REDIRECT = "http://127.0.0.1:8085/console/index.html";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ExpiredAuthorizations expired;

	AuthClient auth;

	HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void client() {
		auth = new AuthClient(URI.create("http://localhost:" + port));
	}

	@Test
	void registeredCustomerLogsInAndGetsASignedTokenNamingTheirCustomerId() throws Exception {
		AccessToken staff = auth.clientToken("staff", STAFF_SECRET, "staff");
		String username = username();
		UUID id = auth.registerCustomer(staff, username, "correct horse battery", false);

		AccessToken token = auth.customerToken(username, "correct horse battery");

		SignedJWT jwt = SignedJWT.parse(token.value());
		RSAKey key = JWKSet.parse(get("/oauth2/jwks", null).body()).getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
		assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(id.toString());
		assertThat(jwt.getJWTClaimsSet().getStringListClaim("scope")).containsExactlyInAnyOrder("openid", "customer");
		assertThat(jwt.getJWTClaimsSet().getStringClaim("preferred_username")).isEqualTo(username);
		assertThat(jdbc.queryForObject("SELECT password_hash FROM customer WHERE id = ?", String.class, id))
			.startsWith("{bcrypt}")
			.doesNotContain("correct horse battery");
	}

	@Test
	void wrongPasswordGetsNoToken() {
		AccessToken staff = auth.clientToken("staff", STAFF_SECRET, "staff");
		String username = username();
		auth.registerCustomer(staff, username, "correct horse battery", false);

		assertThatThrownBy(() -> auth.customerToken(username, "incorrect horse battery"))
			.isInstanceOf(AuthException.class)
			.hasMessageContaining("refused the login");
	}

	@Test
	void clientWithTheWrongSecretGetsNoToken() {
		assertThatThrownBy(() -> auth.clientToken("staff", OPERATOR_SECRET, "staff")).isInstanceOf(AuthException.class)
			.hasMessageContaining("401");
	}

	@Test
	void clientTokensCarryTheirClientsScopeOnly() throws Exception {
		SignedJWT staff = SignedJWT.parse(auth.clientToken("staff", STAFF_SECRET, "staff").value());
		SignedJWT operator = SignedJWT.parse(auth.clientToken("operator", OPERATOR_SECRET, "operator").value());

		assertThat(staff.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("staff");
		assertThat(staff.getJWTClaimsSet().getSubject()).isEqualTo("staff");
		assertThat(operator.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("operator");
	}

	@Test
	void onlyStaffRegisterCustomersAndEveryRefusalIsAProblem() throws Exception {
		AccessToken staff = auth.clientToken("staff", STAFF_SECRET, "staff");
		String customer = username();
		auth.registerCustomer(staff, customer, "correct horse battery", false);
		AccessToken customerToken = auth.customerToken(customer, "correct horse battery");
		AccessToken operator = auth.clientToken("operator", OPERATOR_SECRET, "operator");
		String body = "{\"username\":\"" + username() + "\",\"password\":\"correct horse battery\"}";

		HttpResponse<String> anonymous = post("/api/customers", null, body);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				value -> assertThat(value).startsWith("Bearer"));
		assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(anonymous.body()).contains("\"status\":401");

		HttpResponse<String> forged = post("/api/customers", staff.value() + "x", body);
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				value -> assertThat(value).contains("invalid_token"));

		for (AccessToken notStaff : new AccessToken[] { customerToken, operator }) {
			HttpResponse<String> denied = post("/api/customers", notStaff.value(), body);
			assertThat(denied.statusCode()).isEqualTo(403);
			assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(denied.body()).contains("\"status\":403");
		}
		assertThat(post("/api/customers", staff.value(), body).statusCode()).isEqualTo(201);
	}

	@Test
	void takenOrMalformedLoginNamesAreRefusedWithAProblem() throws Exception {
		AccessToken staff = auth.clientToken("staff", STAFF_SECRET, "staff");
		String username = username();
		UUID id = auth.registerCustomer(staff, username, "correct horse battery", false);

		HttpResponse<String> taken = post("/api/customers", staff.value(),
				"{\"username\":\"" + username + "\",\"password\":\"another long password\"}");
		assertThat(taken.statusCode()).isEqualTo(409);
		assertThat(taken.body()).contains("is taken");
		assertThat(auth.registerCustomer(staff, username, "another long password", true)).isEqualTo(id);

		HttpResponse<String> malformed = post("/api/customers", staff.value(),
				"{\"username\":\"Robert'); DROP TABLE customer;--\",\"password\":\"short\"}");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(auth.customerToken(username, "correct horse battery").value()).isNotBlank();
	}

	@Test
	void issuedTokensAreKeptInTheDatabaseAndDroppedOnceLongExpired() {
		AccessToken old = auth.clientToken("operator", OPERATOR_SECRET, "operator");
		AccessToken fresh = auth.clientToken("operator", OPERATOR_SECRET, "operator");
		jdbc.update("UPDATE oauth2_authorization SET access_token_expires_at = now() - interval '2 hours' "
				+ "WHERE access_token_value = ?", old.value());

		assertThat(expired.drop()).isPositive();

		assertThat(jdbc.queryForObject("SELECT count(*) FROM oauth2_authorization WHERE access_token_value = ?",
				Integer.class, old.value())).isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM oauth2_authorization WHERE access_token_value = ?",
				Integer.class, fresh.value())).isOne();
	}

	@Test
	void staffMembersLogInAtTheConsoleAndGetTheScopeOfTheirRoleOnly() throws Exception {
		AccessToken operator = auth.clientToken("operator", OPERATOR_SECRET, "operator");
		String staffName = username();
		String operatorName = username();
		auth.setStaffMember(operator, staffName, "staff", "correct horse battery");
		auth.setStaffMember(operator, operatorName, "operator", "correct horse battery");

		SignedJWT staff = SignedJWT.parse(consoleLogin(staffName).value());
		SignedJWT op = SignedJWT.parse(consoleLogin(operatorName).value());

		assertThat(staff.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("staff");
		assertThat(staff.getJWTClaimsSet().getSubject()).isEqualTo(staffName);
		assertThat(op.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("operator");
		assertThat(jdbc.queryForObject("SELECT password_hash FROM staff_member WHERE username = ?", String.class,
				staffName)).startsWith("{bcrypt}");
		// Set again: the new role and password replace the old ones.
		auth.setStaffMember(operator, staffName, "operator", "another long password");
		assertThat(SignedJWT.parse(auth.userToken("console", CONSOLE_REDIRECT, "staff operator", staffName,
				"another long password").value()).getJWTClaimsSet().getStringListClaim("scope")).containsExactly("operator");
	}

	@Test
	void customersAreRefusedAtTheConsoleAndStaffMembersAtTheShop() {
		AccessToken staff = auth.clientToken("staff", STAFF_SECRET, "staff");
		AccessToken operator = auth.clientToken("operator", OPERATOR_SECRET, "operator");
		String customer = username();
		String staffName = username();
		auth.registerCustomer(staff, customer, "correct horse battery", false);
		auth.setStaffMember(operator, staffName, "staff", "correct horse battery");

		assertThatThrownBy(() -> consoleLogin(customer)).isInstanceOf(AuthException.class)
			.hasMessageContaining("error=access_denied");
		assertThatThrownBy(() -> auth.customerToken(staffName, "correct horse battery")).isInstanceOf(AuthException.class)
			.hasMessageContaining("error=access_denied");
		// A login name is a customer's or a staff member's, never both.
		assertThatThrownBy(() -> auth.setStaffMember(operator, customer, "operator", "correct horse battery"))
			.hasMessageContaining("409");
		assertThatThrownBy(() -> auth.registerCustomer(staff, staffName, "correct horse battery", false))
			.hasMessageContaining("409");
	}

	@Test
	void onlyOperatorsSetStaffMembers() throws Exception {
		AccessToken staff = auth.clientToken("staff", STAFF_SECRET, "staff");
		String body = "{\"role\":\"operator\",\"password\":\"correct horse battery\"}";

		assertThat(put("/api/staff-members/" + username(), null, body).statusCode()).isEqualTo(401);
		assertThat(put("/api/staff-members/" + username(), staff.value(), body).statusCode()).isEqualTo(403);
		String operator = auth.clientToken("operator", OPERATOR_SECRET, "operator").value();
		assertThat(put("/api/staff-members/" + username(), operator,
				"{\"role\":\"admin\",\"password\":\"correct horse battery\"}").statusCode()).isEqualTo(400);
		HttpResponse<String> malformed = put("/api/staff-members/Not-Lower-Case", operator, body);
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void theConsolesOriginMayCallTheTokenEndpointAndNoOtherOrigin() throws Exception {
		HttpResponse<String> console = preflight("http://127.0.0.1:8085");
		HttpResponse<String> stranger = preflight("http://evil.example");

		assertThat(console.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:8085");
		assertThat(console.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void healthIsPublicAndTheRestOfActuatorIsNot() throws Exception {
		assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/prometheus", null).statusCode()).isNotEqualTo(200);
	}

	private AccessToken consoleLogin(String username) {
		return auth.userToken("console", CONSOLE_REDIRECT, "staff operator", username, "correct horse battery");
	}

	private HttpResponse<String> preflight(String origin) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> put(String path, String token, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String username() {
		return "customer-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String token, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
