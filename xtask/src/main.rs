//! `cargo xtask`: the workspace's build tool.
fn main() {}
