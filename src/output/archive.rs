//! The whole kit as one ZIP file, for HR to send or archive.
//!
//! Written here rather than with a ZIP crate because the format needed is
//! small (deflated or stored entries, UTF-8 names, no ZIP64) and must be
//! reproducible: entries in a fixed order, one fixed timestamp, fixed
//! permissions, and flate2 at a fixed level, so the same kit gives the same
//! bytes. Text is deflated; PDFs, images and fonts are stored as they are,
//! since they are compressed already and deflating them again costs time
//! for nothing.

use std::io::Write;

use time::Date;

use super::OutputFile;
use crate::diagnostics::{Error, Result};

/// Packs `files` (paths relative to the output folder) into a ZIP file,
/// each entry stamped with `date`.
pub fn zip(files: &[&OutputFile], date: Date) -> Result<Vec<u8>> {
    let mut entries: Vec<&&OutputFile> = files.iter().collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let (time, day) = dos_time(date);
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for file in &entries {
        let name = file.path.to_string_lossy().replace('\\', "/");
        let text =
            file.path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                ["html", "css", "js", "md", "ics", "svg", "txt", "json"].contains(&e)
            });
        let packed = if text { deflate(&file.bytes)? } else { file.bytes.clone() };
        let too_big = |n: usize| {
            u32::try_from(n)
                .map_err(|_| Error::msg(format!("`{name}` is too large for the kit's ZIP file")))
        };
        let (size, packed_size, offset) =
            (too_big(file.bytes.len())?, too_big(packed.len())?, too_big(out.len())?);
        let crc = crc32fast::hash(&file.bytes);
        let name_len = u16::try_from(name.len())
            .map_err(|_| Error::msg(format!("`{name}`: name too long")))?;
        // The fields both headers share, from "version needed" to the name's length.
        let mut common = Vec::new();
        put16(&mut common, 20); // version needed: 2.0, deflate
        put16(&mut common, 1 << 11); // the name is UTF-8
        put16(&mut common, if text { 8 } else { 0 }); // deflated, or stored
        put16(&mut common, time);
        put16(&mut common, day);
        put32(&mut common, crc);
        put32(&mut common, packed_size);
        put32(&mut common, size);
        put16(&mut common, name_len);
        put16(&mut common, 0); // no extra field

        put32(&mut out, 0x0403_4b50);
        out.extend(&common);
        out.extend(name.as_bytes());
        out.extend(&packed);

        put32(&mut directory, 0x0201_4b50);
        put16(&mut directory, (3 << 8) | 20); // made by: Unix, 2.0
        directory.extend(&common);
        put16(&mut directory, 0); // no comment
        put16(&mut directory, 0); // disk 0
        put16(&mut directory, 0); // internal attributes
        put32(&mut directory, 0o100_644 << 16); // a regular file, rw-r--r--
        put32(&mut directory, offset);
        directory.extend(name.as_bytes());
    }
    let count = u16::try_from(entries.len())
        .map_err(|_| Error::msg("too many files for the kit's ZIP file"))?;
    let directory_at = u32::try_from(out.len())
        .map_err(|_| Error::msg("the kit is too large for its ZIP file"))?;
    let directory_size = directory.len() as u32;
    out.extend(directory);
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, directory_size);
    put32(&mut out, directory_at);
    put16(&mut out, 0); // no comment
    Ok(out)
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>> {
    let fail = |e: std::io::Error| Error::msg(format!("cannot compress the kit's ZIP file: {e}"));
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes).map_err(fail)?;
    encoder.finish().map_err(fail)
}

/// MS-DOS time and date: midnight of `date`.
fn dos_time(date: Date) -> (u16, u16) {
    let year = (date.year() - 1980).clamp(0, 127) as u16;
    (0, (year << 9) | (u16::from(u8::from(date.month())) << 5) | u16::from(date.day()))
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend(value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend(value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn the_same_files_give_the_same_bytes_and_unzip_to_themselves() {
        let a =
            OutputFile { path: PathBuf::from("nb/plan.pdf"), bytes: b"%PDF-1.7 plan".repeat(50) };
        let b =
            OutputFile { path: PathBuf::from("index.html"), bytes: "Åse ø".as_bytes().to_vec() };
        let date = time::macros::date!(2027 - 01 - 04);
        let zipped = zip(&[&a, &b], date).unwrap();
        assert_eq!(zipped, zip(&[&b, &a], date).unwrap(), "order of input does not matter");
        // Read it back: the central directory's entries and their data.
        let end = zipped.len() - 22;
        assert_eq!(&zipped[end..end + 4], &0x0605_4b50u32.to_le_bytes());
        let count = u16::from_le_bytes([zipped[end + 10], zipped[end + 11]]);
        assert_eq!(count, 2);
        let first = &zipped[..];
        assert_eq!(&first[..4], &0x0403_4b50u32.to_le_bytes());
        let name_len = u16::from_le_bytes([first[26], first[27]]) as usize;
        assert_eq!(&first[30..30 + name_len], b"index.html", "sorted by path");
        let packed_len = u32::from_le_bytes(first[18..22].try_into().unwrap()) as usize;
        let mut inflated = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::DeflateDecoder::new(
                &first[30 + name_len..30 + name_len + packed_len],
            ),
            &mut inflated,
        )
        .unwrap();
        assert_eq!(inflated, b.bytes);
    }
}
