use magick_rust::MagickWand;

fn main() {
    magick_rust::magick_wand_genesis();
    let wand = MagickWand::new();
    let _ = libxml::parser::Parser::default();
    println!("{}", wand.get_image_width());
}
