//! Hand-rolled `--flag value` and `--switch` parsing (no CLI dependency in the library).

use super::Error;

/// Parsed arguments: every flag checked against the known ones.
pub struct Args {
    items: Vec<String>,
}

impl Args {
    /// Parses `args`, refusing anything that is neither a switch nor a flag `with_value` (which
    /// must have one). `-h`/`--help` anywhere is [`Error::Help`] with `help`.
    pub fn parse(
        args: &[String],
        switches: &[&str],
        with_value: &[&str],
        help: &str,
    ) -> Result<Self, Error> {
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            if a == "-h" || a == "--help" {
                return Err(Error::Help(help.to_string()));
            } else if with_value.contains(&a) {
                if i + 1 >= args.len() {
                    return Err(Error::Usage(format!("`{a}` needs a value\n\n{help}")));
                }
                i += 2;
            } else if switches.contains(&a) {
                i += 1;
            } else {
                return Err(Error::Usage(format!("unexpected argument `{a}`\n\n{help}")));
            }
        }
        Ok(Args {
            items: args.to_vec(),
        })
    }

    /// Whether a switch was given.
    pub fn has(&self, name: &str) -> bool {
        self.items.iter().any(|a| a == name)
    }

    /// The value after `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.items
            .iter()
            .position(|a| a == name)
            .and_then(|i| self.items.get(i + 1))
            .map(String::as_str)
    }

    /// The value after `name`, or a usage error naming it.
    pub fn required(&self, name: &str, help: &str) -> Result<&str, Error> {
        self.value(name)
            .ok_or_else(|| Error::Usage(format!("{name} is required\n\n{help}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn flags_switches_and_refusals() {
        let args = Args::parse(
            &strings(&["--spec", "a.yaml", "--lean"]),
            &["--lean"],
            &["--spec"],
            "h",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(args.value("--spec"), Some("a.yaml"));
        assert!(args.has("--lean"));
        assert!(matches!(args.required("--out", "h"), Err(Error::Usage(_))));
        assert!(matches!(
            Args::parse(&strings(&["--spec"]), &[], &["--spec"], "h"),
            Err(Error::Usage(m)) if m.contains("needs a value")
        ));
        assert!(matches!(
            Args::parse(&strings(&["--what"]), &[], &[], "h"),
            Err(Error::Usage(m)) if m.contains("`--what`")
        ));
        assert!(matches!(
            Args::parse(&strings(&["-h"]), &[], &[], "the help"),
            Err(Error::Help(h)) if h == "the help"
        ));
    }
}
