//! HTTPS: the stand-in's own authority, which a client must trust to connect.

use gitguardian_standin::StandIn;

#[tokio::test]
async fn a_tls_stand_in_serves_clients_that_trust_its_ca_and_only_those() {
    let stand_in = StandIn::builder().tls(true).start().await.unwrap();
    assert!(
        stand_in.api_url().starts_with("https://127.0.0.1:"),
        "{}",
        stand_in.api_url()
    );
    let certificates = stand_in.tls_certificates().expect("certificates");
    assert!(certificates
        .ca_pem
        .starts_with("-----BEGIN CERTIFICATE-----"));

    let ca = reqwest::Certificate::from_pem(certificates.ca_pem.as_bytes()).unwrap();
    let trusting = reqwest::Client::builder()
        .add_root_certificate(ca)
        .build()
        .unwrap();
    let answer = trusting
        .get(format!("{}/health", stand_in.api_url()))
        .header("authorization", format!("Token {}", stand_in.api_key()))
        .send()
        .await
        .expect("TLS handshake with the trusted CA");
    assert_eq!(answer.status(), 200);

    let distrustful = reqwest::Client::new()
        .get(format!("{}/health", stand_in.api_url()))
        .send()
        .await;
    assert!(
        distrustful.is_err(),
        "an unknown CA must fail the handshake"
    );
    // Only the trusted request got through the handshake to be logged.
    assert_eq!(stand_in.requests().len(), 1);
    assert!(StandIn::builder()
        .start()
        .await
        .unwrap()
        .tls_certificates()
        .is_none());
}
