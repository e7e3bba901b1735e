package sos.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A minimal but real SMTP server (RFC 5321 commands HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on a loopback port,
 * for tests: it keeps every message it accepted. Recipients whose address starts with {@code nobody@} are refused with
 * 550.
 */
final class SmtpServer implements AutoCloseable {

    record Mail(String from, List<String> to, String data) {}

    private final ServerSocket socket;
    private final ConcurrentLinkedQueue<Mail> mails = new ConcurrentLinkedQueue<>();
    private final Thread acceptor;

    SmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "smtp-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    List<Mail> mails() {
        return List.copyOf(mails);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> serve(client), "smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = client.getOutputStream()) {
            reply(out, "220 localhost ESMTP test");
            String from = null;
            List<String> to = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO")) {
                    reply(out, "250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8");
                } else if (command.startsWith("HELO")) {
                    reply(out, "250 localhost");
                } else if (command.startsWith("MAIL FROM:")) {
                    from = address(line);
                    to = new ArrayList<>();
                    reply(out, "250 OK");
                } else if (command.startsWith("RCPT TO:")) {
                    String address = address(line);
                    if (address.startsWith("nobody@")) {
                        reply(out, "550 no such user");
                    } else {
                        to.add(address);
                        reply(out, "250 OK");
                    }
                } else if (command.equals("DATA")) {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder data = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        data.append(line.startsWith("..") ? line.substring(1) : line)
                                .append("\r\n");
                    }
                    mails.add(new Mail(from, List.copyOf(to), data.toString()));
                    reply(out, "250 OK queued");
                } else if (command.equals("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else if (command.equals("RSET") || command.equals("NOOP")) {
                    reply(out, "250 OK");
                } else {
                    reply(out, "502 not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String address(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>');
        return open >= 0 && close > open
                ? line.substring(open + 1, close)
                : line.substring(line.indexOf(':') + 1).trim();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
