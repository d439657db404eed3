package dev.ordersaga.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TcpProxyTest {

	private final ServerSocket echoServer = echoServer();

	private final TcpProxy proxy = TcpProxy.to("127.0.0.1", echoServer.getLocalPort());

	@AfterEach
	void stop() throws IOException {
		proxy.close();
		echoServer.close();
	}

	@Test
	void forwardsBytesBothWays() throws IOException {
		try (Socket client = new Socket(proxy.host(), proxy.port())) {
			assertThat(echo(client, "hello")).isEqualTo("hello");
		}
	}

	@Test
	void cutBreaksOpenConnectionsAndRefusesNewOnes() throws IOException {
		try (Socket client = new Socket(proxy.host(), proxy.port())) {
			assertThat(echo(client, "before")).isEqualTo("before");

			proxy.cut();

			assertThat(client.getInputStream().read()).isEqualTo(-1);
		}
		assertThat(proxy.isOpen()).isFalse();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket(proxy.host(), proxy.port()));
	}

	@Test
	void restoreListensOnTheSamePortAgain() throws IOException {
		int port = proxy.port();
		proxy.cut();

		proxy.restore();

		assertThat(proxy.port()).isEqualTo(port);
		try (Socket client = new Socket(proxy.host(), port)) {
			assertThat(echo(client, "after")).isEqualTo("after");
		}
	}

	@Test
	void silencedConnectionStaysOpenButCarriesNothingWhileNewConnectionsWork() throws IOException {
		try (Socket silenced = new Socket(proxy.host(), proxy.port())) {
			assertThat(echo(silenced, "before")).isEqualTo("before");

			proxy.silenceOpenConnections();

			silenced.setSoTimeout(300);
			silenced.getOutputStream().write("lost".getBytes());
			assertThatExceptionOfType(java.net.SocketTimeoutException.class)
				.isThrownBy(() -> silenced.getInputStream().read());
			assertThat(silenced.isClosed()).isFalse();
			try (Socket fresh = new Socket(proxy.host(), proxy.port())) {
				assertThat(echo(fresh, "after")).isEqualTo("after");
			}
		}
	}

	private static String echo(Socket client, String text) throws IOException {
		OutputStream out = client.getOutputStream();
		out.write(text.getBytes());
		out.flush();
		InputStream in = client.getInputStream();
		return new String(in.readNBytes(text.length()));
	}

	private static ServerSocket echoServer() {
		try {
			ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!server.isClosed()) {
					try {
						Socket connection = server.accept();
						Thread echo = new Thread(() -> {
							try (connection) {
								connection.getInputStream().transferTo(connection.getOutputStream());
							}
							catch (IOException ex) {
								// the client went away
							}
						});
						echo.setDaemon(true);
						echo.start();
					}
					catch (IOException ex) {
						return;
					}
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
