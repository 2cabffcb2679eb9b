//! One chart model for the window and for paper: the scales, the shapes
//! (bars, lines, dots, rules) and their labels are worked out here, in
//! millimetres on a page-wide canvas, and drawn as they are, as SVG in the
//! window and as vector paths in a PDF. Every chart carries its finding in
//! a sentence and its numbers as a table, for screen readers and for
//! people who would rather read a table. Colours are the government
//! Analysis Function palette. Counts of people under five are never drawn
//! as a bar or a point (`Figure::shown`).

use serde::Serialize;
use ts_rs::TS;

use super::figures::Figure;

/// The width of every chart: the text width of an A4 page.
pub const WIDTH: f32 = 170.0;
/// Labels are set at 9 point.
pub const LABEL_SIZE_PT: f32 = 9.0;
/// A dot's radius, a data line's and a rule's thickness, in millimetres.
const DOT_RADIUS: f32 = 1.6;
const LINE_WIDTH: f32 = 0.6;
const RULE_WIDTH: f32 = 0.18;

/// The Analysis Function palette, in its order, and two greys. Sent to
/// the window as its hex code, so both draw the same colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    DarkBlue,
    Turquoise,
    DarkPink,
    Orange,
    DarkGrey,
    Lilac,
    /// Axes and grid lines.
    Rule,
    /// Labels.
    Ink,
}

impl Colour {
    /// The palette in order, for one series after another.
    pub const SERIES: [Colour; 6] = [
        Colour::DarkBlue,
        Colour::Turquoise,
        Colour::DarkPink,
        Colour::Orange,
        Colour::DarkGrey,
        Colour::Lilac,
    ];

    /// The colours for `count` series: with two, dark blue and orange.
    pub fn for_series(count: usize) -> &'static [Colour] {
        if count == 2 {
            &[Colour::DarkBlue, Colour::Orange]
        } else {
            &Colour::SERIES
        }
    }

    pub fn hex(self) -> &'static str {
        match self {
            Colour::DarkBlue => "#12436D",
            Colour::Turquoise => "#28A197",
            Colour::DarkPink => "#801650",
            Colour::Orange => "#F46A25",
            Colour::DarkGrey => "#3D3D3D",
            Colour::Lilac => "#A285D1",
            Colour::Rule => "#B1B4B6",
            Colour::Ink => "#0B0C0C",
        }
    }

    /// Red, green and blue from 0 to 1, as a PDF wants them.
    pub fn rgb(self) -> (f32, f32, f32) {
        let hex = self.hex();
        let part =
            |i: usize| f32::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
        (part(1), part(3), part(5))
    }
}

impl Serialize for Colour {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.hex())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Something drawn, in millimetres from the chart's top-left corner.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "shape", rename_all = "snake_case")]
#[ts(export)]
pub enum Shape {
    Bar {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        #[ts(type = "string")]
        colour: Colour,
    },
    /// Points joined by straight lines.
    Line {
        points: Vec<[f32; 2]>,
        width: f32,
        #[ts(type = "string")]
        colour: Colour,
    },
    Dot {
        x: f32,
        y: f32,
        radius: f32,
        #[ts(type = "string")]
        colour: Colour,
    },
    /// A thin line: an axis or a grid line.
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        #[ts(type = "string")]
        colour: Colour,
    },
    /// Text whose baseline is at `y`.
    Label {
        x: f32,
        y: f32,
        text: String,
        anchor: Anchor,
        #[ts(type = "string")]
        colour: Colour,
        bold: bool,
    },
}

/// The numbers behind a chart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ChartTable {
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Chart {
    /// The finding, in ten words or fewer.
    pub title: String,
    /// Labels' size in millimetres (`LABEL_SIZE_PT`).
    pub label_size: f32,
    /// The finding with its numbers, in a sentence.
    pub summary: String,
    pub width: f32,
    pub height: f32,
    pub shapes: Vec<Shape>,
    pub table: ChartTable,
}

/// One line of a line chart: a value a step, `None` where there is none
/// to draw (too few people to show).
pub struct Series {
    pub name: String,
    pub values: Vec<Option<u64>>,
}

/// One row of a before-and-after chart.
pub struct BeforeAfter {
    pub label: String,
    pub before: f64,
    pub after: f64,
    pub paired: usize,
}

const ROW: f32 = 7.0;
const BAR: f32 = 4.6;
const LABEL_END: f32 = 60.0;
const PLOT_START: f32 = 63.0;
const PLOT_END: f32 = 150.0;
/// About how many characters of a 9-point label fit before `LABEL_END`.
const LABEL_CHARS: usize = 34;

/// A round top for an axis and a step for its ticks: 1, 2 or 5 times a
/// power of ten, about four steps to the top.
pub fn nice_scale(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let rough = max / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

/// Cut a long label to fit, marking the cut.
fn fit(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_string();
    }
    let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

fn label(x: f32, y: f32, text: impl Into<String>, anchor: Anchor) -> Shape {
    Shape::Label {
        x,
        y,
        text: text.into(),
        anchor,
        colour: Colour::Ink,
        bold: false,
    }
}

impl Chart {
    /// A bar a row, across the page, for categories with long names (a
    /// referrer, an activity). A figure too small to show has its "<5"
    /// written where the bar would start, and no bar.
    pub fn bars(
        title: impl Into<String>,
        summary: impl Into<String>,
        headings: [&str; 2],
        rows: &[(String, Figure)],
        colour: Colour,
    ) -> Chart {
        let max = rows
            .iter()
            .filter(|(_, f)| f.is_shown())
            .map(|(_, f)| f.value)
            .max()
            .unwrap_or(0);
        let (top, _) = nice_scale(max as f64);
        let scale = (PLOT_END - PLOT_START) / top as f32;
        let mut shapes = Vec::new();
        for (i, (name, figure)) in rows.iter().enumerate() {
            let y = 2.0 + i as f32 * ROW;
            let baseline = y + BAR - 1.0;
            shapes.push(label(LABEL_END, baseline, fit(name), Anchor::End));
            let mut end = PLOT_START;
            if figure.is_shown() {
                let width = figure.value as f32 * scale;
                shapes.push(Shape::Bar {
                    x: PLOT_START,
                    y,
                    width,
                    height: BAR,
                    colour,
                });
                end += width;
            }
            shapes.push(label(end + 1.5, baseline, figure.shown(), Anchor::Start));
        }
        let height = 4.0 + rows.len() as f32 * ROW;
        shapes.push(Shape::Rule {
            x1: PLOT_START,
            y1: 0.0,
            x2: PLOT_START,
            y2: height - 1.0,
            width: RULE_WIDTH,
            colour: Colour::Rule,
        });
        Chart {
            label_size: LABEL_SIZE_PT * 25.4 / 72.0,
            title: title.into(),
            summary: summary.into(),
            width: WIDTH,
            height,
            shapes,
            table: ChartTable {
                headings: headings.map(String::from).to_vec(),
                rows: rows
                    .iter()
                    .map(|(name, f)| vec![name.clone(), f.shown()])
                    .collect(),
            },
        }
    }

    /// A line a series over steps (weeks), each labelled at its end,
    /// with a scale on the left and every few steps named below.
    pub fn lines(
        title: impl Into<String>,
        summary: impl Into<String>,
        step_heading: &str,
        steps: &[String],
        series: &[Series],
    ) -> Chart {
        const TOP: f32 = 4.0;
        const BOTTOM: f32 = 52.0;
        const LEFT: f32 = 12.0;
        const RIGHT: f32 = 140.0;
        let max = series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .copied()
            .max()
            .unwrap_or(0);
        let (top, step) = nice_scale(max as f64);
        let y_of = |v: f64| BOTTOM - (v / top) as f32 * (BOTTOM - TOP);
        let x_of = |i: usize| {
            if steps.len() < 2 {
                (LEFT + RIGHT) / 2.0
            } else {
                LEFT + (RIGHT - LEFT) * i as f32 / (steps.len() - 1) as f32
            }
        };
        let mut shapes = Vec::new();
        let mut tick = 0.0;
        while tick <= top + f64::EPSILON {
            let y = y_of(tick);
            shapes.push(Shape::Rule {
                x1: LEFT,
                y1: y,
                x2: RIGHT,
                y2: y,
                width: RULE_WIDTH,
                colour: Colour::Rule,
            });
            shapes.push(label(LEFT - 1.5, y + 1.1, format!("{tick}"), Anchor::End));
            tick += step;
        }
        let every = steps.len().div_ceil(8).max(1);
        for (i, name) in steps.iter().enumerate().step_by(every) {
            shapes.push(label(x_of(i), BOTTOM + 5.0, name.clone(), Anchor::Middle));
        }
        for (s, colour) in series
            .iter()
            .zip(Colour::for_series(series.len()).iter().cycle())
        {
            // A break where a value is not shown.
            let mut run: Vec<[f32; 2]> = Vec::new();
            let mut last = None;
            for (i, value) in s.values.iter().enumerate() {
                match value {
                    Some(v) => {
                        let point = [x_of(i), y_of(*v as f64)];
                        run.push(point);
                        last = Some(point);
                    }
                    None => flush(&mut run, &mut shapes, *colour),
                }
            }
            flush(&mut run, &mut shapes, *colour);
            if let Some([x, y]) = last {
                shapes.push(Shape::Label {
                    x: x + 2.0,
                    y: y + 1.1,
                    text: s.name.clone(),
                    anchor: Anchor::Start,
                    colour: *colour,
                    bold: true,
                });
            }
        }
        let mut headings = vec![step_heading.to_string()];
        headings.extend(series.iter().map(|s| s.name.clone()));
        let rows = steps
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut row = vec![name.clone()];
                row.extend(series.iter().map(|s| match s.values.get(i) {
                    Some(Some(v)) => v.to_string(),
                    _ => "<5".into(),
                }));
                row
            })
            .collect();
        Chart {
            label_size: LABEL_SIZE_PT * 25.4 / 72.0,
            title: title.into(),
            summary: summary.into(),
            width: WIDTH,
            height: BOTTOM + 8.0,
            shapes,
            table: ChartTable { headings, rows },
        }
    }

    /// Each measure's mean before and after as two dots joined by a line,
    /// on its scale from `lowest` to `highest`, with how many were paired.
    pub fn before_after(
        title: impl Into<String>,
        summary: impl Into<String>,
        rows: &[BeforeAfter],
        (lowest, highest): (u8, u8),
    ) -> Chart {
        let span = f32::from(highest.saturating_sub(lowest).max(1));
        let x_of =
            |v: f64| PLOT_START + ((v as f32 - f32::from(lowest)) / span) * (PLOT_END - PLOT_START);
        let mut shapes = Vec::new();
        let step = if span > 12.0 {
            7
        } else if span > 6.0 {
            2
        } else {
            1
        };
        for tick in (lowest..=highest).step_by(step) {
            let x = x_of(f64::from(tick));
            shapes.push(label(x, 4.0, tick.to_string(), Anchor::Middle));
        }
        let axis_y = 6.0;
        shapes.push(Shape::Rule {
            x1: PLOT_START,
            y1: axis_y,
            x2: PLOT_END,
            y2: axis_y,
            width: RULE_WIDTH,
            colour: Colour::Rule,
        });
        for (i, row) in rows.iter().enumerate() {
            let y = axis_y + 6.0 + i as f32 * 8.0;
            let (before, after) = (x_of(row.before), x_of(row.after));
            shapes.push(label(LABEL_END, y + 1.1, fit(&row.label), Anchor::End));
            shapes.push(Shape::Line {
                points: vec![[before, y], [after, y]],
                colour: Colour::Rule,
                width: LINE_WIDTH,
            });
            shapes.push(Shape::Dot {
                x: before,
                y,
                colour: Colour::DarkBlue,
                radius: DOT_RADIUS,
            });
            shapes.push(Shape::Dot {
                x: after,
                y,
                colour: Colour::Orange,
                radius: DOT_RADIUS,
            });
            shapes.push(label(
                PLOT_END + 3.0,
                y + 1.1,
                format!("{} paired", row.paired),
                Anchor::Start,
            ));
            if i == 0 {
                // Labelled directly, not with a legend.
                let (left, right) = if before <= after {
                    ("Before", "After")
                } else {
                    ("After", "Before")
                };
                let colour_of = |word: &str| {
                    if word == "Before" {
                        Colour::DarkBlue
                    } else {
                        Colour::Orange
                    }
                };
                for (x, word, anchor) in [
                    (before.min(after) - 2.0, left, Anchor::End),
                    (before.max(after) + 2.0, right, Anchor::Start),
                ] {
                    shapes.push(Shape::Label {
                        x,
                        y: y + 1.1,
                        text: word.into(),
                        anchor,
                        colour: colour_of(word),
                        bold: true,
                    });
                }
            }
        }
        Chart {
            label_size: LABEL_SIZE_PT * 25.4 / 72.0,
            title: title.into(),
            summary: summary.into(),
            width: WIDTH,
            height: axis_y + 4.0 + rows.len() as f32 * 8.0,
            shapes,
            table: ChartTable {
                headings: ["Measure", "People paired", "Before (mean)", "After (mean)"]
                    .map(String::from)
                    .to_vec(),
                rows: rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.label.clone(),
                            r.paired.to_string(),
                            format!("{:.1}", r.before),
                            format!("{:.1}", r.after),
                        ]
                    })
                    .collect(),
            },
        }
    }
}

/// Ends a run of a line chart's points: a line if it has two or more, a
/// dot if one.
fn flush(run: &mut Vec<[f32; 2]>, shapes: &mut Vec<Shape>, colour: Colour) {
    match run.len() {
        0 => {}
        1 => shapes.push(Shape::Dot {
            x: run[0][0],
            y: run[0][1],
            colour,
            radius: DOT_RADIUS,
        }),
        _ => shapes.push(Shape::Line {
            points: std::mem::take(run),
            colour,
            width: LINE_WIDTH,
        }),
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_end_on_a_round_number() {
        assert_eq!(nice_scale(0.0), (1.0, 1.0));
        assert_eq!(nice_scale(7.0), (8.0, 2.0));
        assert_eq!(nice_scale(43.0), (60.0, 20.0));
        assert_eq!(nice_scale(1_204.0), (1_500.0, 500.0));
    }

    #[test]
    fn a_count_too_small_to_show_has_no_bar() {
        let rows = vec![
            ("Dr Siân Evans".to_string(), Figure::people("r", "a", 12)),
            ("Bryn Surgery".to_string(), Figure::people("r", "b", 3)),
        ];
        let chart = Chart::bars("t", "s", ["Referrer", "Referrals"], &rows, Colour::DarkBlue);
        let bars: Vec<f32> = chart
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Bar { width, .. } => Some(*width),
                _ => None,
            })
            .collect();
        assert_eq!(bars.len(), 1, "only the 12 is drawn");
        assert!(
            chart
                .shapes
                .iter()
                .any(|s| matches!(s, Shape::Label { text, .. } if text == "<5"))
        );
        assert_eq!(chart.table.rows[1], vec!["Bryn Surgery", "<5"]);
    }

    #[test]
    fn a_line_breaks_where_a_value_is_not_shown() {
        let steps: Vec<String> = (1..=4).map(|w| format!("w{w}")).collect();
        let series = [Series {
            name: "New".into(),
            values: vec![Some(6), Some(8), None, Some(9)],
        }];
        let chart = Chart::lines("t", "s", "Week", &steps, &series);
        let lines = chart
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Line { .. }))
            .count();
        let dots = chart
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Dot { .. }))
            .count();
        assert_eq!((lines, dots), (1, 1));
        assert_eq!(chart.table.rows[2], vec!["w3", "<5"]);
        assert_eq!(
            Colour::Orange.rgb(),
            (244.0 / 255.0, 106.0 / 255.0, 37.0 / 255.0)
        );
    }
}
