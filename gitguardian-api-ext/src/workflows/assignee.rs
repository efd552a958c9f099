//! Who an incident is assigned to (or filtered by): a workspace member named by email or by id.

use super::validate::{self, Invalid};

/// A workspace member, by email or by member id, as the assign operations and the `assignee`
/// filters accept them.
///
/// ```
/// use gitguardian_api_ext::workflows::Assignee;
///
/// let by_email = Assignee::email("dana.lee@example.com");
/// let by_id = Assignee::member(1187);
/// assert_ne!(by_email, by_id);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assignee {
    /// The member with this email address.
    Email(String),
    /// The member with this id (`Member::id`).
    MemberId(i64),
}

impl Assignee {
    /// The member with this email address.
    ///
    /// ```
    /// let assignee = gitguardian_api_ext::workflows::Assignee::email("dana.lee@example.com");
    /// # drop(assignee);
    /// ```
    pub fn email(email: impl Into<String>) -> Assignee {
        Assignee::Email(email.into())
    }

    /// The member with this id.
    ///
    /// ```
    /// let assignee = gitguardian_api_ext::workflows::Assignee::member(1187);
    /// # drop(assignee);
    /// ```
    pub fn member(member_id: i64) -> Assignee {
        Assignee::MemberId(member_id)
    }

    /// The assignee checked: a well-formed email (trimmed) or a positive id.
    pub(crate) fn checked(&self) -> Result<Assignee, Invalid> {
        match self {
            Assignee::Email(email) => {
                validate::email("the assignee email", email).map(Assignee::Email)
            }
            Assignee::MemberId(id) => {
                validate::id("the assignee member id", *id).map(Assignee::MemberId)
            }
        }
    }
}

impl From<&crate::types::Member> for Assignee {
    /// Assigns by id, which stays right if the member changes their email.
    fn from(member: &crate::types::Member) -> Assignee {
        Assignee::MemberId(member.id)
    }
}
