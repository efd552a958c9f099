//! When progenitor fails or panics on a whole spec, find the operation responsible by
//! generating each operation on its own. Slow, but only on the failure path.

use openapiv3::{OpenAPI, Paths, ReferenceOr};
use progenitor::Generator;
use std::panic::{self, AssertUnwindSafe};

/// Runs `f` with panic output silenced, turning a panic into its message.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(hook);
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "no message".into())
    })
}

/// The first operation that fails alone, as `operationId (at #/paths/...)` plus the reason.
pub fn culprit(openapi: &OpenAPI) -> Option<String> {
    for (path, item) in openapi.paths.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, operation) in item.iter() {
            let mut single = item.clone();
            for (m, slot) in [
                ("get", &mut single.get),
                ("put", &mut single.put),
                ("post", &mut single.post),
                ("delete", &mut single.delete),
                ("options", &mut single.options),
                ("head", &mut single.head),
                ("patch", &mut single.patch),
                ("trace", &mut single.trace),
            ] {
                if m != method {
                    *slot = None;
                }
            }
            let mut spec = openapi.clone();
            spec.paths = Paths {
                paths: [(path.clone(), ReferenceOr::Item(single))]
                    .into_iter()
                    .collect(),
                extensions: Default::default(),
            };
            let outcome = quietly(|| Generator::new(&super::settings()).generate_tokens(&spec));
            let reason = match outcome {
                Ok(Ok(_)) => continue,
                Ok(Err(e)) => e.to_string(),
                Err(panic) => format!("panic: {panic}"),
            };
            return Some(format!(
                "{} (at #/paths/{}/{method}): {reason}",
                operation
                    .operation_id
                    .as_deref()
                    .unwrap_or("<no operationId>"),
                crate::normalize::walk::escape(path),
            ));
        }
    }
    None
}
