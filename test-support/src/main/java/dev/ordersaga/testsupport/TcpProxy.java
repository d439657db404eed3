package dev.ordersaga.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A real TCP proxy on {@code 127.0.0.1} that a test can cut, to make one client lose a server that
 * everybody else still reaches (e.g. one application's PostgreSQL while other tests in the JVM
 * share the same server).
 * <p>
 * {@link #cut()} closes every proxied connection and the listening socket, so existing connections
 * break and new ones are refused ("connection refused", as when the server is down);
 * {@link #restore()} listens on the same port again. {@link #silenceOpenConnections()} instead
 * stops forwarding on the connections open now while both ends stay connected: a half-open
 * connection, as a network fault or a failover leaves behind, which neither end notices until it
 * waits for an answer that never comes. Bytes are copied by two daemon threads per connection.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final Set<Socket> silenced = ConcurrentHashMap.newKeySet();

	private @Nullable ServerSocket server;

	private @Nullable Thread acceptor;

	private TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.port = listen(0);
	}

	/**
	 * Starts a proxy on a free port of {@code 127.0.0.1}.
	 * @param targetHost where connections go, must not be {@literal null}
	 * @param targetPort the target's port
	 * @return the listening proxy, never {@literal null}
	 */
	public static TcpProxy to(String targetHost, int targetPort) {
		return new TcpProxy(targetHost, targetPort);
	}

	/** @return the host clients connect to, {@code 127.0.0.1} */
	public String host() {
		return "127.0.0.1";
	}

	/** @return the port clients connect to; the same after {@link #restore()} */
	public int port() {
		return port;
	}

	/** Breaks every proxied connection and refuses new ones until {@link #restore()}. */
	public void cut() {
		Thread stopping;
		synchronized (this) {
			closeQuietly(server);
			server = null;
			stopping = acceptor;
			acceptor = null;
			for (Socket connection : connections) {
				closeQuietly(connection);
			}
			connections.clear();
		}
		// Outside the lock: the accepting thread may need it to hand over a connection it just accepted.
		awaitEnd(stopping);
	}

	/**
	 * Drops, from now on, every byte sent either way over the connections open now, without closing
	 * them; connections opened later are forwarded as usual.
	 */
	public void silenceOpenConnections() {
		silenced.addAll(connections);
	}

	/** Accepts connections again, on the same port; does nothing if the proxy is not cut. */
	public synchronized void restore() {
		if (server == null) {
			listen(port);
		}
	}

	/** @return whether the proxy accepts connections (it is not cut) */
	public synchronized boolean isOpen() {
		return server != null;
	}

	@Override
	public void close() {
		cut();
	}

	private synchronized int listen(int requestedPort) {
		try {
			ServerSocket socket = new ServerSocket();
			// The port is taken again right after cut(), while closed connections may linger in TIME_WAIT.
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 50);
			server = socket;
			acceptor = daemon("tcp-proxy-accept-" + socket.getLocalPort(), () -> accept(socket));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The proxy could not listen on port " + requestedPort, ex);
		}
	}

	/**
	 * The JDK closes a server socket's descriptor only once the thread blocked in accept() has
	 * returned: until then the port still accepts connections and cannot be bound again.
	 */
	private static void awaitEnd(@Nullable Thread thread) {
		if (thread == null) {
			return;
		}
		try {
			thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			Socket client;
			try {
				client = socket.accept();
			}
			catch (IOException ex) {
				return; // cut
			}
			Socket target;
			try {
				target = new Socket(targetHost, targetPort);
			}
			catch (IOException ex) {
				closeQuietly(client);
				continue;
			}
			synchronized (this) {
				if (server != socket) { // cut while connecting
					closeQuietly(client);
					closeQuietly(target);
					return;
				}
				connections.add(client);
				connections.add(target);
			}
			daemon("tcp-proxy-up-" + client.getPort(), () -> pump(client, target));
			daemon("tcp-proxy-down-" + client.getPort(), () -> pump(target, client));
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (!silenced.contains(from)) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
		}
		catch (IOException ex) {
			// closed by cut(), or the connection broke: close both ends below, as a real server would
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			connections.remove(from);
			connections.remove(to);
			silenced.remove(from);
			silenced.remove(to);
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed or broken: nothing left to release
		}
	}
}
