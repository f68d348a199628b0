package io.placebench.ingest.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hosts ingest may fetch image URLs from. Refused unless allowed explicitly: loopback (127.0.0.0/8, ::1),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 — where cloud metadata services
 * live — and fe80::/10), carrier-grade NAT (100.64/10), "this network" (0/8), unspecified, multicast and
 * broadcast addresses, IPv4 addresses embedded in IPv6 (mapped, NAT64, 6to4) that are any of those, and
 * the metadata host names of the big clouds. A host is allowed whatever it resolves to when its name is in
 * {@code allowedHosts}, or every host when {@code allowPrivate} is set.
 */
public final class AddressPolicy {

    public static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");

    private final boolean allowPrivate;
    private final Set<String> allowedHosts;

    public AddressPolicy(boolean allowPrivate, Collection<String> allowedHosts) {
        this.allowPrivate = allowPrivate;
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean explicitlyAllowed(String host) {
        return allowPrivate || allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Why fetching from {@code host}, resolved to {@code addresses}, is refused; empty when it is allowed. */
    public Optional<String> refusal(String host, List<InetAddress> addresses) {
        if (explicitlyAllowed(host)) {
            return Optional.empty();
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (METADATA_HOSTS.contains(lower) || lower.equals("localhost") || lower.endsWith(".localhost")) {
            return Optional.of("host " + host + " is a local or metadata host (refused)");
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = forbiddenKind(address);
            if (kind.isPresent()) {
                return Optional.of("host " + host + " resolves to " + kind.get() + " address "
                        + address.getHostAddress() + " (refused)");
            }
        }
        return Optional.empty();
    }

    /** The kind of a forbidden address (loopback, private, link-local...), empty for a public address. */
    public static Optional<String> forbiddenKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("an unspecified");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            if (first == 0) {
                return Optional.of("a \"this network\"");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("a carrier-grade NAT");
            }
            if (first == 192 && second == 0 && (b[2] & 0xFF) == 0) {
                return Optional.of("an IETF protocol");
            }
            if (first >= 240) {
                return Optional.of("a reserved or broadcast");
            }
            return Optional.empty();
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xFE) == 0xFC) {
                return Optional.of("a private (unique local)");
            }
            if ((b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0xC0) {
                return Optional.of("a site-local");
            }
            Optional<byte[]> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                try {
                    return forbiddenKind(InetAddress.getByAddress(embedded.get()));
                } catch (java.net.UnknownHostException e) {
                    return Optional.of("an unusable");
                }
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible, NAT64 or 6to4 address. */
    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        if (zeros80 && ((b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) || (b[10] == 0 && b[11] == 0))) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xFF && b[3] == (byte) 0x9B) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Optional.of(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return Optional.empty();
    }
}
