//! The address of the client, for per-client throttling. Behind a reverse proxy every request
//! comes from the proxy, so `X-Forwarded-For` is believed, but only when the peer is one of
//! `AGORA_TRUSTED_PROXIES`; otherwise anyone could claim any address.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// The client's address: the peer, or the nearest untrusted hop named by trusted proxies.
pub fn client_address(http: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = http.peer_addr()?.ip();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = http
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    Some(forwarded.into_iter().rev().find(|hop| !trusted_proxies.contains(hop)).unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy = ip("10.0.0.1");
        let via_proxy = TestRequest::default()
            .peer_addr("10.0.0.1:4000".parse().expect("socket"))
            .insert_header(("x-forwarded-for", "203.0.113.9, 10.0.0.2"))
            .to_http_request();
        assert_eq!(client_address(&via_proxy, &[proxy, ip("10.0.0.2")]), Some(ip("203.0.113.9")));
        assert_eq!(client_address(&via_proxy, &[]), Some(proxy), "an untrusted peer is the client");

        let forged = TestRequest::default()
            .peer_addr("198.51.100.7:4000".parse().expect("socket"))
            .insert_header(("x-forwarded-for", "203.0.113.9"))
            .to_http_request();
        assert_eq!(client_address(&forged, &[proxy]), Some(ip("198.51.100.7")));
    }
}
