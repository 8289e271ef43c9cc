use std::env;
use std::process::Command;
use std::thread;
use std::time::Duration;

/// Whether the mirror answers git within the probe's time.
fn git_alive(url: &str) -> bool {
    Command::new("timeout")
        .args(["10s", "git", "ls-remote", "--heads"])
        .arg(url)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Whether the mirror's host takes a key-only ssh login.
fn ssh_alive(host: &str, secs: u64) -> bool {
    let mut probe = Command::new("timeout");
    probe
        .arg(secs.to_string())
        .arg("ssh")
        .args(["-o", "BatchMode=yes", "-o", "ConnectTimeout=5"])
        .arg(host)
        .arg("true");
    probe.status().map(|s| s.success()).unwrap_or(false)
}

fn main() {
    let secs: u64 = env::var("PROBE_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let mirrors: Vec<String> = env::args().skip(1).collect();
    loop {
        for m in &mirrors {
            let host = m.split(':').next().unwrap_or(m);
            println!("{m}: git={} ssh={}", git_alive(m), ssh_alive(host, secs));
        }
        thread::sleep(Duration::from_secs(60));
    }
}
