package dev.ordersaga.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.authclient.AuthClient;
import dev.ordersaga.authclient.AuthClient.AuthException;

/**
 * What {@code ./suite} asks of auth-server, with the suite's secrets:
 * <ul>
 * <li>{@code Tokens <auth-url> <secrets> token staff|operator|LOGIN}: prints an access token for the staff or
 * operator client, or for a customer the suite registered (a login through the shop client);</li>
 * <li>{@code Tokens <auth-url> <secrets> customers LOGIN…}: registers the customers where they are not yet,
 * each with a password made up in {@code <secrets>/customer-LOGIN}, and prints each login with its id;</li>
 * <li>{@code Tokens <auth-url> <secrets> staff-members LOGIN:ROLE…}: sets the staff members' and operators'
 * logins (the saga console's), each with the password in {@code <secrets>/staff-member-LOGIN}, made up
 * when missing, and prints each login with its role.</li>
 * </ul>
 */
public final class Tokens {

	private final AuthClient auth;

	private final Path secrets;

	private Tokens(URI auth, Path secrets) {
		this.auth = new AuthClient(auth);
		this.secrets = secrets;
	}

	public static void main(String[] args) {
		if (args.length < 4 || !Files.isDirectory(Path.of(args[1]))
				|| !(args[2].equals("token") && args.length == 4 || args[2].equals("customers")
						|| args[2].equals("staff-members"))) {
			System.err.println("usage: Tokens <auth-url> <secrets-folder> token staff|operator|LOGIN");
			System.err.println("       Tokens <auth-url> <secrets-folder> customers LOGIN…");
			System.err.println("       Tokens <auth-url> <secrets-folder> staff-members LOGIN:staff|operator…");
			System.exit(2);
		}
		Tokens tokens = new Tokens(URI.create(args[0]), Path.of(args[1]));
		try {
			if (args[2].equals("token")) {
				System.out.println(tokens.token(args[3]).value());
			}
			else if (args[2].equals("staff-members")) {
				for (int i = 3; i < args.length; i++) {
					String[] member = args[i].split(":", 2);
					if (member.length != 2) {
						throw new IllegalArgumentException("Not LOGIN:ROLE: " + args[i]);
					}
					tokens.staffMember(member[0], member[1]);
					System.out.println(member[0] + " " + member[1]);
				}
			}
			else {
				for (int i = 3; i < args.length; i++) {
					System.out.println(args[i] + " " + tokens.customer(args[i]));
				}
			}
		}
		catch (AuthException | IOException | IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(1);
		}
	}

	private AccessToken token(String who) throws IOException {
		return switch (who) {
			case "staff" -> auth.clientToken("staff", read("staff-client"), "staff");
			case "operator" -> auth.clientToken("operator", read("operator-client"), "operator");
			default -> {
				if (!Files.exists(secrets.resolve("customer-" + who))) {
					throw new IllegalArgumentException("No customer " + who + " in " + secrets
							+ "; the suite registers ada and bob at ./suite start, others with ./suite customer " + who);
				}
				yield auth.customerToken(who, read("customer-" + who));
			}
		};
	}

	private UUID customer(String login) throws IOException {
		makeUpPassword("customer-" + login);
		return auth.registerCustomer(token("staff"), login, read("customer-" + login), true);
	}

	private void staffMember(String login, String role) throws IOException {
		makeUpPassword("staff-member-" + login);
		auth.setStaffMember(token("operator"), login, role, read("staff-member-" + login));
	}

	private void makeUpPassword(String secret) throws IOException {
		Path file = secrets.resolve(secret);
		if (!Files.exists(file)) {
			byte[] random = new byte[18];
			new SecureRandom().nextBytes(random);
			Files.writeString(Files.createFile(file,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
					Base64.getUrlEncoder().withoutPadding().encodeToString(random));
		}
	}

	private String read(String secret) throws IOException {
		return Files.readString(secrets.resolve(secret)).strip();
	}
}
