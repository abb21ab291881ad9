package nl.veiligmelden.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
/**
 * Where a request comes from, for rate limits and for "was this HTTPS": the socket's address, or,
 * when the socket is the reverse proxy named in {@code VM_TRUSTED_PROXY}, the address that proxy
 * appended to {@code X-Forwarded-For}. A forwarded header from anyone else is ignored, so a
 * client cannot choose its own source by sending one.
 *
 * <p>IPv6 addresses count by their /64: one household or phone gets a whole /64 and can pick a
 * new address in it for every request.
 */
public final class ClientAddress {
  private final Optional<InetAddress> trustedProxy;

  public ClientAddress(Optional<String> trustedProxy) {
    this.trustedProxy = trustedProxy.map(ClientAddress::parse);
  }

  /** The source to count, from the socket address and the forwarded header (null when absent). */
  public String source(String socketAddress, String forwardedFor) {
    String address = socketAddress;
    if (fromTrustedProxy(socketAddress) && forwardedFor != null && !forwardedFor.isBlank()) {
      // The last entry is the one our proxy wrote; those before it were sent by the client.
      String[] hops = forwardedFor.split(",");
      address = hops[hops.length - 1].strip();
    }
    return prefix(address);
  }

  /** Whether the request came through our own reverse proxy, whose forwarded headers count. */
  public boolean fromTrustedProxy(String socketAddress) {
    if (trustedProxy.isEmpty() || socketAddress == null) {
      return false;
    }
    try {
      return trustedProxy.get().equals(literal(strip(socketAddress)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** IPv4 as is; IPv6 as its /64 network; anything unparsable as itself (still counted, never trusted). */
  static String prefix(String address) {
    String literal = strip(address);
    try {
      InetAddress parsed = literal(literal);
      byte[] bytes = parsed.getAddress();
      if (bytes.length == 16) {
        for (int i = 8; i < 16; i++) {
          bytes[i] = 0;
        }
        return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
      }
      return parsed.getHostAddress();
    } catch (IllegalArgumentException | UnknownHostException e) {
      return literal;
    }
  }

  /** Brackets and a port, as in "[2001:db8::1]:443" or "192.0.2.1:5000", are not part of the address. */
  private static String strip(String address) {
    String a = address.strip();
    if (a.startsWith("[")) {
      int end = a.indexOf(']');
      return end > 0 ? a.substring(1, end) : a;
    }
    int colon = a.indexOf(':');
    if (colon > 0 && colon == a.lastIndexOf(':') && a.indexOf('.') > 0) {
      return a.substring(0, colon);
    }
    return a;
  }

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  /** An address literal, never a name: a name would send us to DNS (and the header is the client's). */
  static InetAddress literal(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    if (v4 && Arrays.stream(text.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255)
        || !v4 && !IPV6.matcher(text).matches()) {
      throw new IllegalArgumentException("not an address literal");
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal", e);
    }
  }

  private static InetAddress parse(String literal) {
    try {
      return literal(literal.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("VM_TRUSTED_PROXY must be an IP address, not a name: " + literal, e);
    }
  }
}
