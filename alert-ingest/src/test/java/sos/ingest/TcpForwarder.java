package sos.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback TCP port that exists before the service it leads to: until {@link #forwardTo} is called it accepts and
 * drops connections (like a broker that is down), afterwards it relays bytes both ways. Lets a test give a client a
 * bootstrap address before the broker behind it has started.
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private volatile InetSocketAddress target;

    TcpForwarder() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::acceptLoop, "tcp-forwarder");
    }

    int port() {
        return server.getLocalPort();
    }

    void forwardTo(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        target = new InetSocketAddress(
                hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                InetSocketAddress to = target;
                if (to == null) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(to.getAddress(), to.getPort());
                daemon(() -> pump(client, upstream), "tcp-forwarder-up");
                daemon(() -> pump(upstream, client), "tcp-forwarder-down");
            } catch (IOException e) {
                // closed, or the target refused: the client sees a dropped connection, like a broker that is down
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
