//! Converge when the kernel says no: refusals, a failed transport, a
//! signal, another program editing the table.

use super::*;

#[test]
fn a_refused_new_service_deletes_nothing() {
    let mut k = live_table();
    let before = saved(&mut k);
    let file = "-A -t 10.0.0.2:80 -s nosuchsched\n-a -t 10.0.0.2:80 -r 192.168.0.5:80 -m\n";
    // The simulation cannot know the scheduler is missing; the kernel can.
    let refuse = |r: &Request| match r {
        Request::AddService(s) if s.scheduler.as_str() == "nosuchsched" => Some(libc::ENOENT),
        _ => None,
    };
    let (code, err) = scripted(&mut k, &refuse, None, None, file, &never);
    assert_eq!(code, 255);
    assert_eq!(saved(&mut k), before, "the old service and its dest stay");
    assert_eq!(
        err,
        "line 1: ipvsadm -A -t 10.0.0.2:80 -s nosuchsched: Scheduler or persistence engine not found\n\
         line 2: ipvsadm -a -t 10.0.0.2:80 -r 192.168.0.5:80 -m -w 1: not sent: its service was not added\n\
         ipvsadm -D -t 10.0.0.1:80: not sent: kept, because a change failed\n\
         ipvsadm: nothing deleted: 2 change(s) failed, so the 1 deletion(s) above were not sent and what they would remove stays in place\n"
    );
    assert!(
        !k.log
            .iter()
            .any(|r| matches!(r, Request::AddDest(..) | Request::DelService(_))),
        "no request whose parent failed, no deletion: {:?}",
        k.log
    );
}

#[test]
fn a_refused_new_destination_keeps_the_old_one() {
    let mut k = live_table();
    let before = saved(&mut k);
    let file = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.5:80 -m -x 5 -y 1\n";
    let refuse = |r: &Request| matches!(r, Request::AddDest(..)).then_some(libc::EINVAL);
    let (code, err) = scripted(&mut k, &refuse, None, None, file, &never);
    assert_eq!(code, 255, "{err}");
    assert_eq!(saved(&mut k), before, "the service keeps its old dest");
    assert!(
        err.starts_with("line 2: ipvsadm -a -t 10.0.0.1:80 -r 192.168.0.5:80"),
        "{err}"
    );
    assert!(
        err.contains("-d -t 10.0.0.1:80 -r 192.168.0.9:80: not sent: kept"),
        "{err}"
    );
}

#[test]
fn a_refused_edit_keeps_the_swapped_destination() {
    let mut k = live_table();
    let before = saved(&mut k);
    let file = "-A -t 10.0.0.1:80 -s nosuchsched\n-a -t 10.0.0.1:80 -r 192.168.0.5:80 -m\n";
    let refuse = |r: &Request| matches!(r, Request::EditService(_)).then_some(libc::ENOENT);
    let (code, err) = scripted(&mut k, &refuse, None, None, file, &never);
    assert_eq!(code, 255, "{err}");
    // The new dest went in (its service exists), the old one stays.
    let now = saved(&mut k);
    assert!(
        now.contains("192.168.0.9:80") && now.contains("192.168.0.5:80"),
        "{now}"
    );
    assert!(before.contains("192.168.0.9:80"));
    assert!(
        err.starts_with("line 1: ipvsadm -E -t 10.0.0.1:80 -s nosuchsched: "),
        "{err}"
    );
}

#[test]
fn a_transport_error_keeps_the_answers_and_settles_the_rest_by_reading() {
    let mut k = live_table();
    let file = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.9:80 -m -w 1\n\
                -A -t 10.0.0.2:80 -s rr\n-A -t 10.0.0.3:80 -s rr\n-A -t 10.0.0.4:80 -s rr\n";
    // Phase 1 adds three services: one answered, one applied without an
    // answer, one never sent.
    let (code, err) = scripted(&mut k, &|_| None, Some((1, 1)), None, file, &never);
    assert_eq!(code, 255, "{err}");
    assert_eq!(
        err,
        "line 4: ipvsadm -A -t 10.0.0.3:80 -s rr: unanswered (transport failed); re-reading the table shows it was applied\n\
         line 5: ipvsadm -A -t 10.0.0.4:80 -s rr: not sent: the transport failed\n\
         ipvsadm: the batch ended early: No buffer space available (os error 105)\n"
    );
    let now = saved(&mut k);
    assert!(
        now.contains("10.0.0.2:80") && now.contains("10.0.0.3:80"),
        "{now}"
    );
    assert!(!now.contains("10.0.0.4:80"), "{now}");
}

#[test]
fn a_signal_stops_before_the_next_phase_and_says_so() {
    let mut k = live_table();
    let file = "-A -t 10.0.0.2:80 -s rr\n-a -t 10.0.0.2:80 -r 192.168.0.5:80 -m\n";
    let asked = std::cell::Cell::new(0);
    // Asked before each phase: the signal comes after the first.
    let stop = || {
        asked.set(asked.get() + 1);
        (asked.get() > 1).then_some(libc::SIGTERM)
    };
    let (code, err) = scripted(&mut k, &|_| None, None, None, file, &stop);
    assert_eq!(code, 143, "{err}");
    let now = saved(&mut k);
    assert!(
        now.contains("10.0.0.1:80") && now.contains("10.0.0.2:80"),
        "{now}"
    );
    assert!(
        err.contains("ipvsadm: interrupted by signal 15: 1 of 3 change(s) applied"),
        "{err}"
    );
}

#[test]
fn a_table_changed_by_another_program_is_reported_after() {
    let mut k = live_table();
    let file = "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.9:80 -m -w 1\n-A -t 10.0.0.2:80 -s rr\n";
    let (code, err) = scripted(
        &mut k,
        &|_| None,
        None,
        Some("-A -t 10.0.0.7:80 -s rr"),
        file,
        &never,
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("still differs from the rules"), "{err}");
    assert!(err.contains("ipvsadm -D -t 10.0.0.7:80"), "{err}");
}
