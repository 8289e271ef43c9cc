use libloading::{Library, Symbol};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The soname would be libsodium.so.23; the plain name is the -dev
    // package's symlink.
    let lib = unsafe { Library::new("libsodium.so")? };
    let init: Symbol<unsafe extern "C" fn() -> i32> = unsafe { lib.get(b"sodium_init")? };
    println!("sodium_init: {}", unsafe { init() });
    Ok(())
}
