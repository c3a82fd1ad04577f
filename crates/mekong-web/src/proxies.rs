//! The reverse proxies whose `X-Forwarded-For` is believed. Behind a proxy every request comes
//! from the proxy's address: throttling by that address would count everyone together (one
//! attacker would stop all sign-ins). A forwarded address is taken only from a listed proxy,
//! since anyone else can write the header.

use std::net::IpAddr;

/// A list of addresses and networks (`10.0.0.1`, `10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses a comma-separated list, as `MEKONG_TRUSTED_PROXIES` and `trusted_proxies` hold it.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(network)
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|&(network, bits)| contains(network, bits, address))
    }

    /// The address a request came from: the peer's, or, when the peer is a trusted proxy, the
    /// nearest address in `X-Forwarded-For` that is not itself a trusted proxy (the header is read
    /// from the right: entries further left were written by whoever sent the request).
    pub fn client_address(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for.iter().rev().flat_map(|header| header.split(',').rev()).map(str::trim);
        let mut client = peer;
        for hop in hops {
            let Ok(address) = hop.parse::<IpAddr>() else { break };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        client
    }
}

fn network(entry: &str) -> Result<(IpAddr, u8), String> {
    let (address, bits) = match entry.split_once('/') {
        Some((address, bits)) => (address, Some(bits)),
        None => (entry, None),
    };
    let address: IpAddr = address.parse().map_err(|_| format!("not an IP address: {entry}"))?;
    let most = if address.is_ipv4() { 32 } else { 128 };
    let bits = match bits {
        Some(bits) => bits.parse::<u8>().ok().filter(|b| *b <= most).ok_or_else(|| format!("bad prefix: {entry}"))?,
        None => most,
    };
    Ok((address, bits))
}

fn contains(network: IpAddr, bits: u8, address: IpAddr) -> bool {
    let mask = |width: u32| if bits == 0 { 0 } else { u128::MAX << (width - u32::from(bits)) };
    match (network, address.to_canonical()) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            (u128::from(u32::from(n)) ^ u128::from(u32::from(a))) & mask(32) & u128::from(u32::MAX) == 0
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => (u128::from(n) ^ u128::from(a)) & mask(128) == 0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn forwarded_addresses_are_believed_from_listed_proxies_only() -> Result<(), String> {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.5, fd00::/8")?;
        let header = ["203.0.113.9, 10.1.2.3"];
        assert_eq!(proxies.client_address(ip("10.0.0.1"), &header), ip("203.0.113.9"), "the proxy chain is skipped");
        assert_eq!(proxies.client_address(ip("192.168.1.5"), &["198.51.100.7"]), ip("198.51.100.7"));
        assert_eq!(proxies.client_address(ip("::ffff:10.0.0.1"), &["198.51.100.7"]), ip("198.51.100.7"));
        assert_eq!(proxies.client_address(ip("fd12::1"), &["2001:db8::1"]), ip("2001:db8::1"));
        // Not a proxy: its header is anyone's.
        assert_eq!(proxies.client_address(ip("198.51.100.7"), &["10.0.0.9"]), ip("198.51.100.7"));
        // A forged entry left of the real one is not reached.
        assert_eq!(proxies.client_address(ip("10.0.0.1"), &["1.2.3.4, 203.0.113.9"]), ip("203.0.113.9"));
        // Garbage stops the walk at the last good address.
        assert_eq!(proxies.client_address(ip("10.0.0.1"), &["nonsense"]), ip("10.0.0.1"));
        assert_eq!(proxies.client_address(ip("10.0.0.1"), &[]), ip("10.0.0.1"));
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err() && TrustedProxies::parse("proxy").is_err());
        assert!(TrustedProxies::parse(" ")?.is_empty());
        Ok(())
    }
}
