//! `generated::runtime` is the `generator-runtime` crate itself (`pub use generator_runtime as
//! runtime;`), not a copy: every provider's client, and any other crate generated against the
//! runtime crate, shares its types.

use std::any::TypeId;

#[test]
fn the_generated_runtime_is_the_runtime_crate() {
    assert_eq!(
        TypeId::of::<generated::runtime::Error<()>>(),
        TypeId::of::<generator_runtime::Error<()>>()
    );
    assert_eq!(
        TypeId::of::<generated::runtime::Transport>(),
        TypeId::of::<generator_runtime::Transport>()
    );
    assert_eq!(
        TypeId::of::<generated::runtime::Secret>(),
        TypeId::of::<generator_runtime::Secret>()
    );
    // A paycross call's transport and a monri call's transport are the same type, so one
    // `ClientBuilder` configuration helper serves both.
    fn configure<C: From<generator_runtime::Transport>>(
        builder: generator_runtime::ClientBuilder<C>,
    ) -> generator_runtime::ClientBuilder<C> {
        builder.timeout(std::time::Duration::from_secs(5))
    }
    let paycross = configure(generated::paycross::Client::builder("http://127.0.0.1:1"))
        .build()
        .expect("builds");
    let monri = configure(generated::monri::Client::builder("http://127.0.0.1:1"))
        .build()
        .expect("builds");
    assert_eq!(paycross.transport().timeout(), monri.transport().timeout());
    assert_eq!(
        paycross.transport().timeout(),
        std::time::Duration::from_secs(5)
    );
}
