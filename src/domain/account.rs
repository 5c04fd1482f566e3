//! A person's details as values that are right once parsed: an email address, a display
//! name, and the length rule of a new password. Pages, the API, invitations and the CLI parse
//! with these; nothing downstream checks again.

use super::refusal::{Code, Refused};

/// Longest display name, in characters.
pub const MAX_NAME: usize = 200;
/// Shortest and longest new password, in characters.
pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 1024;

/// An email address as mail servers accept it (RFC 5321's lengths; a dot-atom local part, or
/// a quoted one; a domain of letter-digit-hyphen labels, or an address literal). Kept as typed
/// (trimmed); accounts compare addresses ignoring case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<EmailAddress, Refused> {
        let text = raw.trim();
        if is_address(text) {
            Ok(EmailAddress(text.to_string()))
        } else {
            Err(Refused::new(Code::EmailInvalid))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

fn is_address(text: &str) -> bool {
    if text.len() > 254 {
        return false;
    }
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    local_part_ok(local) && domain_ok(domain)
}

fn local_part_ok(local: &str) -> bool {
    if local.is_empty() || local.len() > 64 {
        return false;
    }
    if let Some(inner) = local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        return !inner.is_empty()
            && inner
                .chars()
                .all(|c| c != '"' && c != '\\' && !c.is_control());
    }
    const SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~";
    local.split('.').all(|atom| {
        !atom.is_empty()
            && atom.chars().all(|c| {
                c.is_alphanumeric()
                    || SPECIALS.contains(c)
                    || !c.is_ascii() && !c.is_control() && !c.is_whitespace()
            })
    })
}

fn domain_ok(domain: &str) -> bool {
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return literal.parse::<core::net::IpAddr>().is_ok()
            || literal
                .strip_prefix("IPv6:")
                .is_some_and(|v6| v6.parse::<core::net::Ipv6Addr>().is_ok());
    }
    !domain.is_empty()
        && domain.len() <= 253
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// A display name: trimmed, 1 to [`MAX_NAME`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, Refused> {
        let name = raw.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(Refused::new(Code::NameInvalid));
        }
        Ok(DisplayName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A new password's length rule (any characters; counted as characters, not bytes).
pub fn check_new_password(password: &str) -> Result<(), Refused> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        Err(Refused::new(Code::PasswordTooShort))
    } else if n > MAX_PASSWORD {
        Err(Refused::new(Code::PasswordTooLong))
    } else {
        Ok(())
    }
}

/// A new account's details, checked in the order the form asks for them.
pub fn check_new_account(
    email: &str,
    name: &str,
    password: &str,
) -> Result<(EmailAddress, DisplayName), Refused> {
    let email = EmailAddress::parse(email)?;
    let name = DisplayName::parse(name)?;
    check_new_password(password)?;
    Ok((email, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_people_type_are_accepted() {
        for ok in [
            "ana@example.org",
            "ana.lima+coop@mail.example.co.uk",
            "o'neil@example.ie",
            "\"ana lima\"@example.org",
            "ana@[127.0.0.1]",
            "zoé@exemple.fr",
            "ana@xn--exmple-cva.fr",
            "  ana@example.org  ",
        ] {
            assert!(EmailAddress::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused_with_a_code() {
        let long_local = format!("{}@example.org", "a".repeat(65));
        let long = format!("a@{}.org", "b".repeat(260));
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@@example.org",
            "ana lima@example.org",
            "ana..lima@example.org",
            ".ana@example.org",
            "ana@-example.org",
            "ana@example..org",
            "ana@exa mple.org",
            "ana\n@example.org",
            long_local.as_str(),
            long.as_str(),
        ] {
            assert_eq!(
                EmailAddress::parse(bad).map_err(|r| r.code),
                Err(Code::EmailInvalid),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Ana Lima ").unwrap().as_str(),
            "Ana Lima"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"é".repeat(200)).is_ok());
        assert!(DisplayName::parse(&"é".repeat(201)).is_err());
    }

    #[test]
    fn new_passwords_count_characters() {
        assert_eq!(
            check_new_password("1234567").map_err(|r| r.code),
            Err(Code::PasswordTooShort)
        );
        assert!(check_new_password("12345678").is_ok());
        assert!(check_new_password(&"é".repeat(1024)).is_ok());
        assert!(check_new_password(&"é".repeat(1025)).is_err());
    }
}
