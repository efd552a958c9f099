//! Opaque pagination cursors, shaped like the API's: base64 of `o=<offset>`, so they carry
//! `=` padding that must be percent-encoded in the `Link` URL and decoded once by clients.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The cursor of the page starting at `offset`.
pub fn encode(offset: usize) -> String {
    base64(format!("o={offset}").as_bytes())
}

/// The offset a cursor stands for; `None` for anything this server did not hand out.
pub fn decode(cursor: &str) -> Option<usize> {
    let bytes = unbase64(cursor)?;
    std::str::from_utf8(&bytes)
        .ok()?
        .strip_prefix("o=")?
        .parse()
        .ok()
}

/// `cursor` as it appears in a query string (`+`, `/` and `=` escaped).
pub fn percent_encode(cursor: &str) -> String {
    cursor
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

fn base64(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn unbase64(input: &str) -> Option<Vec<u8>> {
    let trimmed = input.trim_end_matches('=');
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in trimmed.bytes() {
        let value = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_carry_padding() {
        for offset in [0, 1, 99, 100, 2_024, 9_900, 123_456] {
            assert_eq!(decode(&encode(offset)), Some(offset));
        }
        assert_eq!(encode(100), "bz0xMDA=");
        assert_eq!(percent_encode("bz0xMDA="), "bz0xMDA%3D");
    }

    #[test]
    fn foreign_cursors_are_refused() {
        assert_eq!(decode("not base64!"), None);
        assert_eq!(decode(&base64(b"p=12")), None);
    }
}
