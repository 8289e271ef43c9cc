use std::env;
use std::path::Path;
use std::process::Command;
use std::{thread, time::Duration};

/// git, unless the operator points GIT_BIN elsewhere.
fn git_bin() -> String {
    env::var("GIT_BIN").unwrap_or_else(|_| "git".to_string())
}

fn snapshot(repo: &str, dir: &Path) -> bool {
    let name = repo.rsplit('/').next().unwrap_or("repo");
    let dest = dir.join(format!("{name}.bundle"));
    Command::new(git_bin())
        .args(["-C", repo, "bundle", "create"])
        .arg(&dest)
        .arg("--all")
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn report(url: &str, ok: bool) {
    let curl = env::var("CURL_BIN").unwrap_or_else(|_| "curl".into());
    let _ = Command::new(&curl)
        .args(["-fsS", "-X", "POST"])
        .arg(format!("{url}?ok={ok}"))
        .status();
}

fn main() {
    let dir = env::var("SNAPSHOT_DIR").unwrap_or_else(|_| "/var/lib/snapshots".into());
    let repos: Vec<String> = env::args().skip(1).collect();
    loop {
        for repo in &repos {
            let ok = snapshot(repo, Path::new(&dir));
            if let Ok(url) = env::var("REPORT_URL") {
                report(&url, ok);
            }
        }
        thread::sleep(Duration::from_secs(3600));
    }
}
