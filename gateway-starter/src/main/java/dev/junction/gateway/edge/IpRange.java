/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An address range in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}, or a single
 * address). Only literal addresses are accepted: parsing never does a DNS lookup.
 */
final class IpRange {

	private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

	private final byte[] network;

	private final int prefixLength;

	private IpRange(byte[] network, int prefixLength) {
		this.network = network;
		this.prefixLength = prefixLength;
	}

	/**
	 * Parses a range.
	 * @param cidr an address or address/prefix-length
	 * @return the range
	 * @throws IllegalArgumentException if it is not a literal address range
	 */
	static IpRange parse(String cidr) {
		String text = cidr.trim();
		int slash = text.indexOf('/');
		byte[] address = parseAddress((slash >= 0) ? text.substring(0, slash) : text);
		if (address == null) {
			throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
		}
		int bits = address.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(text.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
			}
		}
		return new IpRange(address, prefix);
	}

	/**
	 * The bytes of a literal IPv4 or IPv6 address.
	 * @param text the address
	 * @return its bytes, or {@code null} if it is not a literal address
	 */
	static byte @Nullable [] parseAddress(@Nullable String text) {
		if (text == null || text.isEmpty() || text.length() > 45) {
			return null;
		}
		var ipv4 = IPV4.matcher(text);
		if (ipv4.matches()) {
			byte[] bytes = new byte[4];
			for (int i = 0; i < 4; i++) {
				int part = Integer.parseInt(ipv4.group(i + 1));
				if (part > 255) {
					return null;
				}
				bytes[i] = (byte) part;
			}
			return bytes;
		}
		String unbracketed = (text.startsWith("[") && text.endsWith("]")) ? text.substring(1, text.length() - 1) : text;
		if (unbracketed.indexOf(':') < 0 || !IPV6.matcher(unbracketed).matches()) {
			return null;
		}
		try {
			// a literal with ':' is never looked up in DNS
			return InetAddress.getByName(unbracketed).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	boolean contains(byte[] address) {
		if (address.length != this.network.length) {
			return false;
		}
		int full = this.prefixLength / 8;
		for (int i = 0; i < full; i++) {
			if (address[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (address[full] & mask) == (this.network[full] & mask);
	}

}
