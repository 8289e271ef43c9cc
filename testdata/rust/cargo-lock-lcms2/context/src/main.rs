// Converts uploaded photos from their embedded ICC profile to sRGB.
fn main() {}
