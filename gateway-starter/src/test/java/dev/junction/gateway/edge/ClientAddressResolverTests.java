/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressResolverTests {

	private final ClientAddressResolver trustingProxies = new ClientAddressResolver(
			List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

	@Test
	void anUntrustedPeerIsTheClientWhateverItForwards() {
		assertThat(this.trustingProxies.resolve("203.0.113.9", List.of("1.2.3.4"))).isEqualTo("203.0.113.9");
		assertThat(new ClientAddressResolver(List.of()).resolve("10.1.1.1", List.of("1.2.3.4"))).isEqualTo("10.1.1.1");
	}

	@Test
	void behindTrustedProxiesTheFirstUntrustedAddressFromTheRightIsTheClient() {
		assertThat(this.trustingProxies.resolve("10.0.0.5", List.of("6.6.6.6, 198.51.100.20, 10.2.3.4")))
			.isEqualTo("198.51.100.20");
		assertThat(this.trustingProxies.resolve("192.168.1.7", List.of("6.6.6.6", "198.51.100.20")))
			.isEqualTo("198.51.100.20");
		assertThat(this.trustingProxies.resolve("fd00::1", List.of("2001:db8::1"))).isEqualTo("2001:db8::1");
	}

	@Test
	void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
		assertThat(this.trustingProxies.resolve("10.0.0.5", List.of("10.9.9.9, 10.0.0.6"))).isEqualTo("10.9.9.9");
	}

	@Test
	void aForwardedValueThatIsNoAddressIsNotBelieved() {
		assertThat(this.trustingProxies.resolve("10.0.0.5", List.of("evil, 10.0.0.6"))).isEqualTo("10.0.0.6");
		assertThat(this.trustingProxies.resolve("10.0.0.5", List.of("localhost"))).isEqualTo("10.0.0.5");
	}

	@Test
	void rangesMatchOnTheirPrefixOnly() {
		IpRange range = IpRange.parse("172.16.0.0/12");
		assertThat(range.contains(IpRange.parseAddress("172.31.255.255"))).isTrue();
		assertThat(range.contains(IpRange.parseAddress("172.32.0.0"))).isFalse();
		assertThat(range.contains(IpRange.parseAddress("::1"))).isFalse();
		assertThat(IpRange.parseAddress("example.com")).isNull();
		assertThat(IpRange.parseAddress("300.1.1.1")).isNull();
	}

}
