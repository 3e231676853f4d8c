//! Embeds the Fluent files of `../i18n/<locale>/*.ftl` into the binary, so a deployed `agora`
//! needs no files beside it to speak every shipped language.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR")?;
    let i18n = Path::new(&manifest_dir).join("../i18n").canonicalize()?;
    println!("cargo:rerun-if-changed={}", i18n.display());

    let mut files = Vec::new();
    for locale_dir in fs::read_dir(&i18n)? {
        let locale_dir = locale_dir?.path();
        if !locale_dir.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", locale_dir.display());
        for file in fs::read_dir(&locale_dir)? {
            let file = file?.path();
            if file.extension().is_some_and(|ext| ext == "ftl") {
                println!("cargo:rerun-if-changed={}", file.display());
                files.push(file);
            }
        }
    }
    files.sort();

    let mut generated = String::from("&[\n");
    for file in files {
        let locale = file
            .parent()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .ok_or("locale folder name is not UTF-8")?;
        let name = file.file_name().and_then(|name| name.to_str()).ok_or("file name is not UTF-8")?;
        writeln!(generated, "    ({locale:?}, {name:?}, include_str!({path:?})),", path = file.display().to_string())?;
    }
    generated.push(']');
    fs::write(Path::new(&env::var("OUT_DIR")?).join("fluent_files.rs"), generated)?;
    Ok(())
}
