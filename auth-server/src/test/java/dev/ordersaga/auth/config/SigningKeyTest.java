package dev.ordersaga.auth.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeyTest {

	@TempDir
	Path folder;

	@Test
	void keyIsMadeOnceReadableByItsOwnerOnlyAndKeptAcrossStarts() throws Exception {
		Path file = folder.resolve("keys/signing-key.pem");

		RSAKey first = SigningKey.load(settings(file));
		RSAKey second = SigningKey.load(settings(file));

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
		assertThat(second.toRSAPrivateKey()).isEqualTo(first.toRSAPrivateKey());
	}

	@Test
	void withoutAFileEveryStartHasItsOwnKey() {
		assertThat(SigningKey.load(settings(null)).getKeyID())
			.isNotEqualTo(SigningKey.load(settings(null)).getKeyID());
	}

	@Test
	void fileThatIsNotAKeyStopsTheStartWithAClearMessage() throws Exception {
		Path file = Files.writeString(folder.resolve("not-a-key.pem"), "hello");

		assertThatThrownBy(() -> SigningKey.load(settings(file))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("not-a-key.pem");
	}

	private static AuthSettings settings(Path file) {
		return new AuthSettings(file, Duration.ofHours(1), null);
	}
}
