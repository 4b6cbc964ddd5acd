//! Text contrast of the brand colours (WCAG 2.1, success criteria 1.4.3
//! and 1.4.11).
//!
//! The themes put the primary colour behind white text (headers, slide
//! titles) and use it for headings on white, so it must reach 4.5:1 against
//! white. The accent colour marks rules, bullets and borders, which need
//! 3:1. A kit that misses these would print unreadable documents, so the
//! build stops and proposes the nearest shade of the same hue that passes.

/// The least contrast against white for each use.
pub const TEXT: f64 = 4.5;
pub const GRAPHICS: f64 = 3.0;

/// Relative luminance of a `#rrggbb` colour.
fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// The contrast ratio of a colour against white.
pub fn against_white(rgb: [u8; 3]) -> f64 {
    1.05 / (luminance(rgb) + 0.05)
}

/// Parses the `#rrggbb` form that `parse_colour` produces.
pub fn rgb(hex: &str) -> Option<[u8; 3]> {
    let hex = hex.strip_prefix('#')?;
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The lightest darker shade of `rgb` (the same hue, every channel scaled
/// down alike) that reaches `ratio` against white.
pub fn darkened_to(rgb: [u8; 3], ratio: f64) -> String {
    let scaled = |f: f64| rgb.map(|c| (f64::from(c) * f).floor() as u8);
    let mut factor = 1.0;
    while factor > 0.0 && against_white(scaled(factor)) < ratio {
        factor -= 0.01;
    }
    let [r, g, b] = scaled(factor.max(0.0));
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ratios() {
        assert!((against_white([0, 0, 0]) - 21.0).abs() < 1e-9);
        assert!((against_white([255, 255, 255]) - 1.0).abs() < 1e-9);
        // The demo's primary colour.
        assert!((against_white(rgb("#1f4e79").unwrap()) - 8.66).abs() < 0.01);
    }

    #[test]
    fn darkening_reaches_the_ratio_and_keeps_the_hue() {
        let yellow = rgb("#ffcc00").unwrap();
        let darker = darkened_to(yellow, TEXT);
        let darker_rgb = rgb(&darker).unwrap();
        assert!(against_white(darker_rgb) >= TEXT, "{darker}");
        assert_eq!(darker_rgb[2], 0);
        assert!(darker_rgb[0] > darker_rgb[1], "{darker}");
    }
}
