//! The aws CLI lines of the runbook, with the real ids filled in and quoted for a POSIX shell.

/// Joins `parts` into one shell line, quoting each part that needs it.
pub(crate) fn line<S: AsRef<str>>(parts: &[S]) -> String {
    parts
        .iter()
        .map(|p| quote(p.as_ref()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as one shell word: left alone when it only has safe characters, double-quoted when
/// it holds single quotes and nothing a shell expands in double quotes, else single-quoted.
pub(crate) fn quote(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c));
    if safe {
        text.to_owned()
    } else if text.contains('\'') && !text.contains(['"', '$', '`', '\\', '!']) {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// `aws apigateway {op} … --region {region}`.
pub(crate) fn apigateway(op: &str, args: &[&str], region: &str) -> String {
    let mut parts = vec!["aws", "apigateway", op];
    parts.extend_from_slice(args);
    parts.extend_from_slice(&["--region", region]);
    line(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(
            quote("Name=ApiName,Value=orders"),
            "Name=ApiName,Value=orders"
        );
        assert_eq!(quote("/orders/{id}"), "'/orders/{id}'");
        assert_eq!(quote("it's"), "\"it's\"");
        assert_eq!(quote("it's $HOME"), r"'it'\''s $HOME'");
        assert_eq!(quote(""), "''");
        assert_eq!(
            apigateway(
                "get-stage",
                &["--rest-api-id", "abc", "--stage-name", "live"],
                "eu-west-1"
            ),
            "aws apigateway get-stage --rest-api-id abc --stage-name live --region eu-west-1"
        );
    }
}
