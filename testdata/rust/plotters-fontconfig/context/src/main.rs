// Draws the week's latency chart with plotters, titles and axes in the
// system's sans-serif font.
use plotters::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::new("/tmp/latency.png", (640, 480)).into_drawing_area();
    root.fill(&WHITE)?;
    ChartBuilder::on(&root).caption("p99 latency", ("sans-serif", 24)).build_cartesian_2d(0..7, 0..100)?;
    Ok(())
}
