//! Ownership tags: how apigw recognises what it created, so that `provision` adopts instead of
//! duplicating and `destroy` removes only what is ours.

use std::collections::BTreeMap;

/// Tag key marking an object as created by apigw for one spec.
pub const OWNER_TAG: &str = "apigw:owner";
/// Tag key naming the stage (for objects that belong to one stage).
pub const STAGE_TAG: &str = "apigw:stage";

/// The owner tag's value for the spec named `name`.
pub fn owner_value(name: &str) -> String {
    format!("apigw/{name}")
}

/// The tags apigw puts on everything it creates for `name`, plus the user's tags.
pub fn owned_tags(name: &str, user_tags: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut tags = user_tags.clone();
    tags.insert(OWNER_TAG.to_owned(), owner_value(name));
    tags
}

/// Whether `tags` mark an object as created by apigw for `name`.
pub fn is_owned(tags: &BTreeMap<String, String>, name: &str) -> bool {
    tags.get(OWNER_TAG).is_some_and(|v| *v == owner_value(name))
}
