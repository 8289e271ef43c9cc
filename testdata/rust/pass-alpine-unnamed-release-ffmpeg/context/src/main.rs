fn main() {
    ffmpeg_next::init().expect("ffmpeg");
}
