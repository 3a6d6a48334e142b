//! `applied_of`: a batch's transport outcome as the `Ipvs` trait gives
//! it, above all a timeout named after the request it left unanswered.

use super::*;
use crate::model::{Dest, Scheduler, Service, ServiceKey};
use std::time::Duration;

fn reqs() -> Vec<Request> {
    let svc = Service::new(ServiceKey::default(), Scheduler::Wlc);
    vec![
        Request::AddService(svc.clone()),
        Request::AddDest(svc.clone(), Dest::default()),
        Request::EditDest(svc.clone(), Dest::default()),
        Request::DelService(svc),
    ]
}

#[test]
fn a_timeout_names_the_first_unanswered_request_and_keeps_the_outcomes() {
    let after = Duration::from_secs(5);
    let b = BatchOutcome {
        answers: vec![Some(0), Some(libc::EEXIST), None, None],
        sent: 3,
        error: Some(NlError::Timeout(after)),
    };
    let applied = applied_of(&reqs(), b);
    assert_eq!(
        applied.outcomes,
        [
            Outcome::Applied,
            Outcome::Refused(libc::EEXIST),
            Outcome::Unknown,
            Outcome::NotSent
        ]
    );
    let e = applied.error.expect("the timeout");
    assert!(
        matches!(e, Error::Timeout { op: KernelOp::EditDest, after: a } if a == after),
        "{e:?}"
    );
    assert!(e.op().is_some_and(KernelOp::is_change));
    assert_eq!(
        e.to_string(),
        "no answer from the kernel to a request to edit a destination within 5 s: \
         whether it was applied is unknown"
    );
}

#[test]
fn other_transport_errors_keep_their_kind() {
    let b = BatchOutcome {
        answers: vec![Some(0), None, None, None],
        sent: 2,
        error: Some(NlError::Errno(libc::ENOBUFS)),
    };
    let applied = applied_of(&reqs(), b);
    assert_eq!(applied.outcomes[1], Outcome::Unknown);
    assert!(
        matches!(applied.error, Some(Error::Io(ref e)) if e.raw_os_error() == Some(libc::ENOBUFS))
    );
}

#[test]
fn a_timeout_of_a_query_names_the_query() {
    let e = kernel(KernelOp::GetServices)(NlError::Timeout(Duration::from_millis(200)));
    assert_eq!(
        e.to_string(),
        "no answer from the kernel to the dump of the services within 0.2 s"
    );
    assert!(e.op().is_some_and(KernelOp::is_query));
    assert!(matches!(
        init_err(NlError::Timeout(Duration::from_secs(5))),
        Error::Timeout {
            op: KernelOp::Init,
            ..
        }
    ));
}
