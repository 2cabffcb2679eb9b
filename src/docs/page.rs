//! A small drawing layer over printpdf: positions in millimetres from the top
//! left of an A4 page (portrait or landscape), text measured with the
//! embedded font's own advances.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, Rect, Rgb, TextItem, TextMatrix,
    XObjectId, XObjectTransform,
};

use crate::{Error, Result};

const A4_SHORT: f32 = 210.0;
const A4_LONG: f32 = 297.0;

static REGULAR: OnceLock<Option<ParsedFont>> = OnceLock::new();
static BOLD: OnceLock<Option<ParsedFont>> = OnceLock::new();

fn parsed(
    cell: &'static OnceLock<Option<ParsedFont>>,
    bytes: &'static [u8],
) -> Result<&'static ParsedFont> {
    cell.get_or_init(|| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| Error::Document("the embedded font could not be read".into()))
}

/// A character's advance in the font's units.
fn advance(font: &ParsedFont, c: char) -> u32 {
    let glyph = font.lookup_glyph_index(c as u32).unwrap_or(0);
    u32::from(font.get_horizontal_advance(glyph))
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

pub const BLACK: (f32, f32, f32) = (0.1, 0.1, 0.1);
pub const GREY: (f32, f32, f32) = (0.4, 0.4, 0.4);

/// A document being built: its fonts and finished pages.
pub struct Doc {
    pdf: PdfDocument,
    regular: (&'static ParsedFont, FontId),
    bold: (&'static ParsedFont, FontId),
    pages: Vec<Vec<Op>>,
    /// Each font's advance for the first 128 characters, looked up once.
    ascii: [[u16; 128]; 2],
    /// Page size in millimetres.
    pub width: f32,
    pub height: f32,
}

impl Doc {
    /// An A4 portrait document.
    pub fn new(title: &str) -> Result<Self> {
        Self::sized(title, A4_SHORT, A4_LONG)
    }

    /// An A4 landscape document.
    pub fn landscape(title: &str) -> Result<Self> {
        Self::sized(title, A4_LONG, A4_SHORT)
    }

    fn sized(title: &str, width: f32, height: f32) -> Result<Self> {
        let mut pdf = PdfDocument::new(title);
        let regular = parsed(&REGULAR, include_bytes!("fonts/NotoSans-Regular.ttf"))?;
        let bold = parsed(&BOLD, include_bytes!("fonts/NotoSans-Bold.ttf"))?;
        let regular_id = pdf.add_font(regular);
        let bold_id = pdf.add_font(bold);
        let ascii = |font: &ParsedFont| {
            std::array::from_fn(|c| u16::try_from(advance(font, c as u8 as char)).unwrap_or(0))
        };
        Ok(Doc {
            pdf,
            regular: (regular, regular_id),
            bold: (bold, bold_id),
            ascii: [ascii(regular), ascii(bold)],
            pages: Vec::new(),
            width,
            height,
        })
    }

    fn font(&self, weight: Weight) -> &(&'static ParsedFont, FontId) {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Width of `text` in millimetres at `size` points.
    pub fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        self.millimetres(self.units(text, weight), size, weight)
    }

    /// Width of `text` in the font's units (advances add up: no kerning).
    fn units(&self, text: &str, weight: Weight) -> u32 {
        let (font, ascii) = match weight {
            Weight::Regular => (self.regular.0, &self.ascii[0]),
            Weight::Bold => (self.bold.0, &self.ascii[1]),
        };
        text.chars()
            .map(|c| match ascii.get(c as usize) {
                Some(advance) => u32::from(*advance),
                None => advance(font, c),
            })
            .sum()
    }

    fn millimetres(&self, units: u32, size: f32, weight: Weight) -> f32 {
        let font = self.font(weight).0;
        let per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        units as f32 / per_em * size * 25.4 / 72.0
    }

    /// `text` cut to fit `max` millimetres, ending in "…" when cut.
    pub fn fit(&self, text: &str, size: f32, weight: Weight, max: f32) -> String {
        if self.width(text, size, weight) <= max {
            return text.to_string();
        }
        let mut cut: String = text.to_string();
        while !cut.is_empty() && self.width(&format!("{cut}…"), size, weight) > max {
            cut.pop();
        }
        format!("{}…", cut.trim_end())
    }

    /// `text` broken into lines no wider than `max` millimetres, at spaces
    /// where it can be and inside a word only when the word alone is wider.
    /// Each line break in `text` is kept.
    pub fn wrap(&self, text: &str, size: f32, weight: Weight, max: f32) -> Vec<String> {
        let fits = |units: u32| self.millimetres(units, size, weight) <= max;
        let space = self.units(" ", weight);
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            let mut width = 0;
            for word in paragraph.split_whitespace() {
                let word_width = self.units(word, weight);
                let candidate = if line.is_empty() {
                    word_width
                } else {
                    width + space + word_width
                };
                if fits(candidate) {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    width = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                width = 0;
                for c in word.chars() {
                    let c_width = self.units(c.encode_utf8(&mut [0; 4]), weight);
                    if !line.is_empty() && !fits(width + c_width) {
                        lines.push(std::mem::take(&mut line));
                        width = 0;
                    }
                    line.push(c);
                    width += c_width;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Adds an image to the document once, for drawing on any page.
    pub fn add_image(&mut self, bytes: &[u8]) -> Result<Image> {
        let image = RawImage::decode_from_bytes(bytes, &mut Vec::new())
            .map_err(|e| Error::Document(format!("the logo could not be read: {e}")))?;
        let pixels = (
            (image.width as f32).max(1.0),
            (image.height as f32).max(1.0),
        );
        Ok(Image {
            id: self.pdf.add_image(&image),
            pixels,
        })
    }

    pub fn start_page(&mut self) -> Canvas<'_> {
        self.pages.push(Vec::new());
        let index = self.pages.len() - 1;
        Canvas { doc: self, index }
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Adds to an already started page (e.g. "Page 2 of 3" once the total is known).
    pub fn page(&mut self, index: usize) -> Canvas<'_> {
        Canvas { doc: self, index }
    }

    pub fn finish(mut self, created: DateTime<Utc>) -> Vec<u8> {
        if let Ok(stamp) = printpdf::DateTime::from_unix_timestamp(created.timestamp()) {
            let info = &mut self.pdf.metadata.info;
            info.creation_date = stamp;
            info.modification_date = stamp;
            info.metadata_date = stamp;
        }
        self.pdf.metadata.info.creator = "Tend".into();
        self.pdf.metadata.info.producer = "Tend".into();
        let pages = std::mem::take(&mut self.pages)
            .into_iter()
            .map(|ops| PdfPage::new(Mm(self.width), Mm(self.height), ops))
            .collect();
        let options = PdfSaveOptions {
            subset_fonts: true,
            // Streams are compressed below, at zlib's fast level.
            optimize: false,
            ..Default::default()
        };
        let mut document = self
            .pdf
            .with_pages(pages)
            .to_lopdf_document(&options, &mut Vec::new());
        let mut streams: Vec<&mut lopdf::Stream> = document
            .objects
            .values_mut()
            .filter_map(|object| match object {
                lopdf::Object::Stream(stream) => Some(stream),
                _ => None,
            })
            .collect();
        // A long document's pages are compressed on two cores at once.
        if streams.len() >= 64 {
            let half = streams.len() / 2;
            let (first, second) = streams.split_at_mut(half);
            std::thread::scope(|scope| {
                scope.spawn(|| first.iter_mut().for_each(|s| compress(s)));
                second.iter_mut().for_each(|s| compress(s));
            });
        } else {
            streams.iter_mut().for_each(|s| compress(s));
        }
        let mut bytes = Vec::new();
        // Writing into memory cannot fail.
        let _ = document.save_to(&mut bytes);
        bytes
    }
}

/// Compresses a stream that is not compressed yet, when that makes it smaller.
fn compress(stream: &mut lopdf::Stream) {
    use std::io::Write;
    if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
        return;
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    if encoder.write_all(&stream.content).is_err() {
        return;
    }
    if let Ok(compressed) = encoder.finish()
        && compressed.len() < stream.content.len()
    {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

/// An image added to a document.
#[derive(Clone)]
pub struct Image {
    id: XObjectId,
    /// Width and height in pixels.
    pixels: (f32, f32),
}

/// Whether `bytes` are an image a document can show (PNG or JPEG).
pub fn is_image(bytes: &[u8]) -> bool {
    RawImage::decode_from_bytes(bytes, &mut Vec::new()).is_ok()
}

/// Draws onto one page. `y` is measured down from the top edge.
pub struct Canvas<'a> {
    doc: &'a mut Doc,
    index: usize,
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

impl Canvas<'_> {
    pub fn doc(&self) -> &Doc {
        self.doc
    }

    fn point(&self, x: f32, y_from_top: f32) -> Point {
        Point::new(Mm(x), Mm(self.doc.height - y_from_top))
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.doc.pages[self.index]
    }

    /// Text whose baseline sits at `y`.
    pub fn text(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        colour: (f32, f32, f32),
        text: &str,
    ) {
        let font = self.doc.font(weight).1.clone();
        let pos = self.point(x, y);
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(colour) },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextCursor { pos },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// The running footer: what the document is on the left (cut to fit),
    /// "Page X of Y" on the right.
    pub fn footer(
        &mut self,
        (left, right, y): (f32, f32, f32),
        about: &str,
        number: usize,
        pages: usize,
    ) {
        let counter = format!("Page {number} of {pages}");
        let room = right - left - self.doc.width(&counter, 8.0, Weight::Regular) - 10.0;
        let about = self.doc.fit(about, 8.0, Weight::Regular, room);
        self.text(left, y, 8.0, Weight::Regular, GREY, &about);
        self.text_right(right, y, 8.0, Weight::Regular, GREY, &counter);
    }

    /// Text ending at `right`.
    pub fn text_right(
        &mut self,
        right: f32,
        y: f32,
        size: f32,
        weight: Weight,
        colour: (f32, f32, f32),
        text: &str,
    ) {
        let x = right - self.doc.width(text, size, weight);
        self.text(x, y, size, weight, colour, text);
    }

    /// Many short texts in one font, size and colour as one text object:
    /// each line is a baseline `y` and its `(x, text)` pieces, left to right,
    /// shown as one run. A table page costs a few PDF operations per row,
    /// not several per cell.
    pub fn text_block(
        &mut self,
        size: f32,
        weight: Weight,
        colour: (f32, f32, f32),
        lines: &[(f32, Vec<(f32, &str)>)],
    ) {
        let font = self.doc.font(weight).1.clone();
        let mut widths = HashMap::new();
        let mut ops = Vec::with_capacity(lines.len() * 2 + 4);
        ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(colour) },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
        ]);
        for (y, items) in lines {
            let Some((first_x, _)) = items.first() else {
                continue;
            };
            let at = self.point(*first_x, *y);
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(at.x, at.y),
            });
            ops.push(Op::ShowText {
                items: self.run(items, size, weight, &mut widths),
            });
        }
        ops.push(Op::EndTextSection);
        self.ops().extend(ops);
    }

    /// Pieces of text at their own x positions as one TJ run: the gaps are
    /// kerning offsets, in thousandths of the font size, moving right.
    /// `widths` remembers each piece's width across the block (a register
    /// repeats "P" and "A" thousands of times).
    fn run<'t>(
        &self,
        items: &[(f32, &'t str)],
        size: f32,
        weight: Weight,
        widths: &mut HashMap<&'t str, f32>,
    ) -> Vec<TextItem> {
        let mut run = Vec::with_capacity(items.len() * 2);
        let mut pen = items.first().map_or(0.0, |(x, _)| *x);
        for (x, text) in items {
            if !run.is_empty() {
                let gap_pt = (x - pen) * 72.0 / 25.4;
                run.push(TextItem::Offset(-gap_pt / size * 1000.0));
            }
            run.push(TextItem::Text((*text).to_string()));
            let width = *widths
                .entry(text)
                .or_insert_with(|| self.doc.width(text, size, weight));
            pen = x + width;
        }
        run
    }

    /// `image` as large as fits a `width` × `height` box whose top-left is (`x`, `y`).
    pub fn image(&mut self, image: &Image, x: f32, y: f32, width: f32, height: f32) {
        let (px_w, px_h) = image.pixels;
        let aspect = px_w / px_h;
        let (w, h) = if width / height > aspect {
            (height * aspect, height)
        } else {
            (width, width / aspect)
        };
        let at = self.point(x, y + h);
        // At 72 dpi one pixel is one point; scale that to the size wanted.
        self.ops().push(Op::UseXobject {
            id: image.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(at.x),
                translate_y: Some(at.y),
                scale_x: Some(Pt::from(Mm(w)).0 / px_w),
                scale_y: Some(Pt::from(Mm(h)).0 / px_h),
                dpi: Some(72.0),
                rotate: None,
                no_auto_scale: false,
            },
        });
    }

    /// Ruled lines of a table: across at each of `ys` from `left` to
    /// `right`, and down at each of `xs` from `top` to `bottom`.
    pub fn rules(
        &mut self,
        (left, right): (f32, f32),
        (top, bottom): (f32, f32),
        xs: &[f32],
        ys: &[f32],
        thickness: f32,
    ) {
        self.ops().extend([
            Op::SetOutlineColor { col: rgb(BLACK) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
        ]);
        let across = ys.iter().map(|y| ((left, *y), (right, *y)));
        let down = xs.iter().map(|x| ((*x, top), (*x, bottom)));
        let lines: Vec<Op> = across
            .chain(down)
            .map(|((x1, y1), (x2, y2))| Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: self.point(x1, y1),
                            bezier: false,
                        },
                        LinePoint {
                            p: self.point(x2, y2),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            })
            .collect();
        self.ops().extend(lines);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32) {
        self.polyline(&[[x1, y1], [x2, y2]], thickness, BLACK);
    }

    /// Points joined by straight lines in `colour`.
    pub fn polyline(&mut self, points: &[[f32; 2]], thickness: f32, colour: (f32, f32, f32)) {
        let points = points
            .iter()
            .map(|[x, y]| LinePoint {
                p: self.point(*x, *y),
                bezier: false,
            })
            .collect();
        self.ops().extend([
            Op::SetOutlineColor { col: rgb(colour) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points,
                    is_closed: false,
                },
            },
        ]);
    }

    /// A filled round dot centred on (`x`, `y`): a sixteen-sided polygon,
    /// round to the eye at the sizes a chart uses.
    pub fn disc(&mut self, x: f32, y: f32, radius: f32, colour: (f32, f32, f32)) {
        let points = (0..16)
            .map(|i| {
                let angle = i as f32 * std::f32::consts::TAU / 16.0;
                LinePoint {
                    p: self.point(x + radius * angle.cos(), y + radius * angle.sin()),
                    bezier: false,
                }
            })
            .collect();
        self.ops().extend([
            Op::SetFillColor { col: rgb(colour) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing { points }],
                    mode: printpdf::PaintMode::Fill,
                    winding_order: printpdf::WindingOrder::NonZero,
                },
            },
        ]);
    }

    /// An outlined box with its top-left corner at (`x`, `y`).
    pub fn boxed(&mut self, x: f32, y: f32, width: f32, height: f32, thickness: f32) {
        let stroke = [
            Op::SetOutlineColor { col: rgb(BLACK) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
        ];
        self.ops().extend(stroke);
        self.rect(x, y, width, height, printpdf::PaintMode::Stroke);
    }

    /// A light filled band, for table headers.
    pub fn shade(&mut self, x: f32, y: f32, width: f32, height: f32) {
        self.tint(x, y, width, height, (0.9, 0.92, 0.9));
    }

    /// A filled box in `colour`, drawn under what comes after it.
    pub fn tint(&mut self, x: f32, y: f32, width: f32, height: f32, colour: (f32, f32, f32)) {
        self.ops().push(Op::SetFillColor { col: rgb(colour) });
        self.rect(x, y, width, height, printpdf::PaintMode::Fill);
    }

    fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, mode: printpdf::PaintMode) {
        let bottom_left = self.point(x, y + height);
        self.ops().push(Op::DrawRectangle {
            rectangle: Rect {
                x: bottom_left.x,
                y: bottom_left.y,
                width: Mm(width).into(),
                height: Mm(height).into(),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }
}
