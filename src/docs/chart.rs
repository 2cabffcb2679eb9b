//! Draws the core's chart model (`domain::chart`) onto a PDF page as
//! vector shapes and text, exactly where the model placed them.

use super::page::{Canvas, Weight};
use crate::domain::chart::{Anchor, Chart, LABEL_SIZE_PT, Shape};

/// Millimetres to points, for line thicknesses.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// `chart` with its top-left corner at (`left`, `top`).
pub fn draw_chart(canvas: &mut Canvas<'_>, chart: &Chart, left: f32, top: f32) {
    for shape in &chart.shapes {
        match shape {
            Shape::Bar {
                x,
                y,
                width,
                height,
                colour,
            } => canvas.tint(left + x, top + y, *width, *height, colour.rgb()),
            Shape::Line {
                points,
                width,
                colour,
            } => {
                let moved: Vec<[f32; 2]> =
                    points.iter().map(|[x, y]| [left + x, top + y]).collect();
                canvas.polyline(&moved, width * PT_PER_MM, colour.rgb());
            }
            Shape::Dot {
                x,
                y,
                radius,
                colour,
            } => canvas.disc(left + x, top + y, *radius, colour.rgb()),
            Shape::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
                colour,
            } => canvas.polyline(
                &[[left + x1, top + y1], [left + x2, top + y2]],
                width * PT_PER_MM,
                colour.rgb(),
            ),
            Shape::Label {
                x,
                y,
                text,
                anchor,
                colour,
                bold,
            } => {
                let weight = if *bold { Weight::Bold } else { Weight::Regular };
                let width = canvas.doc().width(text, LABEL_SIZE_PT, weight);
                let start = match anchor {
                    Anchor::Start => *x,
                    Anchor::Middle => x - width / 2.0,
                    Anchor::End => x - width,
                };
                canvas.text(
                    left + start,
                    top + y,
                    LABEL_SIZE_PT,
                    weight,
                    colour.rgb(),
                    text,
                );
            }
        }
    }
}
