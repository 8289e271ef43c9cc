mod tools;

fn main() -> std::io::Result<()> {
    for path in std::env::args().skip(1) {
        let out = format!("{}.thumb.png", path);
        tools::run("convert", &[&path, "-thumbnail", "200x200", &out])?;
    }
    Ok(())
}
