//! A page's content stream compressed once for every copy, with holes.

use std::io::Write as _;
use std::ops::Range;

use flate2::{Compress, Compression, FlushCompress, Status};

/// A content stream cut around some ranges, with everything outside them
/// compressed once. Each piece is raw deflate ending in a sync flush, so
/// pieces made apart join into one valid stream; what goes into the
/// ranges is added per copy as stored (uncompressed) deflate blocks.
pub struct Segments {
    /// The zlib header the stream starts with.
    header: [u8; 2],
    /// The compressed pieces around the ranges, one more than the ranges.
    pieces: Vec<Vec<u8>>,
    /// The plain pieces, for the checksum.
    plain: Vec<Vec<u8>>,
}

impl Segments {
    /// `content` cut at `holes` (in order, not overlapping).
    pub fn new(content: &[u8], holes: &[Range<usize>]) -> Option<Segments> {
        let mut plain = Vec::new();
        let mut at = 0;
        for hole in holes {
            plain.push(content.get(at..hole.start)?.to_vec());
            at = hole.end;
        }
        plain.push(content.get(at..)?.to_vec());
        let last = plain.len() - 1;
        let pieces = plain
            .iter()
            .enumerate()
            .map(|(i, piece)| deflate_raw(piece, i == last))
            .collect::<Option<Vec<_>>>()?;
        Some(Segments { header: [0x78, 0x9c], pieces, plain })
    }

    /// The zlib stream of the content with `fills` in the holes.
    pub fn join(&self, fills: &[Vec<u8>]) -> Option<Vec<u8>> {
        if fills.len() + 1 != self.pieces.len() {
            return None;
        }
        let size = self.pieces.iter().map(Vec::len).sum::<usize>()
            + fills.iter().map(|f| f.len() + 5 * (f.len() / 0xffff + 1)).sum::<usize>();
        let mut out = Vec::with_capacity(size + 6);
        out.extend_from_slice(&self.header);
        let mut checksum = Adler32::default();
        for (i, piece) in self.pieces.iter().enumerate() {
            out.extend_from_slice(piece);
            checksum.update(&self.plain[i]);
            if let Some(fill) = fills.get(i) {
                stored_blocks(fill, &mut out);
                checksum.update(fill);
            }
        }
        out.extend_from_slice(&checksum.finish().to_be_bytes());
        Some(out)
    }
}

/// `data` as raw deflate: ended by a sync flush (byte-aligned, not
/// final), or as the final block when `last`.
fn deflate_raw(data: &[u8], last: bool) -> Option<Vec<u8>> {
    let mut compress = Compress::new(Compression::default(), false);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    let flush = if last { FlushCompress::Finish } else { FlushCompress::Sync };
    loop {
        let read = usize::try_from(compress.total_in()).ok()?;
        out.reserve(1024);
        let status = compress.compress_vec(&data[read..], &mut out, flush).ok()?;
        let done_reading = usize::try_from(compress.total_in()).ok()? == data.len();
        match status {
            Status::StreamEnd => break,
            _ if !last && done_reading && out.capacity() > out.len() => break,
            _ => {}
        }
    }
    Some(out)
}

/// `data` as stored deflate blocks, none of them final.
fn stored_blocks(data: &[u8], out: &mut Vec<u8>) {
    for chunk in data.chunks(0xffff) {
        let len = chunk.len() as u16;
        out.push(0);
        let _ = out.write_all(&len.to_le_bytes());
        let _ = out.write_all(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
}

/// The zlib checksum.
struct Adler32 {
    a: u32,
    b: u32,
}

impl Default for Adler32 {
    fn default() -> Self {
        Adler32 { a: 1, b: 0 }
    }
}

impl Adler32 {
    const MOD: u32 = 65521;
    /// The most bytes before the sums must be reduced.
    const NMAX: usize = 5552;

    fn update(&mut self, data: &[u8]) {
        for chunk in data.chunks(Self::NMAX) {
            for &byte in chunk {
                self.a += u32::from(byte);
                self.b += self.a;
            }
            self.a %= Self::MOD;
            self.b %= Self::MOD;
        }
    }

    fn finish(&self) -> u32 {
        self.b << 16 | self.a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn pieces_compressed_apart_inflate_as_one_stream() {
        let content: Vec<u8> =
            (0..20_000u32).flat_map(|i| format!("{i} 0 m ").into_bytes()).collect();
        let holes = [100..120, 5_000..5_003, 19_000..19_000];
        let segments = Segments::new(&content, &holes).unwrap();
        let fills = vec![b"first".to_vec(), vec![7u8; 70_000], Vec::new()];
        let joined = segments.join(&fills).unwrap();
        let mut plain = Vec::new();
        flate2::read::ZlibDecoder::new(&joined[..]).read_to_end(&mut plain).unwrap();
        let mut expected = content[..100].to_vec();
        expected.extend_from_slice(b"first");
        expected.extend_from_slice(&content[120..5_000]);
        expected.extend_from_slice(&fills[1]);
        expected.extend_from_slice(&content[5_003..19_000]);
        expected.extend_from_slice(&content[19_000..]);
        assert!(plain == expected);
    }
}
