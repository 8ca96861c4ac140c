//! Servers by their `Server` variant: added, removed, or a changed URL.

use std::collections::BTreeMap;

use super::{ChangeKind, Review, Severity};

impl Review<'_> {
    pub(super) fn servers(&mut self) {
        let servers = |api: &crate::model::Api| -> BTreeMap<String, String> {
            api.servers
                .iter()
                .map(|s| (s.variant.clone(), s.url.clone()))
                .collect()
        };
        let old = servers(self.old.api);
        let new = servers(self.new.api);
        for (variant, old_url) in &old {
            let item = self.item(&format!("Server::{variant}"));
            match new.get(variant) {
                None => self.push(
                    Severity::Warn,
                    ChangeKind::ServerRemoved,
                    "/servers".into(),
                    format!("server `{variant}` (`{old_url}`) removed"),
                    vec![item],
                ),
                Some(new_url) if new_url != old_url => self.push(
                    Severity::Warn,
                    ChangeKind::ServerUrlChanged,
                    "/servers".into(),
                    format!("URL of server `{variant}` changed: `{old_url}` → `{new_url}`"),
                    vec![item],
                ),
                Some(_) => {}
            }
        }
        for (variant, url) in &new {
            if !old.contains_key(variant) {
                let item = self.item(&format!("Server::{variant}"));
                self.push(
                    Severity::Info,
                    ChangeKind::ServerAdded,
                    "/servers".into(),
                    format!("server `{variant}` (`{url}`) added"),
                    vec![item],
                );
            }
        }
    }
}
