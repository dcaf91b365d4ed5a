//! The client's address, for rate limits and the audit log. Behind a reverse
//! proxy the address comes from `X-Forwarded-For`, read **from the right**:
//! each proxy appends the address it saw, so only the entries our own proxies
//! wrote can be believed; whatever a client writes itself stays to the left.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use super::WebError;

/// Which peers may tell us the client's address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TrustedProxies {
    /// None: the connecting address is the client (no proxy in front).
    #[default]
    None,
    /// The immediate peer is our proxy: the right-most forwarded address is the client.
    Peer,
    /// These networks are our proxies: the right-most forwarded address not
    /// among them is the client (when the peer itself is one of them).
    Listed(Vec<Network>),
}

/// An IP network (`10.0.0.0/8`, `::1/128`, or one address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => mask(u128::from(u32::from(n)), u128::from(u32::from(a)), self.prefix, 32),
            (IpAddr::V6(n), IpAddr::V6(a)) => mask(u128::from(n), u128::from(a), self.prefix, 128),
            (IpAddr::V6(n), IpAddr::V4(a)) => n
                .to_ipv4_mapped()
                .is_some_and(|n| Network { addr: IpAddr::V4(n), prefix: self.prefix }.contains(IpAddr::V4(a))),
            (IpAddr::V4(_), IpAddr::V6(a)) => a.to_ipv4_mapped().is_some_and(|a| self.contains(IpAddr::V4(a))),
        }
    }
}

fn mask(net: u128, addr: u128, prefix: u8, bits: u8) -> bool {
    let shift = u32::from(bits.saturating_sub(prefix));
    if shift >= u32::from(bits) {
        return true;
    }
    (net >> shift) == (addr >> shift)
}

impl FromStr for Network {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("«{s}» không phải địa chỉ IP hay mạng (ví dụ 10.0.0.0/8)");
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Self { addr, prefix })
    }
}

impl TrustedProxies {
    /// `--trust-proxy` given without a value (`""`): the peer; with a list of
    /// addresses and networks separated by commas: those.
    pub fn parse(given: Option<&str>) -> Result<Self, String> {
        match given.map(str::trim) {
            None => Ok(Self::None),
            Some("") => Ok(Self::Peer),
            Some(list) => list.split(',').map(str::parse).collect::<Result<Vec<_>, _>>().map(Self::Listed),
        }
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        match self {
            Self::None => false,
            Self::Peer => false,
            Self::Listed(nets) => nets.iter().any(|n| n.contains(ip)),
        }
    }
}

/// The client's address: the peer, or the right-most forwarded address our
/// proxies did not write themselves.
pub fn client_ip(headers: &HeaderMap, peer: Option<IpAddr>, trust: &TrustedProxies) -> Option<IpAddr> {
    let peer_is_proxy = match trust {
        TrustedProxies::None => false,
        TrustedProxies::Peer => true,
        TrustedProxies::Listed(_) => peer.is_some_and(|p| trust.trusts(p)),
    };
    if !peer_is_proxy {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut last_trusted = peer;
    for entry in forwarded.iter().rev() {
        let Ok(ip) = entry.parse::<IpAddr>() else {
            // something no proxy of ours wrote: stop at the last hop we trust
            return last_trusted;
        };
        if *trust == TrustedProxies::Peer || !trust.trusts(ip) {
            return Some(ip);
        }
        last_trusted = Some(ip);
    }
    last_trusted
}

/// The client's address as text (for rate limits and the audit log).
pub struct ClientAddr(pub String);

impl ClientAddr {
    pub fn of(parts: &Parts, trust: &TrustedProxies) -> Option<IpAddr> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        client_ip(&parts.headers, peer, trust)
    }
}

impl FromRequestParts<crate::AppState> for ClientAddr {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &crate::AppState) -> Result<Self, Self::Rejection> {
        Ok(Self(Self::of(parts, &state.config.trusted_proxies).map(|ip| ip.to_string()).unwrap_or_default()))
    }
}

/// The key an address is limited under: an IPv4 address itself, an IPv6
/// address by its /64 network (one subscriber's line or host gets a whole
/// /64, and can take a new address in it at will).
pub fn limit_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => ip.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().unwrap());
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trust_the_peer_is_the_client_whatever_the_header_says() {
        let t = TrustedProxies::None;
        assert_eq!(client_ip(&xff("1.2.3.4"), Some(ip("10.0.0.9")), &t), Some(ip("10.0.0.9")));
    }

    #[test]
    fn behind_one_proxy_the_right_most_entry_is_the_client() {
        let t = TrustedProxies::parse(Some("")).unwrap();
        // nginx: $proxy_add_x_forwarded_for = what the client sent + the address nginx saw
        assert_eq!(client_ip(&xff("6.6.6.6, 203.0.113.7"), Some(ip("127.0.0.1")), &t), Some(ip("203.0.113.7")));
        assert_eq!(client_ip(&HeaderMap::new(), Some(ip("127.0.0.1")), &t), Some(ip("127.0.0.1")));
    }

    #[test]
    fn listed_proxies_are_skipped_from_the_right() {
        let t = TrustedProxies::parse(Some("10.0.0.0/8, 127.0.0.1")).unwrap();
        let h = xff("6.6.6.6, 198.51.100.2, 10.1.2.3");
        assert_eq!(client_ip(&h, Some(ip("127.0.0.1")), &t), Some(ip("198.51.100.2")));
        // a peer that is not our proxy is the client
        assert_eq!(client_ip(&h, Some(ip("192.0.2.1")), &t), Some(ip("192.0.2.1")));
        // garbage written by someone stops the walk at the last trusted hop
        assert_eq!(client_ip(&xff("nonsense, 10.1.2.3"), Some(ip("127.0.0.1")), &t), Some(ip("10.1.2.3")));
        assert!(TrustedProxies::parse(Some("10.0.0.0/33")).is_err());
        assert!(TrustedProxies::parse(Some("proxy.local")).is_err());
    }

    #[test]
    fn networks_contain_their_addresses() {
        let n: Network = "192.168.0.0/16".parse().unwrap();
        assert!(n.contains(ip("192.168.5.4")) && !n.contains(ip("192.169.0.1")));
        let all: Network = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("8.8.8.8")));
        let v6: Network = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
    }

    #[test]
    fn ipv6_addresses_are_limited_by_their_network() {
        assert_eq!(limit_key("203.0.113.9"), "203.0.113.9");
        assert_eq!(limit_key("2001:db8:1:2::1"), limit_key("2001:db8:1:2:ffff:0:0:7"));
        assert_eq!(limit_key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_ne!(limit_key("2001:db8:1:2::1"), limit_key("2001:db8:1:3::1"));
        assert_eq!(limit_key("::ffff:203.0.113.9"), "203.0.113.9");
    }
}
