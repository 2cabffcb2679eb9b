//! What `scripts/package.sh` checks before it builds anything: a package
//! says the same version as the app and `tend --version`, or none is made.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn config() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("src-tauri/tauri.conf.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A copy of the three files the check reads, with the config's version
/// set to `version`; runs `package.sh --check` there.
fn check_with_config_version(version: &str) -> (bool, String) {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    std::fs::create_dir_all(root.join("scripts")).unwrap();
    std::fs::create_dir_all(root.join("src-tauri")).unwrap();
    std::fs::copy(
        repo().join("scripts/package.sh"),
        root.join("scripts/package.sh"),
    )
    .unwrap();
    std::fs::copy(repo().join("Cargo.toml"), root.join("Cargo.toml")).unwrap();
    let mut config = config();
    config["version"] = version.into();
    std::fs::write(
        root.join("src-tauri/tauri.conf.json"),
        serde_json::to_string_pretty(&config).unwrap(),
    )
    .unwrap();
    let out = Command::new("bash")
        .arg(root.join("scripts/package.sh"))
        .arg("--check")
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), said)
}

#[test]
fn the_package_and_the_programs_say_one_version() {
    assert_eq!(config()["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn packaging_goes_ahead_when_the_versions_agree() {
    let (ok, said) = check_with_config_version(env!("CARGO_PKG_VERSION"));
    assert!(ok, "{said}");
    assert!(
        said.contains(&format!("Packaging Tend {}", env!("CARGO_PKG_VERSION"))),
        "{said}"
    );
}

#[test]
fn packaging_refuses_two_versions_and_names_both() {
    let (ok, said) = check_with_config_version("9.9.9");
    assert!(!ok, "{said}");
    assert!(
        said.contains("src-tauri/tauri.conf.json says 9.9.9"),
        "{said}"
    );
    assert!(
        said.contains(&format!("workspace says {}", env!("CARGO_PKG_VERSION"))),
        "{said}"
    );
    assert!(!said.contains("Packaging Tend"), "{said}");
}

/// Desktops pick the icon nearest the size they draw; a mislabelled file
/// would be drawn blurred or cut.
#[test]
fn every_icon_size_is_listed_and_is_the_size_it_says() {
    let config = config();
    let icons: Vec<&str> = config["bundle"]["icon"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|icon| icon.as_str())
        .collect();
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        let icon = format!("../icons/{size}x{size}.png");
        assert!(icons.contains(&icon.as_str()), "no {icon}");
        let png = repo().join("src-tauri").join(&icon);
        let bytes = std::fs::read(&png).unwrap();
        // A PNG's IHDR holds the width and height at bytes 16..24.
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (size, size), "{icon}");
    }
}
