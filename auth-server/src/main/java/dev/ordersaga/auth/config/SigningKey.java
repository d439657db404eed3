package dev.ordersaga.auth.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.converter.RsaKeyConverters;

/**
 * The RSA key that signs the tokens: read from its PEM file, made and written there on the first
 * start, or made up for this process alone when no file is configured.
 */
final class SigningKey {

	private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

	private SigningKey() {
	}

	static RSAKey load(AuthSettings settings) {
		try {
			Path file = settings.signingKeyFile();
			RSAPrivateCrtKey key;
			if (file == null) {
				log.warn("No ordersaga.auth.signing-key-file: the signing key is made up for this process, and every "
						+ "token it issues stops being valid when it stops");
				key = generate();
			}
			else if (Files.exists(file)) {
				key = read(file);
			}
			else {
				key = generate();
				write(file, key);
				log.info("Made a new signing key in {}", file);
			}
			RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
			RSAKey jwk = new RSAKey.Builder(publicKey).privateKey(key).build();
			return new RSAKey.Builder(jwk).keyID(jwk.computeThumbprint().toString()).build();
		}
		catch (IOException | GeneralSecurityException | JOSEException ex) {
			throw new IllegalStateException("Could not load the signing key: " + ex.getMessage(), ex);
		}
	}

	private static RSAPrivateCrtKey generate() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
	}

	private static RSAPrivateCrtKey read(Path file) throws IOException {
		RSAPrivateKey key;
		try (InputStream in = Files.newInputStream(file)) {
			key = RsaKeyConverters.pkcs8().convert(in);
		}
		catch (IllegalArgumentException ex) {
			throw new IOException(file + " does not hold an RSA private key in PKCS #8 PEM (BEGIN PRIVATE KEY): "
					+ ex.getMessage(), ex);
		}
		if (!(key instanceof RSAPrivateCrtKey crt)) {
			throw new IOException(file + " holds an RSA key without its public part");
		}
		return crt;
	}

	private static void write(Path file, RSAPrivateCrtKey key) throws IOException {
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (FileAlreadyExistsException ex) {
			throw new IOException(file + " appeared while the key was being made; start again", ex);
		}
		Files.writeString(file, pem, StandardCharsets.US_ASCII);
	}
}
